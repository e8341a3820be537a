"""Per-topic summaries: each finished attempt's score by topic, and running totals.

History's topic accuracy and a topic's trend used to add up every answer ever given
(seconds on 100,000 attempts). `topic_result` keeps one row per finished attempt,
bank and topic; `topic_total` the sums per bank and topic. Both are written in the
same transaction that finishes an attempt, and built from the stored answers by the
version 5 upgrade (again per learner by version 7's), so they always say what the
answers say. Every row carries its attempt's learner; reads keep the current learner's.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Select, and_, bindparam, case, func, insert, select
from sqlmodel import Session

from po_exam.store.tables import AnswerRow, AskedQuestionRow, Attempt, TopicResult, TopicTotal

_ASKED = AskedQuestionRow.__table__  # type: ignore[attr-defined]
_ANSWER = AnswerRow.__table__  # type: ignore[attr-defined]
_ATTEMPT = Attempt.__table__  # type: ignore[attr-defined]
_RESULT = TopicResult.__table__  # type: ignore[attr-defined]
_TOTAL = TopicTotal.__table__  # type: ignore[attr-defined]


def rebuild_topic_summaries(connection: Connection, *, per_learner: bool = True) -> None:
    """Fill both tables afresh from every finished attempt's graded answers, each learner's
    apart (`per_learner=False`: the version 5 layout, from before learners)."""
    connection.execute(_TOTAL.delete())
    connection.execute(_RESULT.delete())
    right = func.sum(case((_ANSWER.c.correct.is_(True), 1), else_=0))
    learner = [_ATTEMPT.c.learner_id] if per_learner else []
    per_attempt = (
        select(
            *learner,
            _ASKED.c.attempt_id,
            _ASKED.c.bank_id,
            _ASKED.c.topic,
            func.max(_ASKED.c.topic_title),
            _ATTEMPT.c.finished_at,
            right,
            func.count(),
        )
        .join(_ATTEMPT, _ATTEMPT.c.id == _ASKED.c.attempt_id)
        .join(
            _ANSWER,
            and_(
                _ANSWER.c.attempt_id == _ASKED.c.attempt_id,
                _ANSWER.c.position == _ASKED.c.position,
            ),
        )
        .where(_ATTEMPT.c.finished_at.is_not(None))
        .group_by(
            *learner, _ASKED.c.attempt_id, _ASKED.c.bank_id, _ASKED.c.topic, _ATTEMPT.c.finished_at
        )
    )
    owner = ["learner_id"] if per_learner else []
    columns = [*owner, "attempt_id", "bank_id", "topic", "topic_title", "finished_at"]
    connection.execute(
        insert(_RESULT).from_select(
            [*columns, "correct", "total"], per_attempt, include_defaults=False
        )
    )
    by = [_RESULT.c.learner_id] if per_learner else []
    totals = select(
        *by,
        _RESULT.c.bank_id,
        _RESULT.c.topic,
        func.max(_RESULT.c.topic_title),
        func.sum(_RESULT.c.correct),
        func.sum(_RESULT.c.total),
    ).group_by(*by, _RESULT.c.bank_id, _RESULT.c.topic)
    connection.execute(
        insert(_TOTAL).from_select(
            [*owner, "bank_id", "topic", "topic_title", "correct", "total"],
            totals,
            include_defaults=False,
        )
    )


def record_finished(
    session: Session,
    learner_id: int,
    attempt_id: int,
    finished_at: datetime,
    graded: Iterable[tuple[AskedQuestionRow, bool]],
) -> None:
    """Add a just-finished attempt's topic scores to its learner's rows (in its transaction)."""
    scores: dict[tuple[str, str], list[Any]] = {}
    for asked, correct in graded:
        score = scores.setdefault((asked.bank_id, asked.topic), [asked.topic_title, 0, 0])
        score[0] = max(score[0], asked.topic_title)
        score[1] += correct
        score[2] += 1
    for (bank_id, topic), (title, right, count) in scores.items():
        session.add(
            TopicResult(
                learner_id=learner_id,
                attempt_id=attempt_id,
                bank_id=bank_id,
                topic=topic,
                topic_title=title,
                finished_at=finished_at,
                correct=right,
                total=count,
            )
        )
        total = session.get(TopicTotal, (learner_id, bank_id, topic))
        if total is None:
            total = TopicTotal(
                learner_id=learner_id, bank_id=bank_id, topic=topic, topic_title=title
            )
        total.topic_title = max(total.topic_title, title)
        total.correct += right
        total.total += count
        session.add(total)


def accuracy_select(since: bool, bank: bool, learner: bool = True) -> Select[Any]:
    """Per topic: greatest title, answers right, answers; from the totals unless `since`;
    the `learner` parameter's rows only, unless `learner` is False (every learner's)."""
    table = _RESULT if since else _TOTAL
    query = select(
        table.c.topic,
        func.max(table.c.topic_title),
        func.sum(table.c.correct),
        func.sum(table.c.total),
    )
    if learner:
        query = query.where(table.c.learner_id == bindparam("learner"))
    if since:
        query = query.where(table.c.finished_at >= bindparam("since"))
    if bank:
        query = query.where(table.c.bank_id == bindparam("bank"))
    return query.group_by(table.c.topic)


def trend_select(learner: bool = True) -> Select[Any]:
    """One topic's score in each of the last finished attempts asking it, newest first
    (the `learner` parameter's attempts, unless `learner` is False)."""
    query = (
        select(
            _RESULT.c.attempt_id,
            _RESULT.c.finished_at,
            func.sum(_RESULT.c.correct),
            func.sum(_RESULT.c.total),
        )
        .where(_RESULT.c.topic == bindparam("topic"))
        .group_by(_RESULT.c.finished_at, _RESULT.c.attempt_id)  # in index order: no sort
        .order_by(_RESULT.c.finished_at.desc(), _RESULT.c.attempt_id.desc())
        .limit(bindparam("limit"))
    )
    return query.where(_RESULT.c.learner_id == bindparam("learner")) if learner else query
