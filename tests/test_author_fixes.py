"""Feedback from a new author: repeated text across banks, the comma hint, questions read
by a failed file, and `bank validate --watch`."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from watchfiles import Change

from po_exam.banks.discovery import discover_banks, load_all
from po_exam.cli_bank import validate_once, watch_loop
from po_exam.ui.screens.home import repeated_text_notices


def po_exam(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "po_exam", *args], capture_output=True, text=True, timeout=60
    )


@pytest.fixture
def copied(tmp_path: Path, starter_text: str) -> tuple[Path, Path]:
    """The starter bank, and a copy of it under a new id (its three questions repeated)."""
    first = tmp_path / "first.yaml"
    first.write_text(starter_text, encoding="utf-8")
    copy = tmp_path / "copy.yaml"
    copy.write_text(re.sub(r"id: my-bank", "id: my-copy", starter_text, count=1), encoding="utf-8")
    assert "my-copy" in copy.read_text()
    return first, copy


def _id_line(path: Path, qid: str) -> int:
    lines = path.read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if re.search(rf"id: {qid}\b", line))


def test_validate_warns_of_text_repeated_across_files_naming_both(copied) -> None:
    first, copy = copied
    run = po_exam("bank", "validate", str(first), str(copy))
    assert run.returncode == 0, run.stderr
    warnings = [line for line in run.stdout.splitlines() if "same text as question" in line]
    assert len(warnings) == 3
    qid = "my-001"
    line = _id_line(copy, qid)
    assert warnings[0] == (
        f"{copy}:{line}:1: warning: question {qid}: same text as question {qid} of bank"
        f" my-bank ({first}:{_id_line(first, qid)}); one attempt could ask both"
    )
    assert run.stdout.rstrip().endswith("OK: 2 files, 6 questions, 0 errors, 3 warnings")
    assert po_exam("bank", "validate", str(first)).stdout.rstrip().endswith("0 warnings")


def test_discovery_warns_too_and_home_says_so_naming_both_banks(copied) -> None:
    first, copy = copied
    results = discover_banks([first, copy], builtin=False, user=False)
    assert [len(r.warnings) for r in results] == [0, 3]
    assert all(r.ok for r in results)  # a warning: both banks still load
    [notice] = repeated_text_notices(results)
    assert notice.startswith(
        "My practice bank: 3 questions repeat another bank's text (question my-001: same text"
        " as question my-001 of bank my-bank ("
    )
    assert notice.endswith("po-exam bank validate lists them)")
    # One bank repeating itself is the bank rules' warning, not this one.
    assert [len(r.warnings) for r in load_all([(first, "explicit")])] == [0]


def test_a_comma_in_a_flow_mapping_suggests_quoting(tmp_path: Path, starter_text: str) -> None:
    bank = tmp_path / "comma.yaml"
    bank.write_text(
        starter_text.replace("{text: The Developers}", "{text: The Developers, alone}", 1),
        encoding="utf-8",
    )
    run = po_exam("bank", "validate", str(bank))
    assert run.returncode == 1
    assert (
        "unknown field 'alone': a comma inside {...} ends the text before it;"
        ' quote the whole text, e.g. {text: "..., alone"}' in run.stderr
    ), run.stderr


def test_a_failed_file_reports_the_questions_it_read(tmp_path: Path, starter_text: str) -> None:
    bank = tmp_path / "broken.yaml"
    bank.write_text(starter_text.replace("type: single", "type: singel", 1), encoding="utf-8")
    run = po_exam("bank", "validate", str(bank))
    assert run.returncode == 1
    assert f"{bank}: not loaded; 3 questions read (fix the errors above to use them)" in run.stderr
    assert "FAILED: 1 file, 3 questions, 1 error" in run.stdout


def test_watch_validates_again_on_each_change_to_a_bank_file(
    tmp_path: Path, starter_text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    bank = tmp_path / "bank.yaml"
    bank.write_text(starter_text, encoding="utf-8")
    outcomes: list[bool] = []

    def run() -> bool:
        failed = validate_once([tmp_path], False, "text")
        outcomes.append(failed)
        return failed

    def events():  # what watchfiles yields, one batch per save
        bank.write_text(starter_text.replace("type: single", "type: singel", 1), encoding="utf-8")
        yield {(Change.modified, str(bank))}
        yield {(Change.added, str(tmp_path / "notes.txt"))}  # not a bank: ignored
        bank.write_text(starter_text, encoding="utf-8")
        yield {(Change.modified, str(bank)), (Change.modified, str(bank))}

    assert watch_loop(run, events()) == 3
    assert outcomes == [False, True, False]
    out, err = capsys.readouterr()
    assert out.count("OK: 1 file, 3 questions") == 2 and "FAILED: 1 file" in out
    assert err.count("── bank.yaml changed; validating again") == 2
    assert "Watching for changes; Ctrl+C stops." in err
