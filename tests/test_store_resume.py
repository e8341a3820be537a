"""Resume: an unfinished attempt is found on start and keeps its original deadline."""

from datetime import timedelta

import pytest
from exam_helpers import T0
from store_helpers import begin, sit, tmp_store

from po_exam.attempts import Attempts
from po_exam.exam.clock import FakeClock

# Each test runs on SQLite and on the scratch server database (see conftest.backend).
pytestmark = pytest.mark.usefixtures("backend")


def test_an_unfinished_attempt_is_found_and_resumed_as_it_was(tmp_path, clock) -> None:
    with tmp_store(tmp_path, clock) as store:
        sit(store, clock, right=40)
        attempt_id, session = begin(store, clock, seed=5)
        store.save_answer(attempt_id, 2, session.questions[2].correct)
        store.save_flag(attempt_id, 7, True)
        store.save_position(attempt_id, 7)
        unfinished = store.unfinished_attempt()
        assert unfinished is not None and unfinished.id == attempt_id

        later = FakeClock(T0 + timedelta(minutes=55), monotonic=5.0)  # a new process
        resumed = Attempts(store, later).resume(attempt_id).session
    assert resumed.questions == session.questions
    assert resumed.selection(2) == session.questions[2].correct
    assert resumed.flagged() == [7] and resumed.position == 7
    # Started at T0+10 min (after the first attempt), 60 minutes: 15 minutes are left.
    assert resumed.remaining() == timedelta(minutes=15)
    assert resumed.settings.seed == 5 and resumed.settings.mode == "pspo2"


def test_a_resumed_attempt_past_its_deadline_is_graded_as_it_stands(tmp_path, clock) -> None:
    with tmp_store(tmp_path, clock) as store:
        attempt_id, session = begin(store, clock)
        for i in range(3):
            store.save_answer(attempt_id, i, session.questions[i].correct)
        live = Attempts(store, FakeClock(T0 + timedelta(hours=3))).resume(attempt_id)
        assert live.session.expired
        finished = live.submit()
        assert finished.result.correct == 3 and not finished.result.passed
        summary = store.attempt_detail(attempt_id).summary
        assert store.unfinished_attempt() is None
    assert summary.finished_at == T0 + timedelta(minutes=60)
    assert summary.seconds_used == 3600 == finished.seconds_used


def test_expire_grades_every_overdue_attempt(tmp_path, clock) -> None:
    with tmp_store(tmp_path, clock) as store:
        overdue, session = begin(store, clock)
        store.save_answer(overdue, 0, session.questions[0].correct)
        untimed, _ = begin(store, clock, "practice", questions=5)
        clock.advance(59 * 60)
        assert Attempts(store, clock).expire() == []
        clock.advance(2 * 60)
        assert Attempts(store, clock).expire() == [overdue]
        summary = store.attempt_detail(overdue).summary
        assert store.unfinished_attempt().id == untimed
    assert (summary.correct, summary.passed, summary.finished_at) == (
        1,
        False,
        T0 + timedelta(minutes=60),
    )
