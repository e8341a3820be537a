"""The free retry in storage: offered after a failed simulation for 14 days, used once."""

from datetime import timedelta

import pytest
from exam_helpers import make_bank
from store_helpers import begin, sit

from po_exam.store.db import StoreError

# Each test runs on SQLite and on the scratch server database (see conftest.backend).
pytestmark = pytest.mark.usefixtures("backend")

BIG = make_bank(sizes={"events": 60, "artifacts": 60, "value": 60})


def test_a_failed_simulation_grants_one_retry_valid_14_days(store, clock) -> None:
    failed = sit(store, clock, right=33)
    offer = store.pending_retry(clock.now())
    assert offer is not None and offer.attempt_id == failed and offer.mode == "pspo2"
    assert offer.expires_at == clock.now() + timedelta(days=14)
    assert offer.bank_ids == ("demo",)
    assert store.pending_retry(clock.now() + timedelta(days=13, hours=23)) is not None
    assert store.pending_retry(clock.now() + timedelta(days=14)) is None


def test_passing_and_practice_grant_no_retry(store, clock) -> None:
    sit(store, clock, right=34)
    sit(store, clock, right=0, mode="practice", questions=20)
    assert store.pending_retry(clock.now()) is None


def test_the_retry_avoids_the_first_attempts_questions_and_uses_the_offer(store, clock) -> None:
    failed = sit(store, clock, right=0, mode="pspo1", bank=BIG)
    asked = {item.question.key for item in store.attempt_detail(failed).items}
    retry_id, session = begin(
        store, clock, "pspo1", bank=BIG, seed=2, retry_of=failed, avoid=frozenset(asked)
    )
    assert not asked & {q.key for q in session.questions}
    assert store.pending_retry(clock.now()) is None
    assert store.attempt_detail(retry_id).summary.retry_of == failed
    with pytest.raises(StoreError, match="no free retry"):
        begin(store, clock, "pspo1", bank=BIG, retry_of=failed)


def test_a_failed_retry_grants_none(store, clock) -> None:
    failed = sit(store, clock, right=0)
    sit(store, clock, right=0, retry_of=failed, seed=3)
    assert store.pending_retry(clock.now()) is None


def test_an_expired_retry_cannot_be_used(store, clock) -> None:
    failed = sit(store, clock, right=0)
    clock.advance(timedelta(days=15).total_seconds())
    with pytest.raises(StoreError, match="no free retry"):
        begin(store, clock, retry_of=failed)
