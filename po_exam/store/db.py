"""Opening the store: the engine, SQLite's safety settings, schema upgrades, clear errors.

A database is only ever written when it is po-exam's (or brand new). A SQLite file is
first opened read-only (`mode=ro`): its header, its integrity (`PRAGMA quick_check`),
its version and its tables are checked before anything can write to it, even the
switch to WAL. Another application's file, a damaged one, or one whose tables don't
match its version is refused and left byte for byte as it was. Read-only opening (for
`history` and `export`) never writes at all.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError

from po_exam import paths
from po_exam.exam.clock import SYSTEM_CLOCK, Clock
from po_exam.store import integrity
from po_exam.store.errors import StoreError
from po_exam.store.schema import (
    NewerSchemaError,
    NotPoExamError,
    identify,
    schema_version_target,
    upgrade,
)
from po_exam.store.store import Store
from po_exam.store.tables import DEFAULT_LEARNER
from po_exam.text import printable

__all__ = ["Store", "StoreError", "open_store"]

BUSY_TIMEOUT_MS = 10_000
SQLITE_HEADER = b"SQLite format 3\x00"
UNTOUCHED = "The file was left untouched; move it aside or choose another with --db."


def open_store(
    url: str | None = None,
    *,
    clock: Clock = SYSTEM_CLOCK,
    read_only: bool = False,
    learner: str | None = None,
    all_learners: bool = False,
) -> Store:
    """Open the database at `url` (default the user's), creating and upgrading it as needed.

    With `read_only`, nothing is ever written: a SQLite file that does not exist reads
    as an empty history, and an empty file is refused.

    The store reads and writes `learner`'s history (made when new, unless reading only);
    without one, a local (SQLite) database's default learner, and on a shared server
    database nobody yet: the caller asks who is practising (`Store.use_learner`).
    `all_learners` reads everyone's attempts (the trainer's CLI).
    """
    url = paths.database_url(url)
    try:
        parsed = make_url(url)
        where = describe(parsed)
    except (ArgumentError, ValueError, TypeError) as error:
        raise StoreError(
            f"Cannot use the database {printable(url)}: not a database path or URL ({error})."
        ) from error
    path = _sqlite_file(parsed)
    scratch = parsed.get_backend_name() == "sqlite" and path is None  # in memory: nothing to keep
    if path is not None:
        exists = _check_sqlite_file(path, read_only=read_only)
        if read_only and not exists:
            parsed, path, scratch = make_url("sqlite://"), None, True  # an empty history
        elif exists and path.stat().st_size > 0:
            _identify_sqlite_file(path, where)
    try:
        engine = make_engine(parsed, read_only=read_only and path is not None)
    except ArgumentError as error:  # also NoSuchModuleError: an unknown backend name
        raise StoreError(f"Cannot use the database {where}: {error}") from error
    except ImportError as error:
        raise StoreError(
            f"Cannot use the database {where}: its driver is not installed ({error.name or error})."
        ) from error
    except (ValueError, TypeError) as error:  # a bad query argument such as ?timeout=abc
        raise StoreError(
            f"Cannot use the database {where}: an option in its URL is wrong ({error})."
        ) from error
    try:
        if read_only and not scratch:
            with engine.connect() as connection:
                _check_readable(identify(connection), where)
        else:
            with engine.execution_options(write=True).begin() as connection:
                upgrade(connection)
    except (NewerSchemaError, NotPoExamError, StoreError) as error:
        engine.dispose()
        raise _refusal(where, error) from error
    except (SQLAlchemyError, ValueError, TypeError) as error:
        engine.dispose()
        reason = getattr(error, "orig", None) or error
        raise StoreError(f"Cannot read the database {where}: {reason}. {UNTOUCHED}") from error
    store = Store(engine, clock=clock, location=where, all_learners=all_learners)
    if all_learners:
        return store
    try:
        if learner is not None:
            store.use_learner(learner, create=not read_only or scratch)
        elif not store.shared:
            store.use_learner(DEFAULT_LEARNER, create=not read_only or scratch)
    except StoreError:
        store.close()
        raise
    return store


def make_engine(url: str | URL, *, read_only: bool = False) -> Engine:
    """An engine for `url`; SQLite files are checked first and get WAL and a busy timeout.

    A read-only engine opens a SQLite file with `mode=ro` and sets nothing that writes.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed, pool_pre_ping=True)
    path = _sqlite_file(parsed)
    if read_only and path is not None:
        engine = create_engine(parsed, creator=lambda: _connect_read_only(path))
        event.listen(engine, "connect", _on_read_only_connect)
        event.listen(engine, "begin", _on_sqlite_begin)
        return engine
    if path is not None:
        _check_sqlite_file(path, read_only=False)
    engine = create_engine(parsed, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", _on_sqlite_connect)
    event.listen(engine, "begin", _on_sqlite_begin)
    return engine


def describe(url: str | URL) -> str:
    """A human name for the database: the file path for SQLite, the URL without password.

    Made printable: it is echoed in messages and may come from the command line.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        return printable(parsed.database)
    return printable(parsed.render_as_string(hide_password=True))


def _sqlite_file(parsed: URL) -> Path | None:
    """The file of a SQLite URL, or None for memory and `file:` URIs."""
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or not database:
        return None
    if database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def _check_sqlite_file(path: Path, *, read_only: bool) -> bool:
    """Refuse early (touching nothing) what is not a SQLite file; whether the file exists.

    A missing file is created later (its folder now) unless reading only; an empty file
    is a new database to write, but nothing to read.
    """
    try:
        status = path.stat()
    except FileNotFoundError:
        if read_only:
            _check_could_exist(path)
            return False
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(
                f"Cannot create the folder for the database {printable(path)}: {error.strerror}."
            ) from error
        return False
    except OSError as error:
        raise StoreError(
            f"Cannot read the database {printable(path)}: {error.strerror}."
        ) from error
    if not stat.S_ISREG(status.st_mode):
        raise StoreError(f"Cannot use the database {printable(path)}: it is not a file.")
    if status.st_size == 0:
        if read_only:
            raise StoreError(
                f"Cannot read the database {printable(path)}: the file is empty (0 bytes), "
                f"not a po-exam database. {UNTOUCHED}"
            )
        return True
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise StoreError(
            f"Cannot read the database {printable(path)}: {error.strerror}."
        ) from error
    if header != SQLITE_HEADER:
        raise StoreError(
            f"Cannot read the database {printable(path)}: it is not a po-exam database "
            f"(not an SQLite file, or corrupt). {UNTOUCHED}"
        )
    return True


def _check_could_exist(path: Path) -> None:
    """Reading a database that is not there reads as an empty history, unless po-exam could
    never have made it: its folder exists but cannot be written (such as /proc), or is a file.
    Then the message is the one the app gives, not "No attempts yet"."""
    folder = next((p for p in (path.parent, *path.parent.parents) if p.exists()), None)
    if folder is None:
        return
    if not folder.is_dir() or not _writable_folder(folder):
        raise StoreError(
            f"Cannot open the database {printable(path)}: there is no such file, and po-exam"
            f" cannot create one there ({printable(folder)} cannot be written)."
        )


def _writable_folder(folder: Path) -> bool:
    """Whether files could be created in `folder` (looked at, never tried): not for a user
    without write access, nor on a read-only mount or a block-less one such as /proc (where
    even root, whom `access` always answers yes, cannot create a file)."""
    if not os.access(folder, os.W_OK | os.X_OK):
        return False
    try:
        info = os.statvfs(folder)
    except (OSError, AttributeError):  # AttributeError: no statvfs on Windows
        return True
    return not (info.f_flag & os.ST_RDONLY) and info.f_blocks > 0


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write to the file (SQLite's `mode=ro` URI)."""
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)


def _identify_sqlite_file(path: Path, where: str) -> None:
    """Check, read-only and before anything writes, that the file is a whole po-exam
    database (or an empty SQLite one): integrity, version and tables."""
    try:
        verdict = integrity.quick_check(path)  # often already reached beside the bank load
    except (sqlite3.Error, OSError) as error:
        raise _damaged(where, error) from error
    if verdict != "ok":
        raise StoreError(
            f"Cannot use the database {where}: it is damaged "
            f"(SQLite's check says: {printable(verdict)}). {UNTOUCHED}"
        )
    engine = make_engine(f"sqlite:///{path}", read_only=True)
    try:
        with engine.connect() as connection:
            identify(connection)
    except (NewerSchemaError, NotPoExamError) as error:
        raise _refusal(where, error) from error
    except DBAPIError as error:
        raise _damaged(where, error.orig) from error
    finally:
        engine.dispose()


def _damaged(where: str, error: BaseException) -> StoreError:
    return StoreError(
        f"Cannot use the database {where}: it is damaged or not a database "
        f"({printable(str(error))}). {UNTOUCHED}"
    )


def _check_readable(version: int, where: str) -> None:
    target = schema_version_target()
    if version not in (0, target):
        raise StoreError(
            f"Cannot read the database {where}: it has schema version {version}; "
            "open it once with the po-exam app to upgrade it."
        )


def _refusal(where: str, error: Exception) -> StoreError:
    if isinstance(error, StoreError):
        return error
    if isinstance(error, NewerSchemaError):
        return StoreError(f"Cannot use the database {where}: {error}. Update po-exam.")
    return StoreError(f"Cannot use the database {where}: {printable(error)}. {UNTOUCHED}")


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event emit BEGIN itself, so writers can take the lock up front.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _on_read_only_connect(dbapi_connection: Any, _record: Any) -> None:
    # No journal_mode switch: that writes the file's header.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _on_sqlite_begin(connection: Any) -> None:
    # A writer takes the write lock at BEGIN, so a second process waits (busy_timeout)
    # instead of failing when a read lock cannot be upgraded mid-transaction.
    writing = connection.get_execution_options().get("write", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")
