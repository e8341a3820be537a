"""Opening the store: the engine, SQLite's safety settings, schema upgrades, clear errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError

from po_exam import paths
from po_exam.exam.clock import SYSTEM_CLOCK, Clock
from po_exam.store.errors import StoreError
from po_exam.store.schema import NewerSchemaError, upgrade
from po_exam.store.store import Store

__all__ = ["Store", "StoreError", "open_store"]

BUSY_TIMEOUT_MS = 10_000
SQLITE_HEADER = b"SQLite format 3\x00"


def open_store(url: str | None = None, *, clock: Clock = SYSTEM_CLOCK) -> Store:
    """Open (creating and upgrading as needed) the database at `url`, default the user's."""
    url = paths.database_url(url)
    try:
        where = describe(url)
    except ArgumentError as error:
        raise StoreError(f"Cannot use the database: {error}") from error
    try:
        engine = make_engine(url)
    except ArgumentError as error:  # also NoSuchModuleError: an unknown backend name
        raise StoreError(f"Cannot use the database {where}: {error}") from error
    except ImportError as error:
        raise StoreError(
            f"Cannot use the database {where}: its driver is not installed ({error.name or error})."
        ) from error
    try:
        with engine.execution_options(write=True).begin() as connection:
            upgrade(connection)
    except NewerSchemaError as error:
        engine.dispose()
        raise StoreError(f"Cannot use the database {where}: {error}. Update po-exam.") from error
    except (DatabaseError, OperationalError) as error:
        engine.dispose()
        raise StoreError(
            f"Cannot read the database {where}: {error.orig or error}. "
            "The file was left untouched; move it aside or choose another with --db."
        ) from error
    return Store(engine, clock=clock, location=where)


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite files are checked first and get WAL and a busy timeout."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    database = parsed.database
    if database and database != ":memory:" and not database.startswith("file:"):
        _check_sqlite_file(Path(database))
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", _on_sqlite_connect)
    event.listen(engine, "begin", _on_sqlite_begin)
    return engine


def describe(url: str) -> str:
    """A human name for the database: the file path for SQLite, the URL without password."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        return parsed.database
    return parsed.render_as_string(hide_password=True)


def _check_sqlite_file(path: Path) -> None:
    """Refuse early (and touch nothing) when the file is not a readable SQLite database."""
    if path.exists():
        if not path.is_file():
            raise StoreError(f"Cannot use the database {path}: it is not a file.")
        try:
            with path.open("rb") as handle:
                header = handle.read(len(SQLITE_HEADER))
        except OSError as error:
            raise StoreError(f"Cannot read the database {path}: {error.strerror}.") from error
        if header and header != SQLITE_HEADER:
            raise StoreError(
                f"Cannot read the database {path}: it is not a po-exam database "
                "(not an SQLite file, or corrupt). The file was left untouched; "
                "move it aside or choose another with --db."
            )
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(f"Cannot create the folder for the database {path}: {error}") from error


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event emit BEGIN itself, so writers can take the lock up front.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _on_sqlite_begin(connection: Any) -> None:
    # A writer takes the write lock at BEGIN, so a second process waits (busy_timeout)
    # instead of failing when a read lock cannot be upgraded mid-transaction.
    writing = connection.get_execution_options().get("write", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")
