"""`po-exam bank lint`, run as a real subprocess: exit codes, overrides and the JSON report."""

from __future__ import annotations

import json
from pathlib import Path

from test_bank_lint import NEUTRAL, single, true_false, write_bank
from test_cli_bank import po_exam

CLEAN = [single("a", NEUTRAL), true_false("b", True), true_false("c", False)]
"""A bank no strategy beats chance on and with nothing to report."""
GIVEAWAY = [
    single("a", ["It depends", "Always", "Never", "Only on Monday"]),
    true_false("b", False),
    true_false("c", False),
]
"""The key avoids absolute words, the shortest option is never right, and nothing is true."""


def test_a_clean_bank_exits_zero(tmp_path: Path) -> None:
    run = po_exam("bank", "lint", str(write_bank(tmp_path, CLEAN)))
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.startswith("Test-wiseness lint of 1 file: 3 questions (1 single")
    assert "reference scrum-guide-2020.md" in run.stdout
    assert run.stdout.rstrip().endswith("OK: 0 thresholds crossed, 0 findings")


def test_a_crossed_threshold_exits_one_and_says_which(tmp_path: Path) -> None:
    bank = write_bank(tmp_path, GIVEAWAY)
    run = po_exam("bank", "lint", str(bank))
    assert run.returncode == 1
    lines = run.stdout.splitlines()
    assert f"{bank}:9:3: lint: every distractor has an absolute word" in run.stdout
    assert any(line.startswith("avoid-absolute ") and line.endswith("FAIL") for line in lines)
    assert (
        "threshold crossed: 0.0 % of true/false questions are keyed true (allowed 40–60 %)" in lines
    )
    assert lines[-1].startswith("FAILED: 5 thresholds crossed, 1 finding (1 absolute-only-key)")


def test_thresholds_are_overridable(tmp_path: Path) -> None:
    bank = str(write_bank(tmp_path, GIVEAWAY))
    run = po_exam(
        "bank",
        "lint",
        bank,
        "--max-over-chance",
        "100",
        "--max-under-chance",
        "100",
        "--true-share",
        "0:60",
        "--absolute-tells",
        "1",
    )
    assert run.returncode == 0, run.stdout
    strict = po_exam("bank", "lint", bank, "--max-over-chance", "100", "--strict")
    assert strict.returncode == 1
    assert "(--strict: every finding fails)" in strict.stdout


def test_unreadable_input_exits_two(tmp_path: Path) -> None:
    good = write_bank(tmp_path, CLEAN)
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: 1\nbank: [\n", encoding="utf-8")
    run = po_exam("bank", "lint", str(good), str(broken))
    assert run.returncode == 2
    assert f"{broken}:3:1: error: YAML syntax error" in run.stderr
    assert "(not linted)" in run.stderr
    latin1 = tmp_path / "guide.txt"
    latin1.write_bytes("Caf\xe9".encode("latin-1"))
    bad_reference = po_exam("bank", "lint", str(good), "--reference", str(latin1))
    assert bad_reference.returncode == 2
    assert f"{latin1}: cannot read the reference: not UTF-8 text" in bad_reference.stderr
    assert (
        po_exam("bank", "lint", str(good), "--reference", str(tmp_path / "no.md")).returncode == 2
    )
    assert po_exam("bank", "lint", str(good), "--true-share", "60:40").returncode == 2
    assert po_exam("bank", "lint", str(tmp_path / "missing.yaml")).returncode == 2


def test_reference_option_replaces_the_scrum_guide(tmp_path: Path) -> None:
    guide = tmp_path / "house-rules.md"
    guide.write_text("<!-- our handbook -->\nEvery release is approved by the product council.\n")
    options = [
        "Approved by the product council",
        "Kiwi plum pear lime fig",
        "Plum kiwi lime pear fig",
    ]
    bank = str(write_bank(tmp_path, [single("a", options)]))
    run = po_exam("bank", "lint", bank, "--reference", str(guide), "--format", "json")
    report = json.loads(run.stdout)
    assert report["reference"] == {"name": "house-rules.md", "words": 8}
    assert [f["rule"] for f in report["findings"]] == ["echo-only-key"]
    default = json.loads(po_exam("bank", "lint", bank, "--format", "json").stdout)
    assert default["findings"] == []


def test_json_report_has_every_figure_and_finding(tmp_path: Path) -> None:
    bank = write_bank(tmp_path, GIVEAWAY)
    run = po_exam("bank", "lint", "--format", "json", str(bank))
    assert run.returncode == 1
    report = json.loads(run.stdout)
    assert set(report) == {
        "files",
        "unreadable",
        "reference",
        "questions",
        "types",
        "thresholds",
        "strategies",
        "true_share",
        "findings",
        "failures",
        "ok",
    }
    assert report["files"] == [str(bank)]
    assert report["unreadable"] == []
    assert report["reference"]["name"] == "scrum-guide-2020.md"
    assert report["reference"]["words"] > 3000
    assert report["questions"] == 3
    assert report["types"] == {"single": 1, "multiple": 0, "true_false": 2, "essay": 0}
    assert report["thresholds"] == {
        "max_over_chance": 8.0,
        "max_under_chance": 8.0,
        "true_share": [40.0, 60.0],
        "absolute_tells": 0,
        "strict": False,
    }
    assert [s["name"] for s in report["strategies"]] == [
        "repeat-reference",
        "shortest",
        "longest",
        "avoid-absolute",
        "avoid-reason",
        "always-true",
        "always-false",
        "absolute-means-false",
        "choose-n-longest",
    ]
    avoid = report["strategies"][3]
    assert avoid == {
        "name": "avoid-absolute",
        "description": avoid["description"],
        "type": "single",
        "questions": 1,
        "decisive": 1,
        "score": 100.0,
        "chance": 25.0,
        "difference": 75.0,
        "gate": "chance",
    }
    assert isinstance(avoid["description"], str) and avoid["description"]
    assert [s["gate"] for s in report["strategies"]] == [
        *["chance"] * 5,
        "true-share",
        "true-share",
        None,
        None,
    ]
    assert report["true_share"] == 0.0
    assert report["findings"] == [
        {
            "file": str(bank),
            "line": 9,
            "column": 3,
            "rule": "absolute-only-key",
            "question": "a",
            "message": "every distractor has an absolute word "
            "(all/always/cannot/every/must/never/none/only) and the key has none",
        }
    ]
    assert len(report["failures"]) == 5 and all(isinstance(f, str) for f in report["failures"])
    assert report["ok"] is False
