"""Schema versions: a fresh database gets the current tables, an older one is upgraded."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, inspect, text
from sqlmodel import SQLModel

from po_exam.store import tables  # registers the tables on SQLModel.metadata


def _v1_create_tables(connection: Connection) -> None:
    """Version 1: attempts, attempt banks, asked questions, answers, review cards."""
    SQLModel.metadata.create_all(connection)


def _v2_abandoned_at(connection: Connection) -> None:
    """Version 2: an unfinished attempt can be abandoned (kept, never graded)."""
    column = tables.Attempt.__table__.c.abandoned_at  # type: ignore[attr-defined]
    kind = column.type.compile(dialect=connection.dialect)
    connection.execute(text(f"ALTER TABLE attempt ADD COLUMN abandoned_at {kind}"))


# UPGRADES[n] takes a database from version n to n + 1. Append, never edit a released step.
UPGRADES: list[Callable[[Connection], None]] = [_v1_create_tables, _v2_abandoned_at]


def schema_version_target() -> int:
    """The version this code writes."""
    return len(UPGRADES)


class NewerSchemaError(Exception):
    """The database was written by a newer po-exam."""


def upgrade(connection: Connection) -> int:
    """Bring the database up to the current version inside the open transaction; the version."""
    current = read_version(connection)
    target = schema_version_target()
    if current > target:
        raise NewerSchemaError(f"schema version {current} is newer than this po-exam ({target})")
    if current == 0 and not inspect(connection).has_table("attempt"):
        # A fresh database: the current tables are the result of every upgrade.
        SQLModel.metadata.create_all(connection)
        current = target
    for step in UPGRADES[current:]:
        step(connection)
    write_version(connection, target)
    return target


def uses_user_version(connection: Connection) -> bool:
    """Whether the database keeps its version in SQLite's `PRAGMA user_version`."""
    return connection.dialect.name == "sqlite"


def read_version(connection: Connection) -> int:
    """The schema version stored in the database (0 when none)."""
    if uses_user_version(connection):
        return int(connection.exec_driver_sql("PRAGMA user_version").scalar() or 0)
    if not inspect(connection).has_table("schema_version"):
        return 0
    return int(connection.execute(text("SELECT version FROM schema_version")).scalar() or 0)


def write_version(connection: Connection, version: int) -> None:
    """Record the schema version (SQLite's user_version, elsewhere a one-row table)."""
    if uses_user_version(connection):
        connection.exec_driver_sql(f"PRAGMA user_version = {int(version)}")
        return
    if not inspect(connection).has_table("schema_version"):
        connection.execute(text("CREATE TABLE schema_version (version INTEGER NOT NULL)"))
    connection.execute(text("DELETE FROM schema_version"))
    connection.execute(text("INSERT INTO schema_version (version) VALUES (:v)"), {"v": version})
