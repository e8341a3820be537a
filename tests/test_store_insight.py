"""Certainty and time per answer in the store, the exam-day plan, and readiness inputs."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

from store_helpers import BANK, sit

from po_exam.attempts import Attempts, LiveAttempt
from po_exam.exam.insight import LOW, MEDIUM
from po_exam.exam.modes import plan_exam
from po_exam.store import review
from po_exam.store.convert import from_db
from po_exam.store.db import open_store
from po_exam.store.tables import ReviewCard


def start(attempts: Attempts, mode: str = "pspo2", **options) -> LiveAttempt:
    return attempts.start(plan_exam(mode, [BANK], seed=1, **options), [BANK])


def wrong_option(live: LiveAttempt, i: int) -> int:
    question = live.session.questions[i]
    return next(o for o in range(len(question.options)) if o not in question.correct)


def test_certainty_is_on_in_practice_and_off_in_simulations_unless_asked() -> None:
    assert plan_exam("practice", [BANK]).certainty and plan_exam("review", [BANK]).certainty
    assert not plan_exam("pspo1", [BANK]).certainty and not plan_exam("custom", [BANK]).certainty
    assert plan_exam("pspo1", [BANK], certainty=True).certainty


def test_certainty_and_time_are_stored_with_the_answer_and_come_back_on_resume(
    store, clock
) -> None:
    attempts = Attempts(store, clock)
    live = start(attempts, "practice", questions=3)
    live.choose(0)
    assert live.rate_certainty() == LOW and live.rate_certainty() == MEDIUM
    clock.advance(20)
    live.goto(1)  # 20 s on question 1
    clock.advance(5)
    live.goto(0)  # 5 s on question 2
    clock.advance(10)  # back on question 1 for 10 s more
    assert live.save().saved
    again = attempts.resume(live.id)
    assert again.certainty(0) == MEDIUM and again.certainty(1) is None
    assert again.session.seconds(0) == 30 and again.session.seconds(1) == 5
    assert again.session.settings.certainty


def test_time_after_submit_and_wall_clock_jumps_are_not_counted(store, clock) -> None:
    from exam_helpers import T0

    attempts = Attempts(store, clock)
    live = start(attempts, "practice", questions=2)
    clock.set_wall(T0 + timedelta(days=3))  # the wall clock jumps: no time passes
    clock.advance(7)
    live.submit()
    clock.advance(100)
    assert store.attempt_detail(live.id).items[0].seconds == 7


def test_certainty_never_changes_the_grade(store, clock) -> None:
    attempts = Attempts(store, clock)
    plain, rated = start(attempts, "pspo2"), None
    for i in range(plain.session.count):
        plain.goto(i)
        plain.choose(wrong_option(plain, i) if i % 2 else min(plain.session.current.correct))
    first = plain.submit().result
    rated = start(attempts, "pspo2")
    for i in range(rated.session.count):
        rated.goto(i)
        rated.choose(wrong_option(rated, i) if i % 2 else min(rated.session.current.correct))
        for _ in range(3 if i % 2 else 1):
            rated.rate_certainty()  # wrong ones at high certainty, right ones at low
    second = rated.submit().result
    # The second attempt's question draw is the same (same seed), so the scores must match.
    assert (second.correct, second.total, second.passed) == (first.correct, first.total, False)
    insight = attempts.insight(rated.id)
    assert len(insight.calibration.confident_mistakes) == rated.session.count // 2
    assert insight.calibration.levels[0].answered == rated.session.count - rated.session.count // 2


def test_confident_mistakes_come_first_in_review(store, clock) -> None:
    attempts = Attempts(store, clock)
    live = start(attempts, "practice", questions=6)
    for i in range(6):
        live.goto(i)
        live.choose(wrong_option(live, i))
        if i == 4:
            for _ in range(3):
                live.rate_certainty()
    live.submit()
    due = store.mistakes_due(clock.now(), 10)
    assert len(due) == 6 and due[0] == live.session.questions[4].key


def practise_mistakes(store, clock) -> list[ReviewCard]:
    """Four questions missed once, then answered right every three days for three weeks."""
    attempts = Attempts(store, clock)
    sit(store, clock, 0, "practice", questions=4)
    for _ in range(7):
        clock.advance(3 * 86400)
        live = start(attempts, "practice", questions=4)
        for i in range(4):
            live.goto(i)
            for option in sorted(live.session.current.correct):
                live.choose(option)
        live.submit()
    with store._read() as session:
        return list(session.exec(review.select(ReviewCard)).all())


def test_with_an_exam_day_no_mistake_is_scheduled_after_it(store, clock) -> None:
    exam = (clock.now() + timedelta(days=25)).date()
    store.exam_day = exam
    cards = practise_mistakes(store, clock)
    assert cards and all(card.wrong for card in cards)
    assert max(from_db(card.due).date() for card in cards) <= exam


def test_without_an_exam_day_intervals_grow_past_it(store, clock) -> None:
    exam = (clock.now() + timedelta(days=25)).date()
    cards = practise_mistakes(store, clock)
    assert max(from_db(card.due).date() for card in cards) > exam


def test_the_scheduler_is_aimed_at_the_exam_day_with_fsrs_parameters(clock) -> None:
    now = clock.now()
    aimed = review.scheduler_for(now, (now + timedelta(days=9)).date())
    assert aimed.maximum_interval == 9 and aimed.desired_retention == review.EXAM_RETENTION
    assert review.scheduler_for(now, now.date()) is review.SCHEDULER  # the day has come
    assert review.scheduler_for(now, None) is review.SCHEDULER


def test_the_exam_plan_counts_days_due_today_and_mistakes_below_the_target(store, clock) -> None:
    sit(store, clock, 1, "practice", questions=4)  # three mistakes
    exam = clock.now().date() + timedelta(days=10)
    plan = store.exam_plan(clock.now(), exam)
    assert plan.days_left == 10 and plan.due_today == 3 and plan.below_target == 3
    assert plan.per_day == 1 and plan.retention == review.EXAM_RETENTION
    home = Attempts(store, clock)
    home.exam_day = exam
    assert home.home(recent=5, mistakes_limit=50).plan == plan
    home.exam_day = None
    assert home.home(recent=5, mistakes_limit=50).plan is None


def test_simulation_answers_tell_first_seen_from_repeated_questions(store, clock) -> None:
    practice = sit(store, clock, 4, "practice", questions=4, seed=3)
    asked = {item.question.key for item in store.attempt_detail(practice).items}
    sim = sit(store, clock, 40, "pspo2", seed=3)
    found = store.simulation_answers(clock.now())
    assert [s.attempt_id for s in found] == [sim]  # practice is never counted
    items = store.attempt_detail(sim).items
    expected = tuple((bool(i.correct), i.question.key not in asked) for i in items)
    assert found[0].answers == expected
    assert sum(not first for _, first in expected) == len(asked & {i.question.key for i in items})
    progress = Attempts(store, clock).progress(30)
    assert progress.outlook is not None and progress.outlook.simulations == 1


def test_answers_export_has_one_row_per_question(store, clock) -> None:
    attempts = Attempts(store, clock)
    live = start(attempts, "practice", questions=2)
    live.choose(0)
    live.rate_certainty()
    clock.advance(12)
    live.submit()
    rows = list(store.iter_answers())
    assert [(r.attempt_id, r.position) for r in rows] == [(live.id, 0), (live.id, 1)]
    first = rows[0]
    assert first.certainty == LOW and first.seconds == 12 and first.selection == {0}
    assert first.answered_at is not None and rows[1].selection == frozenset()
    assert store.median_seconds([live.id]) == {live.id: 12.0}


def test_a_version_2_database_is_upgraded_with_nothing_lost(tmp_path, clock) -> None:
    path = tmp_path / "v2.sqlite3"
    with open_store(str(path), clock=clock) as store:
        attempt = sit(store, clock, 30, "pspo2")
        before = store.attempt_detail(attempt)
    raw = sqlite3.connect(path)  # back to what version 2 wrote
    raw.executescript(
        "ALTER TABLE attempt DROP COLUMN certainty; ALTER TABLE answer DROP COLUMN certainty;"
        " ALTER TABLE answer DROP COLUMN seconds;"
        # and what later versions added
        " ALTER TABLE attempt DROP COLUMN rescored_correct;"
        " ALTER TABLE attempt DROP COLUMN rescored_at;"
        " ALTER TABLE asked_question DROP COLUMN content_hash;"
        " ALTER TABLE answer DROP COLUMN rescored; DROP TABLE dispute;"
        " ALTER TABLE attempt DROP COLUMN ungraded;"  # and version 6's essay columns
        " ALTER TABLE asked_question DROP COLUMN model_answer;"
        " ALTER TABLE asked_question DROP COLUMN rubric;"
        " ALTER TABLE asked_question DROP COLUMN objective;"
        " ALTER TABLE answer DROP COLUMN essay; ALTER TABLE answer DROP COLUMN grade;"
        " PRAGMA user_version = 2;"
    )
    raw.close()
    with open_store(str(path), clock=clock) as store:
        after = store.attempt_detail(attempt)
    assert after == before
    raw = sqlite3.connect(path)
    answer = [row[1] for row in raw.execute("PRAGMA table_info(answer)")]
    attempt_columns = [row[1] for row in raw.execute("PRAGMA table_info(attempt)")]
    raw.close()
    assert {"certainty", "seconds"} <= set(answer) and "certainty" in attempt_columns


def test_an_exam_day_in_the_past_is_no_plan_target(store, clock) -> None:
    sit(store, clock, 0, "practice", questions=2)
    plan = store.exam_plan(clock.now(), date(2020, 1, 1))
    assert plan.days_left < 0 and plan.per_day == 0


def test_a_mistake_scheduled_before_the_exam_day_was_set_is_due_on_its_eve(store, clock) -> None:
    cards = practise_mistakes(store, clock)  # no exam day: intervals of weeks
    latest = max(from_db(card.due) for card in cards)
    exam = (clock.now() + timedelta(days=5)).date()
    assert latest.date() > exam and store.mistakes_due(clock.now(), 10) == []
    store.exam_day = exam
    assert store.mistakes_due(clock.now(), 10) == []  # not yet: four days to go
    assert store.exam_plan(clock.now(), exam).due_today == 0
    clock.advance(4 * 86400)  # the eve of the exam
    assert len(store.mistakes_due(clock.now(), 10)) == 4
    assert store.exam_plan(clock.now(), exam).due_today == 4
    clock.advance(2 * 86400)  # the exam is over: back to fsrs' own dates
    assert store.mistakes_due(clock.now(), 10) == []


def test_certainty_is_locked_once_a_practice_answer_is_checked(store, clock) -> None:
    import pytest

    from po_exam.attempts import AnswerLocked

    live = start(Attempts(store, clock), "practice", questions=2)
    live.choose(0)
    live.rate_certainty()
    live.check()  # the feedback with the key is shown
    with pytest.raises(AnswerLocked):
        live.rate_certainty()
    assert live.certainty(0) == LOW
