"""SQLite's integrity check, reached once per state of a file (po_exam/store/integrity.py)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from po_exam.store import integrity

pytestmark = pytest.mark.sqlite_only


@pytest.fixture(autouse=True)
def _fresh() -> None:
    integrity.forget()


def _database(path: Path) -> Path:
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE t (x TEXT)")
        connection.executemany("INSERT INTO t VALUES (?)", [("x" * 500,)] * 200)
    return path


def _counting_connect(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    opened: list[str] = []
    real = sqlite3.connect

    def connect(database: str, *args: object, **kwargs: object) -> sqlite3.Connection:
        opened.append(database)
        return real(database, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(integrity.sqlite3, "connect", connect)
    return opened


def test_an_unchanged_file_is_checked_once(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = _database(tmp_path / "h.sqlite3")
    opened = _counting_connect(monkeypatch)
    assert integrity.quick_check(path) == "ok"
    assert integrity.quick_check(path) == "ok"
    assert len(opened) == 1 and opened[0].endswith("?mode=ro")


def test_a_file_changed_since_is_checked_again_and_damage_is_seen(tmp_path: Path) -> None:
    path = _database(tmp_path / "h.sqlite3")
    before = path.read_bytes()
    assert integrity.quick_check(path) == "ok"
    assert path.read_bytes() == before  # read-only
    damaged = bytearray(before)
    page = 4096
    damaged[2 * page : 3 * page] = b"\xff" * page  # a table page overwritten in place
    path.write_bytes(bytes(damaged))
    os.utime(path, ns=(1, 1))  # even an old modification time is a different state
    try:
        verdict = integrity.quick_check(path)
    except sqlite3.DatabaseError:
        verdict = "unreadable"
    assert verdict != "ok"


def test_a_write_ahead_log_is_part_of_the_state(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = _database(tmp_path / "h.sqlite3")
    opened = _counting_connect(monkeypatch)
    integrity.quick_check(path)
    Path(f"{path}-wal").write_bytes(b"")  # a log appears beside it: not the state checked
    integrity.quick_check(path)
    assert len(opened) == 2


def test_a_file_over_the_cap_is_not_read(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = _database(tmp_path / "h.sqlite3")
    damaged = bytearray(path.read_bytes())
    damaged[2 * 4096 : 3 * 4096] = b"\xff" * 4096
    path.write_bytes(bytes(damaged))
    opened = _counting_connect(monkeypatch)
    monkeypatch.setattr(integrity, "QUICK_CHECK_MAX_BYTES", len(damaged) - 1)
    assert integrity.quick_check(path) == "ok" and opened == []  # the store's policy
    monkeypatch.setattr(integrity, "QUICK_CHECK_MAX_BYTES", len(damaged))
    try:
        verdict = integrity.quick_check(path)
    except sqlite3.DatabaseError:
        verdict = "unreadable"
    assert verdict != "ok" and len(opened) == 1
