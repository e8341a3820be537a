"""The free retry: one, valid 14 days, after a failed simulation, with a fresh draw."""

from datetime import timedelta

from exam_helpers import T0, make_bank

from po_exam.exam.clock import FakeClock
from po_exam.exam.draw import draw_questions
from po_exam.exam.modes import plan_exam
from po_exam.exam.retry import RETRY_VALID, grants_retry, retry_expires, retry_offer


def test_a_failed_simulation_grants_one_retry_valid_14_days() -> None:
    clock = FakeClock(T0)
    offer = retry_offer(7, "pspo1", passed=False, is_retry=False, finished_at=clock.now())
    assert offer is not None and offer.attempt_id == 7
    assert offer.expires_at == T0 + timedelta(days=14) == retry_expires(T0)
    assert offer.valid(clock.now()) and offer.days_left(clock.now()) == 14
    clock.advance(timedelta(days=13, hours=1).total_seconds())
    assert offer.valid(clock.now()) and offer.days_left(clock.now()) == 1
    clock.advance(timedelta(hours=23).total_seconds())
    assert not offer.valid(clock.now()) and offer.days_left(clock.now()) == 0


def test_a_failed_retry_a_pass_and_practice_grant_none() -> None:
    assert not grants_retry("pspo1", passed=False, is_retry=True)
    assert not grants_retry("pspo1", passed=True, is_retry=False)
    assert not grants_retry("practice", passed=False, is_retry=False)
    assert not grants_retry("custom", passed=False, is_retry=False)
    assert grants_retry("pst", passed=False, is_retry=False)
    assert retry_offer(1, "pspo1", passed=False, is_retry=True, finished_at=T0) is None
    assert timedelta(days=14) == RETRY_VALID


def test_expiry_is_computed_from_the_stored_naive_utc_date() -> None:
    assert retry_expires(T0.replace(tzinfo=None)) == T0 + RETRY_VALID


def test_the_retry_draws_a_fresh_set_where_the_pool_allows() -> None:
    bank = make_bank(sizes={"events": 60, "artifacts": 60, "value": 60})
    first = draw_questions([bank], plan_exam("pspo1", [bank], seed=1))
    retry = draw_questions([bank], plan_exam("pspo1", [bank], seed=2), avoid={q.key for q in first})
    assert not {q.key for q in first} & {q.key for q in retry}
    assert len(retry) == 80


def test_a_small_pool_repeats_only_as_many_as_it_must() -> None:
    bank = make_bank(sizes={"events": 50, "artifacts": 50})
    first = draw_questions([bank], plan_exam("pspo1", [bank], seed=1))
    retry = draw_questions([bank], plan_exam("pspo1", [bank], seed=2), avoid={q.key for q in first})
    assert len({q.key for q in first} & {q.key for q in retry}) == 80 - 20


def test_a_failed_free_retry_is_told_it_was_the_retry() -> None:
    from po_exam.exam.retry import was_the_retry

    assert was_the_retry("pspo1", passed=False, is_retry=True)
    assert not was_the_retry("pspo1", passed=False, is_retry=False)
    assert not was_the_retry("pspo1", passed=True, is_retry=True)
    assert not was_the_retry("practice", passed=False, is_retry=True)
