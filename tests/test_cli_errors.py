"""Bad command lines and failing outputs: a clear message and a non-zero exit, never a
traceback (issue 15)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from po_exam.store.db import open_store


def po_exam(*args: str, close_stdout: bool = False) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "po_exam", *args]
    if close_stdout:
        command = ["sh", "-c", 'exec "$@" >&-', "sh", *command]
    return subprocess.run(
        command,
        capture_output=not close_stdout,
        stderr=subprocess.PIPE if close_stdout else None,
        text=True,
        timeout=60,
    )


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PO_EXAM_DATA_DIR", str(tmp_path / "data"))
    path = tmp_path / "h.db"
    open_store(str(path)).close()
    return path


def _fails(run: subprocess.CompletedProcess[str], message: str) -> None:
    assert run.returncode == 1, run.stderr
    assert message in run.stderr
    assert "Traceback" not in run.stderr


def test_export_to_a_missing_folder(database: Path) -> None:
    run = po_exam("export", "--db", str(database), "-o", "/nonexistent/dir/x.csv")
    _fails(run, "cannot write /nonexistent/dir/x.csv: No such file or directory")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_export_to_a_full_disk(database: Path) -> None:
    _fails(
        po_exam("export", "--db", str(database), "-o", "/dev/full"),
        "cannot write /dev/full: No space left on device",
    )


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("://x", "Cannot use the database ://x: not a database path or URL"),
        ("postgresql://h:notaport/x", "not a database path or URL (invalid literal for int()"),
    ],
)
def test_urls_that_cannot_be_parsed(database: Path, url: str, message: str) -> None:
    for command in ("history", "export"):
        _fails(po_exam(command, "--db", url), message)


def test_a_bad_option_in_a_sqlite_url(database: Path) -> None:
    _fails(
        po_exam("history", "--db", f"sqlite:///{database}?timeout=abc"),
        "an option in its URL is wrong (could not convert string to float: 'abc')",
    )


def test_commands_with_standard_output_closed(database: Path, tmp_path: Path) -> None:
    _fails(
        po_exam("export", "--db", str(database), close_stdout=True),
        "standard output is closed: give a file with -o FILE",
    )
    _fails(
        po_exam("history", "--db", str(database), close_stdout=True),
        "standard output is closed",
    )
    written = po_exam(
        "export", "--db", str(database), "-o", str(tmp_path / "o.csv"), close_stdout=True
    )
    assert written.returncode == 0 and (tmp_path / "o.csv").read_text().startswith("id,mode")


def test_a_path_with_markup_or_escapes_in_db_is_a_plain_message(tmp_path: Path) -> None:
    path = tmp_path / "x[" / "]y\x1b[2J.db"
    path.parent.mkdir()
    path.write_bytes(b"junk" * 100)
    run = po_exam("history", "--db", str(path))
    _fails(run, "x[/]y\\x1b[2J.db: it is not a po-exam database")
    assert "\x1b" not in run.stderr


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("pspo1", "pspo1"),
        ("", ""),
        (-3, -3),  # a number, not text: left alone
        (-2.5, -2.5),
        (None, ""),
        (True, True),
    ],
)
def test_csv_cells_a_spreadsheet_would_run_are_neutralised(value: object, cell: object) -> None:
    from po_exam.cli_history import spreadsheet_cell

    assert spreadsheet_cell(value) == cell


def test_export_neutralises_formulas_from_a_shared_database(database: Path) -> None:
    import csv
    import io
    import sqlite3

    from exam_helpers import T0
    from store_helpers import sit

    from po_exam.exam.clock import FakeClock

    clock = FakeClock(T0)
    with open_store(str(database), clock=clock) as store:
        sit(store, clock, right=3)
    raw = sqlite3.connect(database)
    raw.execute("""UPDATE attempt SET mode = '=cmd|'' /C calc''!A0', seed = -42""")
    raw.commit()
    raw.close()
    run = po_exam("export", "--db", str(database))
    assert run.returncode == 0, run.stderr
    [row] = list(csv.DictReader(io.StringIO(run.stdout)))
    assert row["mode"] == "'=cmd|' /C calc'!A0"
    assert row["seed"] == "-42"
