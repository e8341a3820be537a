"""Schema versions: a fresh database gets the current tables, an older one is upgraded."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Column, Connection, MetaData, Table, insert, inspect, text
from sqlmodel import SQLModel

from po_exam.store import tables  # registers the tables on SQLModel.metadata
from po_exam.store.layout import OWN_TABLES, TABLES_AT


def _v1_create_tables(connection: Connection) -> None:
    """Version 1: attempts, attempt banks, asked questions, answers, review cards."""
    SQLModel.metadata.create_all(connection)


def _v2_abandoned_at(connection: Connection) -> None:
    """Version 2: an unfinished attempt can be abandoned (kept, never graded)."""
    column = tables.Attempt.__table__.c.abandoned_at  # type: ignore[attr-defined]
    kind = column.type.compile(dialect=connection.dialect)
    connection.execute(text(f"ALTER TABLE attempt ADD COLUMN abandoned_at {kind}"))


def _v3_certainty_and_pacing(connection: Connection) -> None:
    """Version 3: certainty per answer (and whether an attempt asks for it), time per answer."""
    for table, name in (("attempt", "certainty"), ("answer", "certainty"), ("answer", "seconds")):
        model = tables.Attempt if table == "attempt" else tables.AnswerRow
        column = model.__table__.c[name]  # type: ignore[attr-defined]
        kind = column.type.compile(dialect=connection.dialect)
        connection.execute(text(f"ALTER TABLE {table} ADD COLUMN {name} {kind}"))


def _add_column(connection: Connection, table: type, name: str) -> None:
    column = table.__table__.c[name]  # type: ignore[attr-defined]
    kind = column.type.compile(dialect=connection.dialect)
    connection.execute(text(f"ALTER TABLE {column.table.name} ADD COLUMN {name} {kind}"))


def _v4_versions_and_disputes(connection: Connection) -> None:
    """Version 4: the content hash of each question as asked, re-graded verdicts kept beside
    the original ones, and key disputes. Older snapshots keep a null hash: it is worked out
    from the snapshot itself when needed, so nothing is rewritten here."""
    _add_column(connection, tables.AskedQuestionRow, "content_hash")
    _add_column(connection, tables.AnswerRow, "rescored")
    _add_column(connection, tables.Attempt, "rescored_correct")
    _add_column(connection, tables.Attempt, "rescored_at")
    tables.Dispute.__table__.create(connection)  # type: ignore[attr-defined]


def _v5_topic_summaries(connection: Connection) -> None:
    """Version 5: per-topic scores of each finished attempt and their running totals,
    kept as attempts finish (history reads them instead of every answer), filled here
    from the answers already stored.

    Made as version 5 had them (before learners: no `learner_id`); version 7 remakes them
    per learner."""
    from po_exam.store.topics import rebuild_topic_summaries

    for table in (tables.TopicResult, tables.TopicTotal):
        _before_learners(table.__table__).create(connection, checkfirst=True)  # type: ignore[attr-defined]
    rebuild_topic_summaries(connection, per_learner=False)


def _before_learners(table: Table) -> Table:
    """`table`'s version 5 layout: its columns without `learner_id` (nor keys to other
    tables or indexes, which version 7 adds when it makes the table again)."""
    columns = [
        Column(column.name, column.type, primary_key=column.primary_key, nullable=column.nullable)
        for column in table.columns
        if column.name != "learner_id"
    ]
    return Table(table.name, MetaData(), *columns)


_REVIEW_CARD_V1 = ("bank_id", "question_id", "card", "due", "wrong", "right", "last_review")


def _add_default_learner(connection: Connection) -> None:
    """The learner a personal database's history belongs to (id 1, "default")."""
    connection.execute(
        insert(tables.Learner.__table__).values(  # type: ignore[attr-defined]
            id=tables.DEFAULT_LEARNER_ID,
            name=tables.DEFAULT_LEARNER,
            created_at=datetime.now(UTC),
            settings="{}",
        )
    )


def _v7_learners(connection: Connection) -> None:
    """Version 7, learners: attempts, review cards and topic summaries belong to one; the
    history so far to the default learner."""
    tables.Learner.__table__.create(connection)  # type: ignore[attr-defined]
    _add_default_learner(connection)
    if connection.dialect.name == "postgresql":  # the explicit id 1 left the sequence behind
        connection.execute(
            text("SELECT setval(pg_get_serial_sequence('learner', 'id'), MAX(id)) FROM learner")
        )
    connection.execute(
        text(
            "ALTER TABLE attempt ADD COLUMN learner_id INTEGER NOT NULL "
            f"DEFAULT {tables.DEFAULT_LEARNER_ID}"
        )
    )
    attempt = tables.Attempt.__table__  # type: ignore[attr-defined]
    for index in attempt.indexes:
        if "learner_id" in index.columns:
            index.create(connection)
    # review_card's primary key gains learner_id: rebuild it (a few thousand rows at most).
    columns = ", ".join(f'"{name}"' for name in _REVIEW_CARD_V1)
    cards = connection.execute(text(f"SELECT {columns} FROM review_card")).mappings().all()
    connection.execute(text("DROP TABLE review_card"))
    review_card = tables.ReviewCard.__table__  # type: ignore[attr-defined]
    review_card.create(connection)
    if cards:  # values as the driver read them (SQLite's datetime text stays as it was)
        names = ("learner_id", *_REVIEW_CARD_V1)
        connection.execute(
            text(
                f"INSERT INTO review_card ({', '.join(f'{chr(34)}{n}{chr(34)}' for n in names)}) "
                f"VALUES ({', '.join(f':{n}' for n in names)})"
            ),
            [{**card, "learner_id": tables.DEFAULT_LEARNER_ID} for card in cards],
        )
    # The topic summaries gain learner_id (in topic_total's key): made again, per learner.
    from po_exam.store.topics import rebuild_topic_summaries

    for table in (tables.TopicTotal, tables.TopicResult):
        connection.execute(text(f"DROP TABLE IF EXISTS {table.__tablename__}"))
    for table in (tables.TopicResult, tables.TopicTotal):
        table.__table__.create(connection)  # type: ignore[attr-defined]
    rebuild_topic_summaries(connection)


def _add_columns(connection: Connection, table: type, names: tuple[str, ...]) -> None:
    for name in names:
        column = table.__table__.c[name]  # type: ignore[attr-defined]
        kind = column.type.compile(dialect=connection.dialect)
        default = column.default.arg if column.default is not None else None
        clause = f" NOT NULL DEFAULT '{default}'" if isinstance(default, str) else ""
        connection.execute(
            text(f"ALTER TABLE {table.__tablename__} ADD COLUMN {name} {kind}{clause}")  # type: ignore[attr-defined]
        )


def _v6_essays(connection: Connection) -> None:
    """Version 6, essays: the text written and its self-grade per answer, the model answer, rubric and
    objective per asked question, and how many essays of an attempt are still ungraded."""
    _add_columns(connection, tables.Attempt, ("ungraded",))
    _add_columns(connection, tables.AskedQuestionRow, ("model_answer", "rubric", "objective"))
    _add_columns(connection, tables.AnswerRow, ("essay", "grade"))


# UPGRADES[n] takes a database from version n to n + 1. Append, never edit a released step.
UPGRADES: list[Callable[[Connection], None]] = [
    _v1_create_tables,
    _v2_abandoned_at,
    _v3_certainty_and_pacing,
    _v4_versions_and_disputes,
    _v5_topic_summaries,
    _v6_essays,
    _v7_learners,
]


def schema_version_target() -> int:
    """The version this code writes."""
    return len(UPGRADES)


VERSION_TABLE = "schema_version"


class NewerSchemaError(Exception):
    """The database was written by a newer po-exam."""


class NotPoExamError(Exception):
    """The database is not po-exam's, or its tables are not those its version claims."""


def tables_at(version: int) -> dict[str, frozenset[str]] | None:
    """The tables and columns of `version` (the current models for the current version)."""
    if version in TABLES_AT:
        return TABLES_AT[version]
    if version == schema_version_target():
        return {t.name: frozenset(t.columns.keys()) for t in SQLModel.metadata.sorted_tables}
    return None


def check_tables(connection: Connection, version: int) -> None:
    """Raise NotPoExamError unless every table and column of `version` is there (extra
    columns are allowed: nothing po-exam reads is missing). Reads only."""
    expected = tables_at(version)
    if expected is None:
        return
    inspector = inspect(connection)
    present = set(inspector.get_table_names())
    missing = sorted(set(expected) - present)
    if missing:
        raise NotPoExamError(
            f"it claims po-exam schema version {version} but lacks the "
            f"table{'s' if len(missing) > 1 else ''} {', '.join(missing)}"
        )
    for table, columns in expected.items():
        have = {column["name"] for column in inspector.get_columns(table)}
        lacking = sorted(columns - have)
        if lacking:
            raise NotPoExamError(
                f"it claims po-exam schema version {version} but its table {table} lacks "
                f"the column{'s' if len(lacking) > 1 else ''} {', '.join(lacking)}"
            )


def identify(connection: Connection) -> int:
    """The schema version of a database po-exam may use (0: empty, new); never writes.

    Raises NewerSchemaError for a newer po-exam's database, NotPoExamError for another
    application's database or one whose tables don't match the version it claims.
    """
    current = read_version(connection)
    target = schema_version_target()
    found = set(inspect(connection).get_table_names()) - {VERSION_TABLE}
    ours = found & OWN_TABLES
    # A server database may be shared with other applications: only po-exam's tables
    # count there. A SQLite file is po-exam's alone.
    others = sorted(found - OWN_TABLES) if uses_user_version(connection) else []
    if current > target:
        if "attempt" in ours:
            raise NewerSchemaError(
                f"schema version {current} is newer than this po-exam ({target})"
            )
        raise NotPoExamError(
            f"it is not a po-exam database (its version number is {current}"
            + (f"; tables: {_names(found)})" if found else ")")
        )
    if current == 0:
        if others or (ours and "attempt" not in ours):
            raise NotPoExamError(
                f"it is another application's database (tables: {_names(found)}; "
                "no po-exam schema version)"
            )
        if not ours:
            return 0  # empty: a new database
        check_tables(connection, 1)  # po-exam's tables, not yet stamped: must be whole
        return 1
    if others:
        raise NotPoExamError(
            f"it has tables po-exam never creates ({_names(others)}) next to version {current}"
        )
    check_tables(connection, current)
    return current


def _names(names: set[str] | list[str]) -> str:
    shown = sorted(names)
    return ", ".join(shown[:6]) + (f" and {len(shown) - 6} more" if len(shown) > 6 else "")


def upgrade(connection: Connection) -> int:
    """Bring the database up to the current version inside the open transaction; the version.

    Nothing is written until `identify` has found the database to be po-exam's (or empty)
    and its tables to match its version; the upgraded tables are checked again after.
    """
    current = identify(connection)
    target = schema_version_target()
    if current == 0:
        # A fresh database: the current tables are the result of every upgrade.
        SQLModel.metadata.create_all(connection)
        current = target
        if uses_user_version(connection):  # a local database: its one learner, as upgraded
            _add_default_learner(connection)
    elif current == target:
        if read_version(connection) != target:
            write_version(connection, target)
        return target
    for step in UPGRADES[current:]:
        step(connection)
    check_tables(connection, target)
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
