"""Spacing "Review my mistakes" with FSRS: one card per question, rated on each graded answer."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from fsrs import Card, Rating, Scheduler, State
from sqlmodel import Session, col, select

from po_exam.store.convert import from_db, to_db
from po_exam.store.tables import ReviewCard

# No fuzzing: the same answers always schedule the same reviews (and tests stay exact).
SCHEDULER = Scheduler(enable_fuzzing=False)

EXAM_RETENTION = 0.95
"""The desired retention aimed at on the day of the real exam (fsrs' own default is 0.9)."""


def exam_moment(exam_day: date) -> datetime:
    """The start of the exam day (UTC): the moment retention is aimed at."""
    return datetime.combine(exam_day, time(0), tzinfo=UTC)


def last_call(exam_day: date | None) -> datetime | None:
    """The start of the eve of the exam: every mistake not yet due is due from then on."""
    return None if exam_day is None else exam_moment(exam_day) - timedelta(days=1)


def scheduler_for(when: datetime, exam_day: date | None) -> Scheduler:
    """fsrs' scheduler, aimed at the exam day when one is set and still ahead.

    fsrs' own parameters do the aiming: a higher `desired_retention` (shorter intervals) and
    a `maximum_interval` of the days left, so no card falls due after the exam day.
    """
    if exam_day is None:
        return SCHEDULER
    days_left = (exam_day - when.astimezone(UTC).date()).days
    if days_left < 1:
        return SCHEDULER
    return Scheduler(
        desired_retention=EXAM_RETENTION, maximum_interval=days_left, enable_fuzzing=False
    )


def review(
    session: Session,
    key: tuple[str, str],
    right: bool,
    when: datetime,
    exam_day: date | None = None,
) -> None:
    """Rate one question's card Good when answered right, Again when wrong, at `when`.

    With an exam day ahead, a question ever answered wrongly is scheduled by the scheduler
    aimed at that day (`scheduler_for`); others keep fsrs' defaults.
    """
    row = session.get(ReviewCard, key)
    # A fixed card_id: fsrs would otherwise derive one from the clock (and sleep for it).
    card = Card.from_json(row.card) if row else Card(card_id=1, due=when)
    mistaken = not right or (row is not None and row.wrong > 0)
    scheduler = scheduler_for(when, exam_day) if mistaken else SCHEDULER
    card, _log = scheduler.review_card(card, Rating.Good if right else Rating.Again, when)
    if row is None:
        row = ReviewCard(bank_id=key[0], question_id=key[1], card="", due=to_db(card.due))
    row.card = card.to_json()
    row.due = to_db(card.due)
    row.last_review = to_db(when)
    row.right += right
    row.wrong += not right
    session.add(row)


def mistakes_due(
    session: Session,
    now: datetime,
    limit: int,
    confident: dict[tuple[str, str], set[datetime]] | None = None,
    exam_day: date | None = None,
) -> list[tuple[str, str]]:
    """Questions ever answered wrongly that are due: confident mistakes first, then the
    least retrievable.

    With an exam day, a card scheduled before the day was set that falls due after it is
    due on the eve of the exam instead (`last_call`), as if fsrs' maximum interval had
    applied to it too.

    `confident` maps a question to the moments it was answered wrongly at high certainty;
    when its latest review is one of them, it was a confident mistake and comes first.

    A question whose latest answer was wrong is due at once: FSRS would wait a
    learning step (one or ten minutes), but a learner who has just failed an exam
    wants to go over what they missed straight away.
    """
    longest_step = max(
        (*SCHEDULER.learning_steps, *SCHEDULER.relearning_steps), default=timedelta(0)
    )
    eve = last_call(exam_day)
    everything = eve is not None and eve <= now <= exam_moment(exam_day)  # type: ignore[arg-type]
    query = select(ReviewCard).where(ReviewCard.wrong > 0)
    if not everything:
        query = query.where(col(ReviewCard.due) <= to_db(now + longest_step))
    rows: Sequence[ReviewCard] = session.exec(query.order_by(col(ReviewCard.due))).all()
    cards = [(row, Card.from_json(row.card)) for row in rows]
    due = [
        (row, card)
        for row, card in cards
        if everything or from_db(row.due) <= now or _just_missed(card)
    ]
    confident = confident or {}

    def was_confident(row: ReviewCard) -> bool:
        moments = confident.get((row.bank_id, row.question_id))
        return bool(moments) and from_db(row.last_review) in moments  # type: ignore[operator]

    due.sort(
        key=lambda pair: (
            not was_confident(pair[0]),
            SCHEDULER.get_card_retrievability(pair[1], now),
            from_db(pair[0].due),
        )
    )
    return [(row.bank_id, row.question_id) for row, _card in due[:limit]]


def _just_missed(card: Card) -> bool:
    """Whether the card's latest rating was Again (it sits on the first (re)learning step)."""
    return card.state in (State.Learning, State.Relearning) and card.step == 0


@dataclass(frozen=True, slots=True)
class ExamPlan:
    """The way to the exam day: days left, what is due today, what needs strengthening."""

    exam_day: date
    days_left: int
    due_today: int
    """Mistakes due for review by the end of today."""
    below_target: int
    """Mistakes whose recall fsrs predicts for the exam day is under the desired retention."""
    retention: float

    @property
    def per_day(self) -> int:
        """Reviews a day that go over every mistake below target before the exam day."""
        if self.days_left < 1:
            return 0
        return math.ceil(self.below_target / self.days_left)


def exam_plan(session: Session, now: datetime, exam_day: date) -> ExamPlan:
    """What stands between the learner and the desired retention on the exam day.

    For every question ever answered wrongly, fsrs' own retrievability at the start of the
    exam day says whether it would be recalled with at least `EXAM_RETENTION`.
    """
    day_ends = datetime.combine(now.astimezone(UTC).date() + timedelta(days=1), time(0), UTC)
    target = exam_moment(exam_day)
    rows: Sequence[ReviewCard] = session.exec(select(ReviewCard).where(ReviewCard.wrong > 0)).all()
    due_today = below = 0
    eve = last_call(exam_day)
    for row in rows:
        card = Card.from_json(row.card)
        due = from_db(row.due)
        if eve is not None and due > exam_moment(exam_day):
            due = eve  # scheduled before the day was set: due on its eve at the latest
        if due < day_ends:
            due_today += 1
        moment = max(target, now)
        if SCHEDULER.get_card_retrievability(card, moment) < EXAM_RETENTION:
            below += 1
    days_left = (exam_day - now.astimezone(UTC).date()).days
    return ExamPlan(exam_day, days_left, due_today, below, EXAM_RETENTION)
