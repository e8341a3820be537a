"""The attempt service: every change is stored first, refusals stay visible and are retried."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from store_helpers import BANK, Refusal, sit
from test_exam_imports import loaded_after

from po_exam.attempts import (
    AnswerLocked,
    AttemptError,
    Attempts,
    LiveAttempt,
    SessionClosed,
    Unsaved,
)
from po_exam.exam.modes import plan_exam


def start(attempts: Attempts, mode: str = "pspo2", **options: int) -> LiveAttempt:
    return attempts.start(plan_exam(mode, [BANK], seed=1, **options), [BANK])


def answer_right(live: LiveAttempt) -> None:
    """Choose the key of the current question, saved."""
    for option in sorted(live.session.current.correct):
        live.choose(option)
    assert live.save().saved


def first(live: LiveAttempt, kind: str) -> int:
    """Go to the first question of `kind`; its position."""
    i = next(i for i, q in enumerate(live.session.questions) if q.type == kind)
    live.goto(i)
    assert live.save().saved
    return i


def test_the_service_imports_neither_textual_nor_sqlalchemy() -> None:
    watched = ("textual", "sqlalchemy", "sqlmodel", "pydantic")
    code = (
        "import json, sys, po_exam.attempts\n"
        f"print(json.dumps([m for m in {watched!r} if m in sys.modules]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []


def test_the_store_no_longer_imports_the_session() -> None:
    assert loaded_after("po_exam.store", ("po_exam.exam.session",)) == []


def test_a_started_attempt_is_stored_and_each_change_written_before_it_shows(store, clock) -> None:
    attempts = Attempts(store, clock)
    live = start(attempts)
    i = first(live, "single")
    assert live.choose(2) == {2} and live.toggle_flag()
    # Noted, shown, but not applied before it is written.
    assert live.selection(i) == {2} and live.is_flagged(i)
    assert not live.session.is_answered(i) and not live.session.is_flagged(i)
    assert not live.status(i).answered and not live.status(i).unsaved
    assert store.stored_attempt(live.id).answers == {}
    assert live.save().saved
    assert live.status(i).answered and live.unsaved() == []
    stored = store.stored_attempt(live.id)
    assert stored.answers == {i: frozenset({2})} and stored.flags == [i]
    assert stored.position == i and live.session.selection(i) == {2}


def test_a_refused_answer_is_pending_not_answered_and_saved_once_the_database_accepts(
    store, clock
) -> None:
    live = start(Attempts(store, clock))
    refusal = Refusal(store, "save_answer")
    live.choose(1)
    change = live.save()
    assert not change.saved and "disk is full" in change.problem
    # Shown as the learner's choice, but not as answered: the session did not change.
    assert live.selection(0) == {1} and not live.session.is_answered(0)
    status = live.status(0)
    assert status.unsaved and not status.answered
    assert store.stored_attempt(live.id).answers == {}
    assert not live.save().saved and live.unsaved() == [0]
    refusal.on = False
    assert live.save().saved and not live.status(0).unsaved
    assert live.session.selection(0) == {1} and live.unsaved() == []
    assert store.stored_attempt(live.id).answers == {0: frozenset({1})}


def test_a_later_answer_that_is_saved_also_saves_the_pending_ones(store, clock) -> None:
    live = start(Attempts(store, clock))
    refusal = Refusal(store, "save_answer", "database is locked")
    live.choose(0)
    live.goto(1)
    assert not live.save().saved
    refusal.on = False
    live.choose(0)
    assert live.save().saved
    stored = store.stored_attempt(live.id)
    assert stored.answers.keys() == {0, 1} and stored.position == 1


def test_toggling_a_pending_multiple_answer_builds_on_what_is_shown(store, clock) -> None:
    live = start(Attempts(store, clock))
    i = first(live, "multiple")
    refusal = Refusal(store, "save_answer")
    live.choose(0)
    live.save()
    live.choose(2)
    assert live.selection(i) == {0, 2} and live.status(i).unsaved
    refusal.on = False
    live.choose(3)
    live.save()
    assert live.session.selection(i) == {0, 2, 3}


def test_submit_waits_for_unsaved_answers_or_is_told_what_is_lost(store, clock) -> None:
    live = start(Attempts(store, clock))
    answer_right(live)
    live.goto(1)
    Refusal(store, "save_answer")
    live.choose(0)
    assert not live.save().saved
    with pytest.raises(Unsaved, match="question 2 are not saved") as held:
        live.submit()
    assert held.value.positions == [1] and not live.session.submitted
    finished = live.submit(accept_loss=True)
    assert finished.result.correct == 1 and live.session.submitted and finished.lost == (1,)
    assert store.attempt_detail(live.id).items[1].selection == frozenset()


def test_a_refused_final_write_leaves_the_attempt_open_and_a_later_submit_works(
    store, clock
) -> None:
    live = start(Attempts(store, clock))
    answer_right(live)
    refusal = Refusal(store, "finish_attempt")
    with pytest.raises(AttemptError, match=r"not submitted: .*disk is full.*press s"):
        live.submit()
    assert not live.session.submitted and not live.session.closed
    live.toggle_flag()  # still open
    assert live.save().saved
    refusal.on = False
    finished = live.submit()
    assert finished.result.correct == 1 and live.session.submitted
    assert store.attempt_detail(live.id).summary.correct == 1
    assert live.submit() is finished  # nothing grades twice


def test_submit_returns_the_stored_result_with_its_retry(store, clock) -> None:
    attempts = Attempts(store, clock)
    live = start(attempts)
    finished = live.submit()
    again = attempts.outcome(live.id)
    assert again.result == finished.result
    assert finished.retry is not None and again.retry == finished.retry


def test_a_refused_flag_changes_nothing(store, clock) -> None:
    live = start(Attempts(store, clock))
    Refusal(store, "save_flag")
    live.toggle_flag()
    assert not live.save().saved and live.status(0).unsaved and live.is_flagged(0)
    assert not live.session.is_flagged(0) and store.stored_attempt(live.id).flags == []


def test_a_checked_practice_answer_is_locked(store, clock) -> None:
    live = start(Attempts(store, clock), "practice", questions=3)
    live.choose(0)
    assert live.wants_check(0)  # also before the answer is written
    live.check()
    with pytest.raises(AnswerLocked):
        live.choose(1)


def test_an_expired_attempt_refuses_changes(store, clock) -> None:
    live = start(Attempts(store, clock))
    clock.advance(3601)
    with pytest.raises(SessionClosed):
        live.choose(0)


def test_an_open_attempt_conceals_its_keys_until_it_ends(store, clock) -> None:
    attempts = Attempts(store, clock)
    live = start(attempts)
    live.choose(0)
    live.save()
    detail = attempts.detail(live.id)
    assert detail.concealed and detail.items[0].selection == {0}
    assert all(item.correct is None for item in detail.items)
    assert all(not item.question.correct and not item.question.explanation for item in detail.items)
    attempts.abandon(live.id)
    detail = attempts.detail(live.id)
    assert not detail.concealed and detail.items[0].question.correct
    assert detail.summary.abandoned and detail.summary.correct is None


def test_an_abandoned_attempt_is_kept_but_never_continued_or_counted(store, clock) -> None:
    attempts = Attempts(store, clock)
    sit(store, clock, right=40)
    live = start(attempts)
    live.choose(0)
    live.save()
    before = store.readiness(clock.now())
    attempts.abandon(live.id)
    assert store.unfinished_attempt() is None
    assert store.readiness(clock.now()) == before
    assert [a.id for a in store.list_attempts(status="abandoned")] == [live.id]
    assert store.list_attempts(status="unfinished") == []
    assert live.id not in [a.id for a in store.list_attempts(passed=False)]
    assert live.id not in [a.id for a in store.recent_results(5)]
    live.choose(1)
    assert not live.save().saved  # the store refuses changes to it
    with pytest.raises(AttemptError, match="over"):
        attempts.resume(live.id)
    with pytest.raises(AttemptError, match="not abandoned"):
        attempts.abandon(live.id)


def test_an_abandoned_timed_attempt_is_not_graded_when_its_time_runs_out(store, clock) -> None:
    attempts = Attempts(store, clock)
    live = start(attempts)
    attempts.abandon(live.id)
    clock.advance(2 * 3600)
    assert attempts.expire() == []
    assert store.attempt_detail(live.id).summary.finished_at is None


def test_the_free_retry_draws_fresh_questions(store, clock) -> None:
    attempts = Attempts(store, clock)
    failed = start(attempts).submit()
    assert failed.retry is not None
    retry = attempts.start_retry(failed.retry, [BANK], seed=2)
    assert retry.is_retry and retry.retry_of == failed.attempt_id
    asked = {item.question.key for item in store.attempt_detail(failed.attempt_id).items}
    assert not asked & {q.key for q in retry.session.questions}
    finished = retry.submit()
    assert finished.retry is None  # a failed retry earns no further one


def test_the_home_summary_grades_what_ran_out_while_away(store, clock) -> None:
    attempts = Attempts(store, clock)
    start(attempts)
    clock.advance(2 * 3600)
    home = attempts.home(recent=5, mistakes_limit=50)
    assert home.expired == 1 and home.unfinished is None and len(home.recent) == 1


def test_an_upgraded_version_1_database_gets_the_abandoned_column(tmp_path) -> None:
    import sqlite3

    from po_exam.store import schema
    from po_exam.store.db import open_store

    path = tmp_path / "v1.sqlite3"
    open_store(str(path)).close()
    raw = sqlite3.connect(path)  # back to what version 1 wrote
    raw.executescript(
        "ALTER TABLE attempt DROP COLUMN abandoned_at; ALTER TABLE attempt DROP COLUMN certainty;"
        " ALTER TABLE answer DROP COLUMN certainty; ALTER TABLE answer DROP COLUMN seconds;"
        " ALTER TABLE attempt DROP COLUMN rescored_correct;"
        " ALTER TABLE attempt DROP COLUMN rescored_at;"
        " ALTER TABLE asked_question DROP COLUMN content_hash;"
        " ALTER TABLE answer DROP COLUMN rescored; DROP TABLE dispute;"
        " ALTER TABLE attempt DROP COLUMN ungraded;"
        " ALTER TABLE asked_question DROP COLUMN model_answer;"
        " ALTER TABLE asked_question DROP COLUMN rubric;"
        " ALTER TABLE asked_question DROP COLUMN objective;"
        " ALTER TABLE answer DROP COLUMN essay; ALTER TABLE answer DROP COLUMN grade;"
        " PRAGMA user_version = 1;"
    )
    raw.close()
    with open_store(str(path)) as store:
        assert store.unfinished_attempt() is None
    raw = sqlite3.connect(path)
    columns = [row[1] for row in raw.execute("PRAGMA table_info(attempt)")]
    version = raw.execute("PRAGMA user_version").fetchone()[0]
    raw.close()
    assert "abandoned_at" in columns and version == schema.schema_version_target()


def test_a_driver_error_that_escapes_the_store_is_a_refusal_too(store, clock) -> None:
    import sqlite3

    from sqlalchemy.exc import OperationalError

    live = start(Attempts(store, clock))

    def locked(*args: object) -> None:
        raise OperationalError("UPDATE", {}, sqlite3.OperationalError("database is locked"))

    store.save_answer = locked  # type: ignore[method-assign]
    live.choose(0)
    change = live.save()
    assert not change.saved and "database is locked" in change.problem
    assert live.unsaved() == [0] and not live.session.is_answered(0)


def test_noting_a_change_never_waits_for_a_write_under_way(store, clock) -> None:
    import threading

    live = start(Attempts(store, clock))
    writing, release = threading.Event(), threading.Event()
    real = store.save_answer

    def slow(*args: object) -> None:  # a write held up, as by a locked database
        writing.set()
        release.wait(10)
        real(*args)

    store.save_answer = slow  # type: ignore[method-assign]
    live.choose(0)
    saver = threading.Thread(target=live.save)
    saver.start()
    assert writing.wait(10)
    noted = threading.Event()

    def note() -> None:
        live.goto(1)
        live.choose(1)
        noted.set()

    threading.Thread(target=note).start()
    try:
        assert noted.wait(10)  # while the first write still waits
        assert not live.session.is_answered(0) and live.selection(1) == {1}
    finally:
        release.set()
        saver.join(10)
    assert live.save().saved
    stored = store.stored_attempt(live.id)
    assert stored.answers == {0: frozenset({0}), 1: frozenset({1})} and stored.position == 1
