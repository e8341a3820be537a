"""Crossing the database boundary: naive UTC datetimes and JSON-encoded lists."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, overload

from po_exam.exam.asked import AskedQuestion
from po_exam.exam.clock import as_utc
from po_exam.exam.modes import ExamSettings
from po_exam.exam.versions import asked_hash
from po_exam.store.summaries import SUMMARY_FIELDS as SUMMARY_FIELDS  # re-exported
from po_exam.store.summaries import AttemptSummary
from po_exam.store.summaries import summary_of as summary_of  # re-exported
from po_exam.text import printable

if TYPE_CHECKING:  # the tables (SQLModel) are not needed to read a summary from a row
    from po_exam.store.tables import AskedQuestionRow, Attempt


@overload
def to_db(moment: datetime) -> datetime: ...
@overload
def to_db(moment: None) -> None: ...
def to_db(moment: datetime | None) -> datetime | None:
    """A moment as aware UTC for a column (SQLModel's UTCDateTime stores naive UTC in SQLite)."""
    return None if moment is None else as_utc(moment)


@overload
def from_db(moment: datetime) -> datetime: ...
@overload
def from_db(moment: None) -> None: ...
def from_db(moment: datetime | None) -> datetime | None:
    """A stored datetime (naive means UTC) as timezone-aware UTC."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def dump_ints(values: Iterable[int]) -> str:
    """A set of positions as a sorted JSON list."""
    return json.dumps(sorted(values))


def load_ints(raw: str | None) -> frozenset[int]:
    """A JSON list of positions as a frozenset."""
    return frozenset(json.loads(raw)) if raw else frozenset()


def summary(row: Attempt) -> AttemptSummary:
    """An attempt row as the summary history shows."""
    assert row.id is not None
    return summary_of([getattr(row, name) for name in SUMMARY_FIELDS])


def settings_of(row: Attempt) -> ExamSettings:
    """The settings an attempt was started with."""
    return ExamSettings(
        mode=row.mode,
        bank_ids=tuple(json.loads(row.bank_ids)),
        questions=row.questions,
        minutes=row.minutes,
        pass_mark=row.pass_mark,
        topics=tuple(json.loads(row.topics)) if row.topics else None,
        seed=row.seed,
        feedback="each" if row.feedback == "each" else "end",
        certainty=bool(row.certainty),
    )


def attempt_values(
    settings: ExamSettings,
    total: int,
    started_at: datetime,
    deadline: datetime | None,
    retry_of: int | None,
) -> dict[str, Any]:
    """The columns a new attempt for `settings` is written with (the rest keep their
    defaults): one mapping for the store and for the quick start (po_exam/quick.py)."""
    return {
        "mode": settings.mode,
        "bank_ids": json.dumps(list(settings.bank_ids)),
        "started_at": to_db(started_at),
        "deadline": to_db(deadline),
        "questions": total,
        "minutes": settings.minutes,
        "pass_mark": settings.pass_mark,
        "topics": json.dumps(list(settings.topics)) if settings.topics is not None else None,
        "seed": settings.seed,
        "feedback": settings.feedback,
        "retry_of": retry_of,
        "certainty": settings.certainty,
    }


def attempt_row(
    settings: ExamSettings,
    total: int,
    started_at: datetime,
    deadline: datetime | None,
    retry_of: int | None,
) -> Attempt:
    """A new attempt row for `settings`."""
    from po_exam.store.tables import Attempt

    return Attempt(**attempt_values(settings, total, started_at, deadline, retry_of))


def asked_values(attempt_id: int, position: int, question: AskedQuestion) -> dict[str, Any]:
    """Every column of the snapshot row of `question` at `position`."""
    return {
        "attempt_id": attempt_id,
        "position": position,
        "bank_id": question.bank_id,
        "question_id": question.question_id,
        "topic": question.topic,
        "topic_title": question.topic_title,
        "type": question.type,
        "text": question.text,
        "options": json.dumps(list(question.options)),
        "key": dump_ints(question.correct),
        "explanation": question.explanation,
        "reference": question.reference,
        "difficulty": question.difficulty,
        "content_hash": asked_hash(question) if question.type != "essay" else None,
        "model_answer": question.model_answer,
        "rubric": json.dumps([list(point) for point in question.rubric]),
        "objective": json.dumps(
            [question.objective, question.objective_title, question.objective_category]
        )
        if question.objective
        else "",
    }


def asked_row(attempt_id: int, position: int, question: AskedQuestion) -> AskedQuestionRow:
    """The snapshot row of `question` at `position`."""
    from po_exam.store.tables import AskedQuestionRow

    return AskedQuestionRow(**asked_values(attempt_id, position, question))


def asked_question(row: AskedQuestionRow) -> AskedQuestion:
    """A snapshot row back as the question it was.

    Its text is shown on a terminal: a control character a shared database slipped in
    (banks refuse them) comes back as a visible escape.
    """
    kind = row.type if row.type in ("single", "multiple", "true_false", "essay") else "single"
    objective = json.loads(row.objective) if row.objective else ["", "", ""]
    return AskedQuestion(
        bank_id=row.bank_id,
        question_id=row.question_id,
        topic=row.topic,
        topic_title=printable(row.topic_title),
        type=kind,  # type: ignore[arg-type]
        text=printable(row.text),
        options=tuple(printable(o) for o in json.loads(row.options)),
        correct=load_ints(row.key),
        explanation=printable(row.explanation),
        reference=printable(row.reference),
        difficulty=row.difficulty,
        model_answer=printable(row.model_answer or ""),
        rubric=tuple((printable(p), float(w)) for p, w in json.loads(row.rubric or "[]")),
        objective=printable(objective[0]),
        objective_title=printable(objective[1]),
        objective_category=printable(objective[2]),
    )
