"""`po-exam bank items`, `history rescore` and `disputes list|export`, run in a subprocess."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from author_helpers import small_bank, take
from exam_helpers import T0, question
from store_helpers import tmp_store

from po_exam.exam.clock import FakeClock
from po_exam.exam.versions import question_hash


def po_exam(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the po-exam command."""
    return subprocess.run(
        [sys.executable, "-m", "po_exam", *args], capture_output=True, text=True, timeout=60
    )


def write_bank(path: Path, key_q1: str = "A") -> Path:
    """The `small_bank` of five questions as a file, q1 keyed on `key_q1`."""
    questions = [question(f"q{n}", "events") for n in range(5)]
    index = "ABCD".index(key_q1)
    for i, option in enumerate(questions[1]["options"]):
        option["correct"] = i == index
    data = {
        "format": 1,
        "bank": {"id": "items", "title": "Bank items"},
        "topics": {"events": {"title": "Events"}},
        "questions": questions,
    }
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def sat(tmp_path) -> tuple[Path, Path]:
    """A bank file and a database where 24 attempts answered it (q1 always B, keyed A)."""
    clock = FakeClock(T0)
    bank = small_bank()
    with tmp_store(tmp_path, clock) as store:
        for k in range(24):
            take(store, clock, bank, {"q0": "A", "q1": "B", "q2": "A" if k % 2 else "C"}, seed=k)
        store.add_dispute(
            bank_id="items",
            question_id="q1",
            content_hash=question_hash(bank.questions[1]),
            attempt_id=1,
            question="Question q1?",
            choice=["q1 B"],
            key=["q1 A"],
            argument="The guide says B.\nSee 'Product Backlog'.",
        )
    return write_bank(tmp_path / "items.yaml"), tmp_path / "attempts.sqlite3"


def test_bank_items_text_shows_figures_picks_flags_and_disputes(sat) -> None:
    bank, db = sat
    done = po_exam("bank", "items", str(bank), "--db", str(db))
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.splitlines()[0] == "items — Bank items"
    assert "  q1  asked 24 · 0 % right · discrimination n/a · ⚑ 1 open dispute" in out
    assert "      B         24 picked (12 by the top third)  q1 B" in out
    assert "flags: too hard (under 25 % right); a distractor nobody picks; possible mis-key" in out
    assert "  q2  asked 24 · 50 % right · discrimination" in out
    assert out.rstrip().endswith("5 questions, 5 with at least 20 answers.")
    flagged = po_exam("bank", "items", str(bank), "--db", str(db), "--flagged")
    assert flagged.stdout.rstrip().endswith("5 questions, 5 with at least 20 answers, 5 flagged.")


def test_bank_items_csv_and_json_carry_every_figure(sat) -> None:
    bank, db = sat
    done = po_exam("bank", "items", str(bank), "--db", str(db), "--format", "csv")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert list(rows[1]) == [
        "bank",
        "question",
        "asked",
        "blank",
        "right",
        "difficulty",
        "discrimination",
        "key",
        "picks",
        "top_third_picks",
        "open_disputes",
        "flags",
        "text",
    ]
    assert rows[1] == {
        "bank": "items",
        "question": "q1",
        "asked": "24",
        "blank": "0",
        "right": "0",
        "difficulty": "0.0",
        "discrimination": "",
        "key": "A",
        "picks": "A=0 B=24 C=0 D=0",
        "top_third_picks": "A=0 B=12 C=0 D=0",
        "open_disputes": "1",
        "flags": "too-hard unused-distractor possible-mis-key disputed",
        "text": "Question q1?",
    }
    data = json.loads(
        po_exam("bank", "items", str(bank), "--db", str(db), "--format", "json").stdout
    )
    assert [d["question"] for d in data] == ["q0", "q1", "q2", "q3", "q4"]
    assert set(data[2]) == {
        "bank",
        "question",
        "text",
        "asked",
        "blank",
        "right",
        "difficulty",
        "discrimination",
        "options",
        "open_disputes",
        "flags",
    }
    assert data[3]["blank"] == 24 and data[3]["options"][0] == {
        "text": "q3 A",
        "key": True,
        "picks": 0,
        "top_third_picks": 0,
    }


def test_bank_items_on_a_broken_bank_or_database_fails_with_a_message(sat, tmp_path) -> None:
    _bank, db = sat
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: 1\n", encoding="utf-8")
    done = po_exam("bank", "items", str(broken), "--db", str(db))
    assert done.returncode == 1 and "not loaded" in done.stderr and "Traceback" not in done.stderr
    other = tmp_path / "other.db"
    other.write_bytes(b"not a database at all" * 10)
    done = po_exam("bank", "items", str(_bank), "--db", str(other))
    assert done.returncode == 1 and "Traceback" not in done.stderr


def test_history_rescore_lists_then_regrades_keeping_the_original(sat, tmp_path) -> None:
    bank, db = sat
    write_bank(bank, key_q1="B")  # the author re-keys q1
    dry = po_exam("--bank", str(bank), "history", "rescore", "--dry-run", "--db", str(db))
    assert dry.returncode == 0, dry.stderr
    assert (
        "attempt 1, question" in dry.stdout and "(items/q1): graded wrong, now right" in dry.stdout
    )
    assert dry.stdout.rstrip().endswith("24 answers would change; nothing was written (--dry-run).")
    done = po_exam("history", "rescore", "--bank", str(bank), "--db", str(db))
    assert done.returncode == 0, done.stderr
    assert "attempt 1: 1/5 failed as submitted, 2/5 failed against the current keys" in done.stdout
    assert "Re-graded 24 answers in 24 attempts" in done.stdout
    again = po_exam("history", "rescore", "--bank", str(bank), "--db", str(db))
    assert "Nothing to re-grade" in again.stdout
    table = po_exam("history", "--db", str(db), "--limit", "1")
    # The table fits the terminal, so a long score may wrap within its cell.
    assert "2/5 40 % → 3/5" in table.stdout and "re-graded" in table.stdout


def test_disputes_list_and_export_yaml_and_json(sat, tmp_path) -> None:
    _bank, db = sat
    listed = po_exam("disputes", "list", "--db", str(db))
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert lines[0].startswith("#1 items/q1 (version ") and "· open ·" in lines[0]
    assert lines[1:6] == [
        "    Question q1?",
        "    chose: q1 B",
        "    key:   q1 A",
        "    > The guide says B.",
        "    > See 'Product Backlog'.",
    ]
    expected = {
        "id": 1,
        "bank": "items",
        "question": "q1",
        "content_hash": question_hash(small_bank().questions[1]),
        "attempt": 1,
        "status": "open",
        "created_at": T0.isoformat().replace("+00:00", "+00:00"),
        "question_text": "Question q1?",
        "choice": ["q1 B"],
        "key": ["q1 A"],
        "argument": "The guide says B.\nSee 'Product Backlog'.",
    }
    as_yaml = po_exam("disputes", "export", "--db", str(db))
    assert as_yaml.returncode == 0, as_yaml.stderr
    found = yaml.safe_load(as_yaml.stdout)["disputes"][0]
    assert set(found) == set(expected)
    assert {k: v for k, v in found.items() if k != "created_at"} == {
        k: v for k, v in expected.items() if k != "created_at"
    }
    out = tmp_path / "disputes.json"
    done = po_exam("disputes", "export", "--format", "json", "-o", str(out), "--db", str(db))
    assert done.returncode == 0 and "Wrote 1 dispute to" in done.stderr
    assert json.loads(out.read_text())["disputes"][0]["argument"] == expected["argument"]
    none = po_exam("disputes", "list", "--bank", "nope", "--db", str(db))
    assert none.stdout.strip() == "No open disputes."
