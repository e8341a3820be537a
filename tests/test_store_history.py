"""History queries: newest first with paging and filters, topic accuracy, trend, readiness."""

from datetime import timedelta

import pytest
from exam_helpers import T0, make_bank
from store_helpers import sit

from po_exam.store.history import attempt_filters, finished_newest_first, newest_first

# Each test runs on SQLite and on the scratch server database (see conftest.backend).
pytestmark = pytest.mark.usefixtures("backend")

OTHER = make_bank("other", {"vision": 30})


def test_attempts_newest_first_with_paging(store, clock) -> None:
    ids = [sit(store, clock, right=20, mode="practice", questions=20) for _ in range(5)]
    assert [a.id for a in store.list_attempts()] == ids[::-1]
    assert [a.id for a in store.list_attempts(offset=1, limit=2)] == ids[3:1:-1]
    assert store.count_attempts() == 5


def test_filters_by_bank_mode_and_verdict(store, clock) -> None:
    passed = sit(store, clock, right=40)
    failed = sit(store, clock, right=10)
    other = sit(store, clock, right=5, mode="custom", bank=OTHER, questions=10, pass_mark=50)
    assert [a.id for a in store.list_attempts(passed=True)] == [other, passed]
    assert [a.id for a in store.list_attempts(passed=False)] == [failed]
    assert [a.id for a in store.list_attempts(bank="other")] == [other]
    assert [a.id for a in store.list_attempts(mode="pspo2", bank="demo")] == [failed, passed]
    assert store.count_attempts(mode="pspo2", passed=False) == 1
    summary = store.list_attempts(bank="other")[0]
    assert summary.bank_ids == ("other",) and summary.percent == 50.0


def test_topic_accuracy_weakest_first_and_over_time(store, clock) -> None:
    first = sit(store, clock, right=0)
    clock.advance(86400)
    sit(store, clock, right=40)
    accuracy = store.topic_accuracy()
    assert sum(a.total for a in accuracy) == 80 and sum(a.correct for a in accuracy) == 40
    assert accuracy == sorted(accuracy, key=lambda a: a.correct / a.total)
    since = store.topic_accuracy(since=T0 + timedelta(hours=12))
    assert all(a.correct == a.total for a in since)
    trend = store.topic_trend("events")
    assert trend[0].attempt_id == first
    assert [p.percent for p in trend] == [0.0, 100.0]


def test_score_trend_oldest_first_and_recent_results_newest_first(store, clock) -> None:
    scores = [10, 30, 34, 40]
    ids = [sit(store, clock, right=r) for r in scores]
    assert [a.correct for a in store.score_trend()] == scores
    assert [a.correct for a in store.score_trend(limit=2)] == scores[-2:]
    assert [a.id for a in store.recent_results(limit=3)] == ids[:0:-1]


def test_readiness_from_the_last_five_simulations(store, clock) -> None:
    for right in (10, 40, 40, 20, 34, 34):
        sit(store, clock, right=right)
    sit(store, clock, right=1, mode="practice", questions=20)
    ready = store.readiness(clock.now())
    assert (ready.simulations, ready.passed) == (5, 4)
    assert ready.mean_percent == pytest.approx((40 + 40 + 20 + 34 + 34) / 5 / 40 * 100)


def _plan(store, clauses=None, query=None) -> str:
    query = query if query is not None else newest_first(clauses).limit(50)
    with store.engine.connect() as connection:
        compiled = query.compile(connection, compile_kwargs={"literal_binds": True})
        rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}").all()
    return " | ".join(row[-1] for row in rows)


@pytest.mark.sqlite_only
@pytest.mark.parametrize(
    ("filters", "index"),
    [
        ({}, "ix_attempt_started_at"),
        ({"mode": "pspo1"}, "ix_attempt_mode_started_at"),
        ({"passed": True}, "ix_attempt_passed_started_at"),
        ({"bank": "demo"}, "ix_attempt_started_at"),
    ],
)
def test_the_history_page_walks_an_index_without_sorting(store, filters, index) -> None:
    plan = _plan(store, attempt_filters(**filters))
    assert index in plan
    assert "TEMP B-TREE" not in plan


@pytest.mark.sqlite_only
@pytest.mark.parametrize(
    ("modes", "index"),
    [(None, "ix_attempt_finished_at"), (["pspo1"], "ix_attempt_mode_finished_at")],
)
def test_recent_results_and_readiness_walk_an_index_without_sorting(store, modes, index) -> None:
    plan = _plan(store, query=finished_newest_first(modes).limit(5))
    assert index in plan
    assert "TEMP B-TREE" not in plan
