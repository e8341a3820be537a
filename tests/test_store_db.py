"""Opening the database: safety settings, schema versions, and files it must never clobber."""

import sqlite3

import pytest
from exam_helpers import T0
from sqlalchemy import text

from po_exam.exam.clock import FakeClock
from po_exam.store import schema
from po_exam.store.db import StoreError, open_store


def _pragma(store, name: str):
    with store.engine.connect() as connection:
        return connection.exec_driver_sql(f"PRAGMA {name}").scalar()


def test_sqlite_runs_in_wal_with_a_busy_timeout_and_foreign_keys(tmp_path) -> None:
    with open_store(str(tmp_path / "a.sqlite3")) as store:
        assert _pragma(store, "journal_mode") == "wal"
        assert _pragma(store, "busy_timeout") >= 5000
        assert _pragma(store, "foreign_keys") == 1
        assert (
            _pragma(store, "user_version") == schema.schema_version_target() == len(schema.UPGRADES)
        )


def test_the_default_database_lives_in_the_data_folder(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("PO_EXAM_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("PO_EXAM_DB", raising=False)
    with open_store() as store:
        assert store.location == str(tmp_path / "data" / "po-exam.sqlite3")
    assert (tmp_path / "data" / "po-exam.sqlite3").is_file()


def test_any_sqlalchemy_url_works(tmp_path) -> None:
    url = f"sqlite+pysqlite:///{tmp_path / 'url.db'}"
    with open_store(url, clock=FakeClock(T0)) as store:
        assert store.list_attempts() == []
    assert (tmp_path / "url.db").is_file()


def test_an_older_database_is_upgraded_step_by_step(tmp_path, monkeypatch) -> None:
    path = tmp_path / "old.sqlite3"
    open_store(str(path)).close()

    def add_note_column(connection) -> None:
        connection.execute(text("ALTER TABLE attempt ADD COLUMN note TEXT"))

    released = len(schema.UPGRADES)
    monkeypatch.setattr(schema, "UPGRADES", [*schema.UPGRADES, add_note_column])
    open_store(str(path)).close()
    open_store(str(path)).close()  # already upgraded: the step does not run twice
    raw = sqlite3.connect(path)
    columns = [row[1] for row in raw.execute("PRAGMA table_info(attempt)")]
    version = raw.execute("PRAGMA user_version").fetchone()[0]
    raw.close()
    assert "note" in columns and version == released + 1


def test_a_database_from_a_newer_version_is_refused(tmp_path) -> None:
    path = tmp_path / "new.sqlite3"
    open_store(str(path)).close()
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA user_version = 99")
    raw.close()
    with pytest.raises(StoreError, match="newer"):
        open_store(str(path))


@pytest.mark.parametrize(
    "garbage",
    [b"this is not a database at all\n" * 40, b"\x00\xff" * 3000, b"x"],
)
def test_a_corrupt_file_is_reported_and_never_overwritten(tmp_path, garbage) -> None:
    path = tmp_path / "broken.sqlite3"
    path.write_bytes(garbage)
    with pytest.raises(StoreError) as raised:
        open_store(str(path))
    assert str(path) in str(raised.value)
    assert "left untouched" in str(raised.value)
    assert path.read_bytes() == garbage
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.sqlite3"]


def test_a_damaged_sqlite_file_is_reported_and_never_overwritten(tmp_path) -> None:
    path = tmp_path / "damaged.sqlite3"
    open_store(str(path)).close()
    damaged = path.read_bytes()[:100] + b"\xde\xad" * 2000
    path.write_bytes(damaged)
    with pytest.raises(StoreError, match=r"damaged\.sqlite3"):
        open_store(str(path))
    assert path.read_bytes() == damaged


def test_a_folder_where_the_file_should_be_is_reported(tmp_path) -> None:
    with pytest.raises(StoreError, match="not a file"):
        open_store(str(tmp_path))


def test_other_databases_keep_the_version_in_a_schema_version_table(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(schema, "uses_user_version", lambda connection: False)
    path = tmp_path / "server-like.sqlite3"
    with open_store(str(path)) as store, store.engine.connect() as connection:
        target = schema.schema_version_target()
        assert schema.read_version(connection) == target
        assert connection.exec_driver_sql("PRAGMA user_version").scalar() == 0
        assert connection.exec_driver_sql("SELECT version FROM schema_version").all() == [(target,)]
    open_store(str(path)).close()  # reopening finds the version and leaves one row
    raw = sqlite3.connect(path)
    assert raw.execute("SELECT count(*) FROM schema_version").fetchone() == (1,)
    raw.close()
