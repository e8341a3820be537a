"""Re-grading past answers against the current keys, keeping the original verdicts.

A finished attempt's answers were graded against the question as asked. When an author
changes a key later, `history rescore` works out each affected answer's verdict against
the current key and stores it beside the original (`answer.rescored`,
`attempt.rescored_correct`): nothing is overwritten and nothing is re-graded silently.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, or_
from sqlmodel import Session, col, select

from po_exam.exam.versions import CurrentVersions, asked_hash, current_key
from po_exam.store.convert import asked_question, load_ints, to_db
from po_exam.store.tables import AnswerRow, AskedQuestionRow, Attempt, same_position


@dataclass(frozen=True, slots=True)
class Regraded:
    """One past answer whose question has changed since it was answered."""

    attempt_id: int
    position: int
    bank_id: str
    question_id: str
    graded: bool
    """The verdict when the attempt was submitted (kept)."""
    now: bool | None
    """The verdict against the current key; None when it cannot be judged (see `reason`)."""
    reason: str = ""


@dataclass(frozen=True, slots=True)
class RescoredAttempt:
    """An attempt's score as submitted and against the current keys."""

    attempt_id: int
    started_at: datetime
    total: int
    pass_mark: int
    correct: int
    rescored: int


def changed_answers(
    session: Session, versions: CurrentVersions, mine: Sequence[ColumnElement[bool]] = ()
) -> Iterator[Regraded]:
    """Every answer of a finished attempt whose question has changed in a loaded bank, or
    that an earlier re-grade marked and whose question is now back as it was asked; `mine`
    keeps one learner's attempts (the store's learner filter)."""
    query = (
        select(AskedQuestionRow, AnswerRow)
        .join(
            AnswerRow,
            same_position(),
        )
        .join(Attempt, col(Attempt.id) == col(AskedQuestionRow.attempt_id))
        .where(
            *mine,
            col(Attempt.finished_at).is_not(None),
            col(AnswerRow.correct).is_not(None),
            or_(
                col(AskedQuestionRow.content_hash).in_(_stale_hashes(session, versions)),
                col(AskedQuestionRow.content_hash).is_(None),  # asked before hashes were kept
                col(AnswerRow.rescored).is_not(None),
            ),
        )
        .order_by(col(AskedQuestionRow.attempt_id), col(AskedQuestionRow.position))
    )
    for asked, answer in session.exec(query.execution_options(yield_per=1000)):
        key = (asked.bank_id, asked.question_id)
        current = versions.question(key)
        if current is None or current.type == "essay" or asked.type == "essay":
            continue
        question = asked_question(asked)
        stored = asked.content_hash or asked_hash(question)
        graded = bool(answer.correct)
        if versions.hash(key) == stored:
            if answer.rescored is not None:  # changed back: the original verdict stands
                yield Regraded(asked.attempt_id, asked.position, *key, graded, None, "restored")
            continue
        regrade = current_key(question, current)
        now = None if regrade.key is None else load_ints(answer.selection) == regrade.key
        if now is not None and answer.rescored == now:
            continue  # re-graded against this key already
        yield Regraded(asked.attempt_id, asked.position, *key, graded, now, regrade.reason)


def _stale_hashes(session: Session, versions: CurrentVersions) -> list[str]:
    """The stored versions that are no longer the current one of their loaded question: one
    pass over the distinct (question, hash) pairs, so only their answers are read in full."""
    pairs = session.exec(
        select(
            AskedQuestionRow.bank_id, AskedQuestionRow.question_id, AskedQuestionRow.content_hash
        )
        .where(col(AskedQuestionRow.content_hash).is_not(None))
        .distinct()
    ).all()
    return sorted(
        {stored for bank, qid, stored in pairs if stored and versions.changed((bank, qid), stored)}
    )


def apply(session: Session, changes: list[Regraded], when: datetime) -> list[RescoredAttempt]:
    """Store the new verdicts beside the original ones; each touched attempt's two scores."""
    touched: dict[int, None] = {}
    for change in changes:
        answer = session.get(AnswerRow, (change.attempt_id, change.position))
        if answer is None:
            continue
        answer.rescored = None if change.reason == "restored" else change.now
        session.add(answer)
        touched[change.attempt_id] = None
    session.flush()
    results = []
    for attempt_id in touched:
        attempt = session.get(Attempt, attempt_id)
        if attempt is None or attempt.correct is None:
            continue
        answers = session.exec(select(AnswerRow).where(AnswerRow.attempt_id == attempt_id)).all()
        if all(a.rescored is None for a in answers):
            attempt.rescored_correct = None
            attempt.rescored_at = None
        else:
            attempt.rescored_correct = sum(
                bool(a.correct if a.rescored is None else a.rescored) for a in answers
            )
            attempt.rescored_at = to_db(when)
        session.add(attempt)
        results.append(
            RescoredAttempt(
                attempt_id,
                attempt.started_at,
                attempt.questions,
                attempt.pass_mark,
                attempt.correct,
                attempt.correct if attempt.rescored_correct is None else attempt.rescored_correct,
            )
        )
    return results
