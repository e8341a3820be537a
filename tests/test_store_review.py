"""Review my mistakes: FSRS cards per question, wrong answers due first, weakest first."""

from datetime import timedelta

import pytest
from store_helpers import BANK, sit, tmp_store

from po_exam.exam.draw import draw_questions
from po_exam.exam.modes import plan_exam
from po_exam.exam.session import Session

# Each test runs on SQLite and on the scratch server database (see conftest.backend).
pytestmark = pytest.mark.usefixtures("backend")


def _wrong_keys(store, attempt_id) -> list[tuple[str, str]]:
    return [i.question.key for i in store.attempt_detail(attempt_id).items if not i.correct]


def test_only_questions_answered_wrongly_come_back_and_at_once(tmp_path, clock) -> None:
    with tmp_store(tmp_path, clock) as store:
        attempt = sit(store, clock, right=30)
        wrong = set(_wrong_keys(store, attempt))
        due_now = store.mistakes_due(clock.now(), 50)  # right after the exam, not a minute later
        due = store.mistakes_due(clock.now() + timedelta(minutes=2), 50)
    assert set(due_now) == wrong and len(due_now) == 10
    assert set(due) == wrong


def test_a_review_answered_right_is_spaced_out_and_a_wrong_one_comes_back_first(
    tmp_path, clock
) -> None:

    with tmp_store(tmp_path, clock) as store:
        first = sit(store, clock, right=0, mode="custom", questions=2, seed=4)
        mistakes = store.mistakes_due(clock.now() + timedelta(hours=1), 10)
        assert set(mistakes) == set(_wrong_keys(store, first))
        clock.advance(3600)
        settings = plan_exam("review", [BANK], questions=len(mistakes), seed=4)
        questions = draw_questions([BANK], settings, only=mistakes)
        attempt = store.start_attempt(settings, questions, started_at=clock.now(), deadline=None)
        session = Session(questions, settings, started_at=clock.now(), deadline=None, clock=clock)
        right, wrong = questions
        session.answer(right.correct, 0)
        session.answer(frozenset(range(len(wrong.options))) - wrong.correct, 1)
        for position, selection in session.answers.items():
            store.save_answer(attempt, position, selection)
        store.finish_attempt(attempt, session.submit(), clock.now())
        soon = store.mistakes_due(clock.now() + timedelta(minutes=5), 10)
        later = store.mistakes_due(clock.now() + timedelta(days=30), 10)
    assert soon == [wrong.key]
    assert later == [wrong.key, right.key]


def test_the_most_forgotten_come_first_and_the_limit_applies(tmp_path, clock) -> None:
    with tmp_store(tmp_path, clock) as store:
        old = sit(store, clock, right=0, mode="custom", questions=3, seed=7)
        clock.advance(86400 * 3)
        new = sit(store, clock, right=0, mode="custom", questions=3, seed=8)
        due = store.mistakes_due(clock.now() + timedelta(minutes=5), 3)
        old_keys, new_keys = set(_wrong_keys(store, old)), set(_wrong_keys(store, new))
    assert not old_keys & new_keys
    assert set(due) == old_keys
