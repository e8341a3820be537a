"""Attempts answered by option text, and banks edited in place, for the author tests."""

from __future__ import annotations

from typing import Any

from exam_helpers import question

from po_exam.banks.models import Bank
from po_exam.exam.clock import FakeClock
from po_exam.exam.draw import draw_questions
from po_exam.exam.modes import plan_exam
from po_exam.exam.session import Session
from po_exam.store.store import Store


def small_bank(bank_id: str = "items", count: int = 5, **changes: Any) -> Bank:
    """`count` single-choice questions q0.. with options 'qN A'..'qN D', A keyed; `changes`
    maps a question id to fields that replace its own (a new key, a new text)."""
    questions = []
    for n in range(count):
        data = question(f"q{n}", "events")
        data.update(changes.get(f"q{n}", {}))
        questions.append(data)
    return Bank.model_validate(
        {
            "format": 1,
            "bank": {"id": bank_id, "title": f"Bank {bank_id}"},
            "topics": {"events": {"title": "Events"}},
            "questions": questions,
        }
    )


def rekey(bank: Bank, qid: str, letter: str) -> Bank:
    """`bank` with question `qid` keyed on option `letter` (A-D) instead."""
    index = "ABCD".index(letter)
    options = [{"text": f"{qid} {x}", "correct": i == index} for i, x in enumerate("ABCD")]
    count = len(bank.questions)
    return small_bank(bank.id, count, **{qid: {"options": options}})


def take(
    store: Store, clock: FakeClock, bank: Bank, picks: dict[str, str | None], seed: int = 1
) -> int:
    """Sit every question of `bank` once, answering question id -> option letter (None: blank)."""
    settings = plan_exam("practice", [bank], questions=len(bank.questions), seed=seed)
    asked = draw_questions([bank], settings)
    started = clock.now()
    attempt_id = store.start_attempt(settings, asked, started_at=started, deadline=None)
    session = Session(asked, settings, started_at=started, deadline=None, clock=clock)
    for position, q in enumerate(asked):
        letter = picks.get(q.question_id)
        if letter is None:
            continue
        selection = frozenset({q.options.index(f"{q.question_id} {letter}")})
        session.answer(selection, position)
        store.save_answer(attempt_id, position, selection)
    clock.advance(60)
    store.finish_attempt(attempt_id, session.submit(), clock.now())
    return attempt_id
