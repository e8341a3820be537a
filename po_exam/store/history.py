"""The queries behind history, progress and the home screen, each driven by an index."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, case, exists, func
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from po_exam.exam.grading import weakest_first
from po_exam.exam.modes import MODES
from po_exam.store.convert import from_db, to_db
from po_exam.store.hot import summary_select
from po_exam.store.models import TopicAccuracy, TopicPoint
from po_exam.store.tables import AnswerRow, AskedQuestionRow, Attempt, AttemptBank, same_position
from po_exam.text import printable

_NEWEST_START = (col(Attempt.started_at).desc(), col(Attempt.id).desc())
SIMULATIONS = tuple(key for key, mode in MODES.items() if mode.simulation)


STATUSES = ("unfinished", "abandoned")
"""The attempts history can list apart from passed and failed ones."""


def open_attempts() -> list[ColumnElement[bool]]:
    """WHERE clauses of attempts neither submitted nor abandoned."""
    return [col(Attempt.finished_at).is_(None), col(Attempt.abandoned_at).is_(None)]


def attempt_filters(
    bank: str | None = None,
    mode: str | None = None,
    passed: bool | None = None,
    status: str | None = None,
) -> list[ColumnElement[bool]]:
    """WHERE clauses for the history filters (`status`: "unfinished" or "abandoned")."""
    clauses: list[ColumnElement[bool]] = []
    if status == "unfinished":
        clauses += open_attempts()
    elif status == "abandoned":
        clauses.append(col(Attempt.abandoned_at).is_not(None))
    elif status is not None:
        raise ValueError(f"Unknown attempt status {status!r}; choose one of {STATUSES}")
    if bank is not None:
        clauses.append(
            exists().where(
                AttemptBank.attempt_id == Attempt.id,
                col(AttemptBank.bank_id) == bindparam("bank", bank),
            )
        )
    if mode is not None:
        clauses.append(col(Attempt.mode) == bindparam("mode", mode))
    if passed is not None:
        clauses.append(col(Attempt.passed) == bindparam("passed", passed))
    return clauses


def filter_shape(
    bank: str | None, mode: str | None, passed: bool | None, status: str | None = None
) -> tuple[object, ...]:
    """Which filters are set: attempt_filters builds the same SQL for the same shape."""
    return (bank is not None, mode is not None, passed is not None, status)


def newest_first(clauses: Sequence[ColumnElement[bool]]) -> SelectOfScalar[Attempt]:
    """Attempts matching `clauses`, newest start first (walks ix_attempt_*_started_at)."""
    return select(Attempt).where(*clauses).order_by(*_NEWEST_START)


def newest_summaries(clauses: Sequence[ColumnElement[bool]]) -> Select[Any]:
    """Summary columns of attempts matching `clauses`, newest start first, one page."""
    return (
        summary_select()
        .where(*clauses)
        .order_by(*_NEWEST_START)
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
    )


def recent_summaries(mine: Sequence[ColumnElement[bool]] = ()) -> Select[Any]:
    """Summary columns of the last finished attempts, newest finish first."""
    return (
        summary_select()
        .where(*mine, col(Attempt.finished_at).is_not(None))
        .order_by(col(Attempt.finished_at).desc(), col(Attempt.id).desc())
        .limit(bindparam("limit"))
    )


def count(session: Session, clauses: Sequence[ColumnElement[bool]]) -> int:
    """How many attempts match `clauses`."""
    return session.exec(select(func.count()).select_from(Attempt).where(*clauses)).one()


def finished_newest_first(modes: Sequence[str] | None = None) -> SelectOfScalar[Attempt]:
    """Finished attempts (of `modes`, when given), newest finish first."""
    clauses: list[ColumnElement[bool]] = [col(Attempt.finished_at).is_not(None)]
    if modes is not None:
        clauses.append(
            col(Attempt.mode) == modes[0] if len(modes) == 1 else col(Attempt.mode).in_(modes)
        )
    return (
        select(Attempt)
        .where(*clauses)
        .order_by(col(Attempt.finished_at).desc(), col(Attempt.id).desc())
    )


def _graded() -> tuple[ColumnElement[int], ColumnElement[int]]:
    right = func.sum(case((col(AnswerRow.correct).is_(True), 1), else_=0))
    return right, func.count()


def topic_accuracy(
    session: Session,
    since: datetime | None = None,
    bank: str | None = None,
    mine: Sequence[ColumnElement[bool]] = (),
) -> list[TopicAccuracy]:
    """Per topic, the answers right over finished attempts (since `since`), weakest first."""
    right, total = _graded()
    clauses = [*mine, col(Attempt.finished_at).is_not(None)]
    if since is not None:
        clauses.append(col(Attempt.finished_at) >= to_db(since))
    if bank is not None:
        clauses.append(col(AskedQuestionRow.bank_id) == bank)
    rows = session.exec(
        select(AskedQuestionRow.topic, func.max(AskedQuestionRow.topic_title), right, total)
        .join(Attempt, col(Attempt.id) == AskedQuestionRow.attempt_id)
        .join(AnswerRow, same_position())
        .where(*clauses)
        .group_by(AskedQuestionRow.topic)
    ).all()
    return weakest_first(
        TopicAccuracy(topic, printable(title), int(c or 0), int(t)) for topic, title, c, t in rows
    )


def topic_trend(
    session: Session, topic: str, limit: int = 30, mine: Sequence[ColumnElement[bool]] = ()
) -> list[TopicPoint]:
    """One topic's score in each of the last `limit` finished attempts asking it, oldest first."""
    right, total = _graded()
    rows = session.exec(
        select(Attempt.id, Attempt.finished_at, right, total)
        .join(AskedQuestionRow, col(AskedQuestionRow.attempt_id) == Attempt.id)
        .join(AnswerRow, same_position())
        .where(*mine, col(Attempt.finished_at).is_not(None), col(AskedQuestionRow.topic) == topic)
        .group_by(col(Attempt.id), col(Attempt.finished_at))
        .order_by(col(Attempt.finished_at).desc())
        .limit(limit)
    ).all()
    points = [TopicPoint(i, from_db(when), int(c or 0), int(t)) for i, when, c, t in rows]
    return points[::-1]
