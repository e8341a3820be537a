"""Attempts are written as they happen and read back exactly as they were asked."""

import sqlite3

import pytest
from exam_helpers import T0
from store_helpers import begin, sit, tmp_store

from po_exam.store.db import StoreError, open_store

# Each test runs on SQLite and on the scratch server database (see conftest.backend).
pytestmark = pytest.mark.usefixtures("backend")


def test_each_question_is_kept_as_asked(tmp_path, clock) -> None:
    with tmp_store(tmp_path, clock) as store:
        attempt_id, session = begin(store, clock)
        detail = store.attempt_detail(attempt_id)
    assert [item.question for item in detail.items] == list(session.questions)
    first = detail.items[0].question
    assert first.explanation.startswith("Because") and first.reference == "Scrum Guide 2020"
    assert first.topic_title in {"Events", "Artifacts", "Value"}
    assert detail.summary.total == 40 and detail.summary.finished_at is None
    assert detail.summary.deadline == T0.replace(hour=10)
    assert detail.summary.started_at.tzinfo is not None


@pytest.mark.sqlite_only
def test_every_answer_and_flag_is_committed_when_given(tmp_path, clock) -> None:
    with tmp_store(tmp_path, clock) as store:
        attempt_id, _ = begin(store, clock)
        clock.advance(30)
        store.save_answer(attempt_id, 3, frozenset({0, 2}))
        store.save_flag(attempt_id, 5, True)
        # Read with a plain sqlite3 connection: the rows are on disk, not in a session.
        raw = sqlite3.connect(tmp_path / "attempts.sqlite3")
        rows = raw.execute(
            "SELECT position, selection, flagged, answered_at FROM answer ORDER BY position"
        ).fetchall()
        raw.close()
    assert rows == [(3, "[0, 2]", 0, "2026-03-02 09:00:30.000000"), (5, "[]", 1, None)]


def test_changing_and_clearing_an_answer(tmp_path, clock) -> None:
    with tmp_store(tmp_path, clock) as store:
        attempt_id, _ = begin(store, clock)
        store.save_answer(attempt_id, 0, frozenset({1}))
        store.save_answer(attempt_id, 0, frozenset({0}))
        store.save_answer(attempt_id, 1, frozenset({1}))
        store.save_answer(attempt_id, 1, frozenset())
        items = store.attempt_detail(attempt_id).items
    assert items[0].selection == {0} and items[1].selection == frozenset()


def test_finishing_records_the_verdict_and_each_answer(tmp_path, clock) -> None:
    with tmp_store(tmp_path, clock) as store:
        attempt_id = sit(store, clock, right=34)
        detail = store.attempt_detail(attempt_id)
        with pytest.raises(StoreError, match="already finished"):
            store.save_answer(attempt_id, 0, frozenset({0}))
    summary = detail.summary
    assert (summary.correct, summary.total, summary.passed) == (34, 40, True)
    assert summary.percent == 85.0 and summary.seconds_used == 600
    assert [item.correct for item in detail.items] == [True] * 34 + [False] * 6


@pytest.mark.sqlite_only
def test_the_snapshot_survives_the_bank_being_gone(tmp_path, clock) -> None:
    with tmp_store(tmp_path, clock) as store:
        attempt_id, session = begin(store, clock)
    # A new process, no bank loaded at all: history is still complete.
    with open_store(str(tmp_path / "attempts.sqlite3")) as store:
        texts = [item.question.text for item in store.attempt_detail(attempt_id).items]
    assert texts == [q.text for q in session.questions]


def test_an_unknown_attempt_is_a_store_error(tmp_path, clock) -> None:
    with tmp_store(tmp_path, clock) as store, pytest.raises(StoreError, match="no attempt 99"):
        store.attempt_detail(99)
