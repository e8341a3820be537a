"""`po-exam history` and `po-exam export`, run for real in a subprocess."""

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from exam_helpers import T0, make_bank
from store_helpers import begin, sit, tmp_store

from po_exam.cli import main
from po_exam.exam.clock import FakeClock

OTHER = make_bank("other", {"vision": 30})


def po_exam(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the po-exam command."""
    return subprocess.run(
        [sys.executable, "-m", "po_exam", *args], capture_output=True, text=True, timeout=60
    )


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> Path:
    """A database with a passed and a failed PSPO I, a custom attempt and an unfinished one."""
    folder = tmp_path_factory.mktemp("history")
    clock = FakeClock(T0)
    with tmp_store(folder, clock) as store:
        sit(store, clock, right=34)  # 1: passed
        sit(store, clock, right=20)  # 2: failed
        sit(store, clock, right=7, mode="custom", bank=OTHER, questions=10, pass_mark=70)  # 3
        begin(store, clock, "practice", questions=5)  # 4: unfinished
    return folder / "attempts.sqlite3"


def test_history_prints_a_table_newest_first(database) -> None:
    done = po_exam("history", "--db", str(database))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split()[:3] == ["ID", "Started", "(UTC)"]
    ids = [line.split()[0] for line in lines[2:6]]
    assert ids == ["4", "3", "2", "1"]
    assert "34/40 85 %" in done.stdout and "passed" in lines[5]
    assert "20/40 50 %" in lines[4] and "failed" in lines[4]
    assert "unfinished" in lines[2]
    assert "2026-03-02 09:00" in lines[5] and "10:00" in lines[5]
    assert "Showing 1-4 of 4 attempts." in done.stdout


def in_process(*args: str):
    """Run the po-exam command in this process (fast, for the many option combinations)."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_history_filters_and_limit(database) -> None:
    def ids(*options: str) -> list[str]:
        done = in_process("history", "--db", str(database), *options)
        assert done.exit_code == 0, done.output
        return [line.split()[0] for line in done.output.splitlines()[2:] if line[:1].isdigit()]

    assert ids("--passed") == ["3", "1"]
    assert ids("--failed") == ["2"]
    assert ids("--mode", "pspo2") == ["2", "1"]
    assert ids("--bank", "other") == ["3"]
    assert ids("--limit", "2") == ["4", "3"]
    assert ids("--limit", "2", "--offset", "2") == ["2", "1"]


def test_the_main_commands_db_option_is_honoured(database) -> None:
    done = in_process("--db", str(database), "history", "--limit", "1")
    assert done.exit_code == 0 and "Showing 1-1 of 4 attempts." in done.output


def test_an_empty_database_says_so(tmp_path) -> None:
    done = in_process("history", "--db", str(tmp_path / "empty.sqlite3"))
    assert done.exit_code == 0 and done.output.strip() == "No attempts yet."


def test_an_unknown_mode_is_a_usage_error(database) -> None:
    done = in_process("history", "--db", str(database), "--mode", "pspo9")
    assert done.exit_code == 2 and "choose one of pspo1" in done.output


def test_a_corrupt_database_fails_cleanly_and_is_left_alone(tmp_path) -> None:
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"not a database, not at all" * 10)
    done = po_exam("history", "--db", str(broken))
    assert done.returncode == 1
    assert str(broken) in done.stderr and "Traceback" not in done.stderr
    assert broken.read_bytes() == b"not a database, not at all" * 10


def test_export_csv_to_standard_output(database) -> None:
    done = po_exam("export", "--format", "csv", "--db", str(database))
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [row["id"] for row in rows] == ["4", "3", "2", "1"]
    first = rows[3]
    assert (first["mode"], first["banks"], first["correct"], first["total"]) == (
        "pspo2",
        "demo",
        "34",
        "40",
    )
    assert first["percent"] == "85.0" and first["passed"] == "True"
    assert first["started_at"] == "2026-03-02T09:00:00+00:00"
    assert rows[0]["finished_at"] == "" and rows[0]["passed"] == ""


def test_export_json_to_a_file_with_filters(database, tmp_path) -> None:
    target = tmp_path / "attempts.json"
    done = po_exam(
        "export", "--format", "json", "--output", str(target), "--failed", "--db", str(database)
    )
    assert done.returncode == 0, done.stderr
    assert "Wrote 1 attempt to" in done.stderr
    data = json.loads(target.read_text(encoding="utf-8"))
    assert len(data) == 1
    assert data[0]["id"] == 2 and data[0]["passed"] is False and data[0]["correct"] == 20
    assert data[0]["seconds_used"] == 600 and data[0]["seed"] == 1


def test_neither_command_imports_textual(database) -> None:
    code = (
        "import sys\n"
        "from po_exam.cli import main\n"
        f"main(['history', '--db', {str(database)!r}], standalone_mode=False)\n"
        f"main(['export', '--format', 'json', '--db', {str(database)!r}], standalone_mode=False)\n"
        "print('TEXTUAL' if 'textual' in sys.modules else 'NO-TEXTUAL')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "Showing 1-4 of 4" in done.stdout and '"mode": "pspo2"' in done.stdout
    assert done.stdout.strip().endswith("NO-TEXTUAL")


def test_help_does_not_import_the_database_layer() -> None:
    code = (
        "import sys\n"
        "from po_exam.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print([m for m in ('sqlalchemy', 'sqlmodel', 'textual') if m in sys.modules])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_reading_history_never_creates_a_database(tmp_path) -> None:
    missing = tmp_path / "not" / "there.sqlite3"
    for args in (["history"], ["export", "--format", "json"]):
        run = subprocess.run(
            [sys.executable, "-m", "po_exam", *args, "--db", str(missing)],
            capture_output=True,
            text=True,
        )
        assert run.returncode == 0, run.stderr
        assert "No attempts yet." in run.stdout or run.stdout.strip() == "[]"
    assert not missing.parent.exists()


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("notaurl://somewhere", "Cannot use the database notaurl://somewhere"),
        (
            "postgresql+nodriver://u:secret@h/db",
            "Cannot use the database postgresql+nodriver://u:***@h/db",
        ),
        ("mysql+nodriver://u@h/db", "Cannot use the database mysql+nodriver://u@h/db"),
    ],
)
def test_a_database_url_that_cannot_be_used_is_a_clear_error(url: str, words: str) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "po_exam", "history", "--db", url], capture_output=True, text=True
    )
    assert run.returncode == 1
    assert words in run.stderr
    assert "Traceback" not in run.stderr and "secret" not in run.stderr


def test_an_abandoned_attempt_is_listed_and_exported_as_abandoned(tmp_path) -> None:
    from po_exam.attempts import Attempts

    clock = FakeClock(T0)
    with tmp_store(tmp_path, clock) as store:
        attempt_id, _ = begin(store, clock, "practice", questions=5)
        clock.advance(60)
        Attempts(store, clock).abandon(attempt_id)
    database = str(tmp_path / "attempts.sqlite3")
    listed = in_process("history", "--db", database)
    assert "abandoned" in listed.output.splitlines()[2]
    exported = json.loads(in_process("export", "--format", "json", "--db", database).output)
    assert exported[0]["abandoned_at"] == "2026-03-02T09:01:00+00:00"
    assert exported[0]["passed"] is None and exported[0]["finished_at"] is None


def test_export_answers_writes_one_row_per_answer_with_every_column(tmp_path) -> None:
    from store_helpers import BANK

    from po_exam.attempts import Attempts
    from po_exam.cli_history import ANSWER_FIELDS, EXPORT_FIELDS
    from po_exam.exam.modes import plan_exam

    clock = FakeClock(T0)
    with tmp_store(tmp_path, clock) as store:
        attempts = Attempts(store, clock)
        live = attempts.start(plan_exam("practice", [BANK], seed=1, questions=3), [BANK])
        question = live.session.current
        for option in sorted(question.correct):
            live.choose(option)
        live.rate_certainty()
        live.rate_certainty()
        live.rate_certainty()
        assert live.save().saved
        clock.advance(42)
        live.goto(1)
        live.choose(next(o for o in range(4) if o not in live.session.current.correct))
        clock.advance(8)
        live.submit()
    database = str(tmp_path / "attempts.sqlite3")
    done = po_exam("export", "--answers", "--format", "csv", "--db", database)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert tuple(rows[0]) == ANSWER_FIELDS == (
        "attempt", "position", "bank", "question_id", "topic", "selection", "key",
        "correct", "seconds", "certainty", "answered_at",
    )  # fmt: skip
    assert len(rows) == 3
    letters = "".join("ABCD"[o] for o in sorted(question.correct))
    assert rows[0] == {
        "attempt": "1",
        "position": "1",
        "bank": "demo",
        "question_id": question.question_id,
        "topic": question.topic,
        "selection": letters,
        "key": letters,
        "correct": "True",
        "seconds": "42.0",
        "certainty": "high",
        "answered_at": "2026-03-02T09:00:00+00:00",
    }
    assert rows[1]["correct"] == "False" and rows[1]["seconds"] == "8.0"
    assert rows[1]["certainty"] == "" and rows[2]["selection"] == "" and rows[2]["seconds"] == ""
    target = tmp_path / "answers.json"
    done = po_exam("export", "--answers", "--format", "json", "-o", str(target), "--db", database)
    assert done.returncode == 0 and "Wrote 3 answers to" in done.stderr
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data[0]["position"] == 1 and data[0]["seconds"] == 42.0 and data[0]["correct"] is True
    plain = po_exam("export", "--format", "csv", "--db", database)
    assert tuple(next(csv.DictReader(io.StringIO(plain.stdout)))) == EXPORT_FIELDS
