"""Opening throwaway stores and starting attempts in them for the store tests."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from exam_helpers import make_bank

from po_exam.banks.models import Bank
from po_exam.exam.clock import FakeClock
from po_exam.exam.draw import draw_questions
from po_exam.exam.modes import plan_exam
from po_exam.exam.session import Session
from po_exam.store.db import open_store
from po_exam.store.store import Store

BANK = make_bank()


SERVER: dict[str, str | None] = {"url": None}
"""The server database the `backend` fixture chose for this test (None: SQLite files)."""


def tmp_store(tmp_path: Path, clock: FakeClock, learner: str | None = None) -> Store:
    """A fresh store in a file under `tmp_path`, or on the test's server database (emptied
    by the `backend` fixture), for `learner` (the default one unless named)."""
    url = SERVER["url"]
    if url is None:
        return open_store(str(tmp_path / "attempts.sqlite3"), clock=clock, learner=learner)
    return open_store(url, clock=clock, learner=learner or "default")


def empty_server_database(url: str) -> None:
    """Drop every table of a scratch server database (PostgreSQL's public schema)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    finally:
        engine.dispose()


def create_server_database(admin_url: str, url: str) -> None:
    """Make `url`'s database afresh on the server of `admin_url` (a database it can log into)."""
    name = _database_name(url)
    _on_server(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    # template0: nobody is ever connected to it, so workers can create theirs at once.
    _on_server(admin_url, f'CREATE DATABASE "{name}" TEMPLATE template0')


def drop_server_database(admin_url: str, url: str) -> None:
    """Drop `url`'s database from the server of `admin_url`, even with connections left open."""
    _on_server(admin_url, f'DROP DATABASE IF EXISTS "{_database_name(url)}" WITH (FORCE)')


def _database_name(url: str) -> str:
    from sqlalchemy.engine import make_url

    name = make_url(url).database
    assert name and '"' not in name, url
    return name


def _on_server(url: str, statement: str) -> None:
    """Run one statement outside a transaction (CREATE and DROP DATABASE must be)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(statement))
    finally:
        engine.dispose()


def begin(
    store: Store,
    clock: FakeClock,
    mode: str = "pspo2",
    *,
    bank: Bank = BANK,
    seed: int = 1,
    retry_of: int | None = None,
    avoid: frozenset[tuple[str, str]] = frozenset(),
    **options: int,
) -> tuple[int, Session]:
    """Start an attempt now, stored, and the live session for it."""
    settings = plan_exam(mode, [bank], seed=seed, **options)
    questions = draw_questions([bank], settings, avoid=avoid)
    started = clock.now()
    deadline = started + timedelta(minutes=settings.minutes) if settings.minutes else None
    attempt_id = store.start_attempt(
        settings, questions, started_at=started, deadline=deadline, retry_of=retry_of
    )
    return attempt_id, Session(
        questions, settings, started_at=started, deadline=deadline, clock=clock
    )


def sit(store: Store, clock: FakeClock, right: int, mode: str = "pspo2", **kwargs: object) -> int:
    """A whole attempt with the first `right` questions right and the rest wrong; its id."""
    attempt_id, session = begin(store, clock, mode, **kwargs)  # type: ignore[arg-type]
    for i, question in enumerate(session.questions):
        wrong = frozenset(
            {next(o for o in range(len(question.options)) if o not in question.correct)}
        )
        selection = question.correct if i < right else wrong
        session.answer(selection, i)
        store.save_answer(attempt_id, i, selection)
    clock.advance(600)
    result = session.submit()
    store.finish_attempt(attempt_id, result, clock.now())
    return attempt_id


class Refusal:
    """Makes a store method fail as SQLite does when the disk is full or the file is locked.

    `refusal.on = False` lets the writes through again (the disk was freed, the lock let go).
    """

    def __init__(self, store: Store, method: str, message: str = "database or disk is full"):
        import sqlite3

        from sqlalchemy.exc import OperationalError

        self.on = True
        self.calls = 0
        real = getattr(store, method)

        def refusing(*args: object, **kwargs: object) -> object:
            self.calls += 1
            if self.on:
                # Raised where the driver raises it, so the store reports it as it would.
                with store._errors():
                    raise OperationalError("UPDATE answer", {}, sqlite3.OperationalError(message))
            return real(*args, **kwargs)

        setattr(store, method, refusing)


def before_learners(path: Path, version: int) -> None:
    """Take a SQLite file po-exam made back to `version` 4, 5 or 6, as it was before learners
    (version 7): no learner table, no `learner_id` anywhere; before 6 no essay columns, and
    version 4 also lacks the topic summaries (version 5). Rows are kept. SQLite cannot drop a column with a foreign key,
    so each table is made again from its own CREATE statement without that column."""
    import re
    import sqlite3

    raw = sqlite3.connect(path)
    try:
        raw.execute("PRAGMA foreign_keys = OFF")
        if version < 5:
            raw.executescript("DROP TABLE topic_result; DROP TABLE topic_total;")
        for (table,) in raw.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%learner_id%'"
            " AND name != 'learner'"
        ).fetchall():
            create = raw.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
            ).fetchone()[0]
            indexes = [
                sql
                for (sql,) in raw.execute(
                    "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?"
                    " AND sql IS NOT NULL",
                    (table,),
                )
                if "learner_id" not in sql
            ]
            lines = [
                line
                for line in create.split("\n")
                if "learner_id" not in line or line.strip().startswith("PRIMARY KEY")
            ]
            create = re.sub(r",\s*\n\)$", "\n)", "\n".join(lines).replace("learner_id, ", ""))
            columns = [
                f'"{row[1]}"'
                for row in raw.execute(f"PRAGMA table_info({table})")
                if row[1] != "learner_id"
            ]
            raw.execute(create.replace(f"CREATE TABLE {table} ", "CREATE TABLE old_layout ", 1))
            raw.execute(f"INSERT INTO old_layout SELECT {', '.join(columns)} FROM {table}")
            raw.execute(f"DROP TABLE {table}")
            raw.execute(f"ALTER TABLE old_layout RENAME TO {table}")
            for sql in indexes:
                raw.execute(sql)
        raw.execute("DROP TABLE learner")
        if version < 6:
            raw.executescript(
                "ALTER TABLE attempt DROP COLUMN ungraded;"
                " ALTER TABLE asked_question DROP COLUMN model_answer;"
                " ALTER TABLE asked_question DROP COLUMN rubric;"
                " ALTER TABLE asked_question DROP COLUMN objective;"
                " ALTER TABLE answer DROP COLUMN essay; ALTER TABLE answer DROP COLUMN grade;"
            )
        raw.execute(f"PRAGMA user_version = {version}")
        raw.commit()
    finally:
        raw.close()
