"""Databases that are not po-exam's, damaged or mismatched are refused and left byte for byte
as they were; read-only commands never change a database (issue 15)."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from exam_helpers import T0
from store_helpers import sit

from po_exam.exam.clock import FakeClock
from po_exam.store import schema
from po_exam.store.db import StoreError, open_store
from po_exam.store.schema import schema_version_target


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def po_exam(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "po_exam", *args], capture_output=True, text=True, timeout=60
    )


def raw_db(path: Path, *statements: str) -> Path:
    connection = sqlite3.connect(path)
    for statement in statements:
        connection.execute(statement)
    connection.commit()
    connection.close()
    return path


@pytest.fixture
def healthy(tmp_path: Path) -> Path:
    """A po-exam database with two finished attempts, closed cleanly."""
    path = tmp_path / "po.sqlite3"
    clock = FakeClock(T0)
    with open_store(str(path), clock=clock) as store:
        sit(store, clock, right=40)
        sit(store, clock, right=10)
    return path


def _refused(path: Path, match: str, *, read_only: bool = False) -> str:
    before = digest(path)
    with pytest.raises(StoreError, match=match) as raised:
        open_store(str(path), read_only=read_only)
    assert digest(path) == before, "the file was changed"
    return str(raised.value)


@pytest.mark.parametrize("read_only", [False, True])
def test_another_applications_database_is_refused_untouched(
    tmp_path: Path, read_only: bool
) -> None:
    path = raw_db(tmp_path / "other.db", "CREATE TABLE notes (id INTEGER, body TEXT)")
    message = _refused(path, "another application's database", read_only=read_only)
    assert "tables: notes" in message and "left untouched" in message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]


def test_a_foreign_version_number_is_not_mistaken_for_a_newer_po_exam(tmp_path: Path) -> None:
    from po_exam.store.schema import schema_version_target

    newer = schema_version_target() + 1  # a number po-exam could write one day
    path = raw_db(tmp_path / "other.db", "CREATE TABLE t (x)", f"PRAGMA user_version = {newer}")
    message = _refused(path, "not a po-exam database")
    assert f"version number is {newer}" in message and "Update po-exam" not in message
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone() == ("delete",)


def test_a_newer_po_exam_database_is_refused_untouched(healthy: Path) -> None:
    raw_db(healthy, "PRAGMA user_version = 99")
    assert "Update po-exam" in _refused(healthy, "schema version 99 is newer")


def test_a_database_with_damaged_pages_is_refused_untouched(healthy: Path) -> None:
    data = bytearray(healthy.read_bytes())
    page = 4096
    assert len(data) >= 4 * page
    data[2 * page : 3 * page] = b"\xde\xad\xbe\xef" * (page // 4)  # a b-tree page, not the header
    healthy.write_bytes(bytes(data))
    message = _refused(healthy, "damaged")
    assert str(healthy) in message


@pytest.mark.parametrize("version", [0, 1])
def test_tables_that_do_not_match_the_version_are_refused_untouched(
    tmp_path: Path, version: int
) -> None:
    path = tmp_path / "half.db"
    open_store(str(path)).close()
    raw_db(
        path,
        "ALTER TABLE attempt DROP COLUMN seconds_used",
        f"PRAGMA user_version = {version}",
    )
    message = _refused(path, "table attempt lacks the column seconds_used")
    assert "schema version 1" in message
    assert "seconds_used" in _refused(path, "lacks", read_only=True)


def test_an_upgrade_checks_the_tables_it_upgrades(
    healthy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw_db(healthy, "DROP TABLE review_card")
    ran: list[int] = []
    monkeypatch.setattr(schema, "UPGRADES", [*schema.UPGRADES, lambda connection: ran.append(1)])
    _refused(healthy, "lacks the table review_card")
    assert ran == []


def test_read_commands_refuse_an_empty_file_and_leave_it_empty(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.write_bytes(b"")
    for command in ("history", "export"):
        run = po_exam(command, "--db", str(path))
        assert run.returncode == 1
        assert "the file is empty (0 bytes)" in run.stderr and "Traceback" not in run.stderr
        assert path.read_bytes() == b""


def test_read_commands_never_change_a_healthy_database(healthy: Path, tmp_path: Path) -> None:
    before = digest(healthy)
    history = po_exam("history", "--db", str(healthy))
    exported = po_exam("export", "--db", str(healthy), "-o", str(tmp_path / "out.csv"))
    assert history.returncode == 0 and "Showing 1-2 of 2 attempts" in history.stdout
    assert exported.returncode == 0
    assert digest(healthy) == before


def test_read_only_opening_cannot_write(healthy: Path) -> None:
    clock = FakeClock(T0)
    with open_store(str(healthy), read_only=True, clock=clock) as store, pytest.raises(StoreError):
        sit(store, clock, right=5)


def test_a_missing_database_reads_as_empty_and_is_not_created(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "none.db"), read_only=True) as store:
        assert store.list_attempts() == []
    assert list(tmp_path.iterdir()) == []


def test_an_empty_file_may_become_a_new_database_for_writing(tmp_path: Path) -> None:
    path = tmp_path / "touched.db"
    path.write_bytes(b"")
    open_store(str(path)).close()
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone() == (
        schema_version_target(),
    )


def test_text_a_shared_database_slipped_control_characters_into_is_read_back_printable(
    healthy: Path,
) -> None:
    raw_db(
        healthy,
        "UPDATE asked_question SET text = 'Q' || char(27) || ']52;c;SU5K' || char(7)",
        "UPDATE asked_question SET topic_title = 'T' || char(27) || '[2J'",
        "UPDATE topic_total SET topic_title = 'T' || char(27) || '[2J'",  # what accuracy reads
        "UPDATE attempt SET mode = 'pspo2' || char(27) || '[2J'",
    )
    with open_store(str(healthy), read_only=True) as store:
        [first, *_] = store.list_attempts()
        detail = store.attempt_detail(first.id)
        accuracy = store.topic_accuracy()
    assert first.mode == "pspo2\\x1b[2J"
    assert detail.items[0].question.text == "Q\\x1b]52;c;SU5K\\x07"
    assert accuracy and {t.title for t in accuracy} == {"T\\x1b[2J"}
    history = po_exam("history", "--db", str(healthy))
    assert "\x1b" not in history.stdout and "pspo2\\x1b[2J" in history.stdout
