"""The store on a server database (any SQLAlchemy URL): run with PO_EXAM_TEST_DB_URL set.

For example, with a throwaway PostgreSQL on loopback:
    PO_EXAM_TEST_DB_URL=postgresql+psycopg://postgres@127.0.0.1:55432/poexam \
        uv run --with 'psycopg[binary]' pytest tests/test_store_other_backends.py
Skipped when the variable is not set (CI has no database server).
"""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from exam_helpers import T0, make_bank
from store_helpers import empty_server_database

from po_exam.exam.clock import FakeClock
from po_exam.exam.draw import draw_questions
from po_exam.exam.modes import plan_exam
from po_exam.exam.session import Session
from po_exam.store.db import open_store

URL = os.environ.get("PO_EXAM_TEST_DB_URL")
pytestmark = pytest.mark.skipif(not URL, reason="set PO_EXAM_TEST_DB_URL to a scratch database")


@pytest.fixture
def store(server_url: str):
    clock = FakeClock(T0)
    empty_server_database(server_url)
    opened = open_store(server_url, clock=clock, learner="ann")
    yield opened, clock
    opened.close()


def test_attempts_history_retry_and_resume_on_a_server_database(store) -> None:
    store, clock = store
    bank = make_bank()
    ids = []
    for right in (40, 10):
        settings = plan_exam("pspo2", [bank], seed=right)
        questions = draw_questions([bank], settings)
        start = clock.now()
        deadline = start + timedelta(minutes=60)
        attempt = store.start_attempt(settings, questions, started_at=start, deadline=deadline)
        session = Session(questions, settings, started_at=start, deadline=deadline, clock=clock)
        for i, question in enumerate(questions):
            wrong = frozenset(
                {next(o for o in range(len(question.options)) if o not in question.correct)}
            )
            selection = question.correct if i < right else wrong
            session.answer(selection, i)
            store.save_answer(attempt, i, selection)
        store.save_flag(attempt, 3, True)
        clock.advance(600)
        store.finish_attempt(attempt, session.submit(), clock.now())
        ids.append(attempt)
    passed, failed = ids
    assert [a.id for a in store.list_attempts()] == [failed, passed]
    assert [a.id for a in store.list_attempts(passed=False)] == [failed]
    assert [a.id for a in store.list_attempts(bank=bank.id, mode="pspo2")] == [failed, passed]
    assert [a.id for a in store.recent_results(5)] == [failed, passed]
    assert store.list_attempts()[0].started_at.tzinfo is not None
    assert store.pending_retry(clock.now()).attempt_id == failed
    assert store.readiness(clock.now()).passed == 1
    assert sum(item.flagged for item in store.attempt_detail(failed).items) == 1
    clock.advance(3600)
    assert len(store.mistakes_due(clock.now(), 50)) == 30
    settings = plan_exam("pspo2", [bank], seed=99)
    questions = draw_questions([bank], settings)
    open_id = store.start_attempt(
        settings, questions, started_at=clock.now(), deadline=clock.now() + timedelta(hours=1)
    )
    store.save_answer(open_id, 0, frozenset({1}))
    assert store.unfinished_attempt().id == open_id
    assert store.stored_attempt(open_id).answers == {0: frozenset({1})}
