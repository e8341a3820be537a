"""The passport rule: with a passport date, a failed PSPO I simulation earns the free retry only
when it was started within 14 days of receiving the passport; without one, today's rule."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from exam_helpers import T0, make_bank

from po_exam.attempts import Attempts
from po_exam.exam.modes import plan_exam
from po_exam.exam.retry import grants_retry, in_passport_window, passport_days_left

BIG = make_bank(sizes={"events": 60, "artifacts": 60, "value": 60})
PASSPORT = T0.date()  # received the day of T0; day 14 is T0 + 14 days


def fail(attempts: Attempts, mode: str = "pspo1", seed: int = 1, retry_of: int | None = None):
    """Start a simulation now and submit it with nothing answered (a fail)."""
    if retry_of is None:
        live = attempts.start(plan_exam(mode, [BIG], seed=seed), [BIG])
    else:
        offer = attempts.store.pending_retry(attempts.clock.now())
        assert offer is not None and offer.attempt_id == retry_of
        live = attempts.start_retry(offer, [BIG], seed=seed)
    return live.submit()


@pytest.mark.parametrize(
    ("day", "within"), [(-1, False), (0, True), (1, True), (13, True), (14, True), (15, False)]
)
def test_the_window_is_day_0_to_day_14(day: int, within: bool) -> None:
    started = datetime.combine(PASSPORT + timedelta(days=day), T0.timetz())
    assert in_passport_window(started, PASSPORT) is within
    late = started.replace(hour=23, minute=59)
    assert in_passport_window(late, PASSPORT) is within


def test_days_left_count_down_to_the_last_day_and_then_closed() -> None:
    assert passport_days_left(PASSPORT, T0) == 14
    assert passport_days_left(PASSPORT, T0 + timedelta(days=13)) == 1
    assert passport_days_left(PASSPORT, T0 + timedelta(days=14)) == 0  # the last day
    assert passport_days_left(PASSPORT, T0 + timedelta(days=15)) == -1  # closed
    assert passport_days_left(PASSPORT, T0 + timedelta(days=90)) == -1


def test_the_rule_applies_to_pspo1_only_and_only_with_a_date() -> None:
    day15 = T0 + timedelta(days=15)
    assert grants_retry("pspo1", False, False)  # no date: today's rule
    assert grants_retry("pspo1", False, False, started_at=day15)
    assert not grants_retry("pspo1", False, False, started_at=day15, passport=PASSPORT)
    assert grants_retry("pspo2", False, False, started_at=day15, passport=PASSPORT)
    assert not grants_retry("pspo1", True, False, started_at=T0, passport=PASSPORT)
    assert not grants_retry("pspo1", False, True, started_at=T0, passport=PASSPORT)


def test_a_simulation_started_on_day_14_earns_the_retry(store, clock) -> None:
    attempts = Attempts(store, clock, passport=PASSPORT)
    clock.advance(14 * 24 * 3600 + 14 * 3600)  # day 14, 23:00
    finished = fail(attempts)
    assert finished.retry is not None and finished.retry.attempt_id == finished.attempt_id
    assert store.pending_retry(clock.now()) == finished.retry


def test_a_simulation_started_on_day_15_earns_none(store, clock) -> None:
    attempts = Attempts(store, clock, passport=PASSPORT)
    clock.advance(15 * 24 * 3600 - 9 * 3600)  # day 15, 00:00
    finished = fail(attempts)
    assert finished.retry is None
    assert store.pending_retry(clock.now()) is None
    attempts.passport = None  # the learner clears the date: today's rule again
    assert store.pending_retry(clock.now()) is not None


def test_started_on_day_14_and_finished_on_day_15_still_counts(store, clock) -> None:
    attempts = Attempts(store, clock, passport=PASSPORT)
    clock.advance(14 * 24 * 3600 + 14 * 3600 + 30 * 60)  # day 14, 23:30
    live = attempts.start(plan_exam("pspo1", [BIG], seed=3), [BIG])
    clock.advance(45 * 60)  # day 15 by the time it is submitted
    assert live.submit().retry is not None


def test_a_retry_that_fails_earns_no_further_one(store, clock) -> None:
    attempts = Attempts(store, clock, passport=PASSPORT)
    clock.advance(3 * 24 * 3600)
    first = fail(attempts)
    assert first.retry is not None
    clock.advance(13 * 24 * 3600)  # day 16: past the window, the offer is still valid
    retry = fail(attempts, seed=2, retry_of=first.attempt_id)
    assert retry.retry_of == first.attempt_id and retry.retry is None
    assert store.pending_retry(clock.now()) is None


def test_home_shows_the_days_left_in_the_window(store, clock) -> None:
    attempts = Attempts(store, clock)
    assert attempts.home(recent=5, mistakes_limit=5).passport_days is None
    attempts.passport = date(2026, 3, 1)  # T0 is 2 March: day 1
    assert attempts.home(recent=5, mistakes_limit=5).passport_days == 13


async def test_the_passport_date_is_set_on_home_kept_and_shown(tmp_path) -> None:
    from test_ui_helpers import make_app, settle

    from po_exam.ui.app import saved_passport
    from po_exam.ui.screens.passport import PassportScreen

    app, _ = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, PassportScreen)
        await pilot.press(*"1 March", "enter")
        await settle(pilot)
        assert "not a date" in str(app.screen.query_one("#problem").render())
        await pilot.press(*["backspace"] * 7, *"2026-03-01", "enter")
        await settle(pilot)
        assert app.attempts is not None and app.attempts.passport == date(2026, 3, 1)
        assert saved_passport() == date(2026, 3, 1)
        pending = str(app.screen.query_one("#pending").render())
        assert "Passport window: 13 days left" in pending
        await pilot.press("p", *["backspace"] * 10, "enter")
        await settle(pilot)
        assert app.attempts.passport is None and saved_passport() is None
        assert "Passport window" not in str(app.screen.query_one("#pending").render())
