"""Spacing "Review my mistakes" with FSRS: one card per question, rated on each graded answer."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from fsrs import Card, Rating, Scheduler, State
from sqlalchemy import ColumnElement
from sqlmodel import Session, col, select

from po_exam.store.convert import from_db, to_db
from po_exam.store.tables import ReviewCard

# No fuzzing: the same answers always schedule the same reviews (and tests stay exact).
SCHEDULER = Scheduler(enable_fuzzing=False)


def review(session: Session, key: tuple[int, str, str], right: bool, when: datetime) -> None:
    """Rate one question's card Good when answered right, Again when wrong, at `when`."""
    row = session.get(ReviewCard, key)
    # A fixed card_id: fsrs would otherwise derive one from the clock (and sleep for it).
    card = Card.from_json(row.card) if row else Card(card_id=1, due=when)
    card, _log = SCHEDULER.review_card(card, Rating.Good if right else Rating.Again, when)
    if row is None:
        row = ReviewCard(
            learner_id=key[0], bank_id=key[1], question_id=key[2], card="", due=to_db(card.due)
        )
    row.card = card.to_json()
    row.due = to_db(card.due)
    row.last_review = to_db(when)
    row.right += right
    row.wrong += not right
    session.add(row)


def mistakes_due(
    session: Session, now: datetime, limit: int, mine: Sequence[ColumnElement[bool]] = ()
) -> list[tuple[str, str]]:
    """Questions ever answered wrongly that are due, least retrievable first.

    A question whose latest answer was wrong is due at once: FSRS would wait a
    learning step (one or ten minutes), but a learner who has just failed an exam
    wants to go over what they missed straight away.
    """
    longest_step = max(
        (*SCHEDULER.learning_steps, *SCHEDULER.relearning_steps), default=timedelta(0)
    )
    rows: Sequence[ReviewCard] = session.exec(
        select(ReviewCard)
        .where(*mine, ReviewCard.wrong > 0, col(ReviewCard.due) <= to_db(now + longest_step))
        .order_by(col(ReviewCard.due))
    ).all()
    cards = [(row, Card.from_json(row.card)) for row in rows]
    due = [(row, card) for row, card in cards if from_db(row.due) <= now or _just_missed(card)]
    due.sort(
        key=lambda pair: (SCHEDULER.get_card_retrievability(pair[1], now), from_db(pair[0].due))
    )
    return [(row.bank_id, row.question_id) for row, _card in due[:limit]]


def _just_missed(card: Card) -> bool:
    """Whether the card's latest rating was Again (it sits on the first (re)learning step)."""
    return card.state in (State.Learning, State.Relearning) and card.step == 0
