"""Per-topic summaries: kept as attempts finish, rebuilt by the upgrade, equal to the answers."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from exam_helpers import T0, make_bank
from sqlmodel import Session
from store_helpers import before_learners, begin, sit, tmp_store

from po_exam.exam.clock import FakeClock
from po_exam.store import history, schema
from po_exam.store.db import open_store
from po_exam.store.store import Store

OTHER = make_bank("other", {"events": 20, "vision": 30})  # "events" in two banks


def fill(store: Store, clock: FakeClock) -> None:
    """Finished attempts over two banks and days, one unfinished, one abandoned."""
    for right in (0, 40, 13, 27):
        sit(store, clock, right=right)
        clock.advance(86_400)
    sit(store, clock, right=7, mode="custom", bank=OTHER, questions=10, pass_mark=50)
    sit(store, clock, right=3, mode="practice", questions=5)
    begin(store, clock, "practice", questions=5)  # unfinished: never counted
    abandoned, _ = begin(store, clock, "practice", questions=5)
    store.abandon_attempt(abandoned, clock.now())


def from_answers(store: Store, **filters: object):  # type: ignore[no-untyped-def]
    """Topic accuracy added up from every answer of the store's learner: what the summaries
    must always say."""
    with Session(store.engine) as session:
        return history.topic_accuracy(session, mine=store._mine(), **filters)  # type: ignore[arg-type]


def check_against_answers(store: Store) -> None:
    assert store.topic_accuracy() == from_answers(store)
    for bank in ("demo", "other", "none"):
        assert store.topic_accuracy(bank=bank) == from_answers(store, bank=bank)
    for hours in (0, 30, 60, 24 * 10):
        since = T0 + timedelta(hours=hours)
        assert store.topic_accuracy(since=since) == from_answers(store, since=since)
    for topic in ("events", "artifacts", "value", "vision", "none"):
        for limit in (30, 2):
            with Session(store.engine) as session:
                assert store.topic_trend(topic, limit) == history.topic_trend(
                    session, topic, limit, store._mine()
                ), topic


def test_the_summaries_kept_as_attempts_finish_equal_the_answers(store, clock) -> None:  # type: ignore[no-untyped-def]
    fill(store, clock)
    accuracy = store.topic_accuracy()
    assert {a.topic for a in accuracy} == {"events", "artifacts", "value", "vision"}
    assert sum(a.total for a in accuracy) == 4 * 40 + 10 + 5  # finished attempts only
    check_against_answers(store)
    trend = store.topic_trend("events")
    assert len(trend) >= 4  # each pspo2 sitting draws from every topic
    assert [p.finished_at for p in trend] == sorted(p.finished_at for p in trend)


def test_finishing_twice_counts_once(store, clock) -> None:  # type: ignore[no-untyped-def]
    attempt_id = sit(store, clock, right=10)
    before = store.topic_accuracy()
    detail = store.attempt_detail(attempt_id)
    from po_exam.exam.grading import Result

    store.finish_attempt(attempt_id, Result(10, detail.summary.total, 85, False), clock.now())
    assert store.topic_accuracy() == before


def test_the_upgrade_from_version_4_builds_them_from_the_answers(tmp_path: Path) -> None:
    path = tmp_path / "v2.sqlite3"
    clock = FakeClock(T0)
    with open_store(str(path), clock=clock) as store:
        fill(store, clock)
        expected = store.topic_accuracy()
        trend = store.topic_trend("events")
    raw = sqlite3.connect(path)
    counts = {
        table: raw.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("attempt", "attempt_bank", "asked_question", "answer", "review_card")
    }
    raw.close()
    before_learners(path, 4)  # back to what version 4 wrote (no summaries, no learners)
    with open_store(str(path), clock=clock) as store:
        assert store.topic_accuracy() == expected
        assert store.topic_trend("events") == trend
        check_against_answers(store)
        assert len(store.list_attempts(limit=100)) == 8
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == schema.schema_version_target()
    for table, count in counts.items():  # nothing lost
        assert raw.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == count, table
    columns = {row[1] for row in raw.execute("PRAGMA table_info(topic_result)")}
    owners = raw.execute("SELECT DISTINCT learner_id FROM topic_total").fetchall()
    raw.close()
    assert columns == schema.TABLES_AT[7]["topic_result"] and owners == [(1,)]


def test_the_upgrade_from_version_5_gives_the_summaries_to_the_default_learner(
    tmp_path: Path,
) -> None:
    path = tmp_path / "v5.sqlite3"
    clock = FakeClock(T0)
    with open_store(str(path), clock=clock) as store:
        fill(store, clock)
        expected = store.topic_accuracy()
    before_learners(path, 5)  # version 5's summaries, without learner_id
    with open_store(str(path), clock=clock) as store:
        assert store.topic_accuracy() == expected
        check_against_answers(store)
        sit(store, clock, right=20)  # finishing adds to the default learner's rows
        check_against_answers(store)


def test_each_learner_reads_only_their_own_summaries(tmp_path: Path, clock) -> None:  # type: ignore[no-untyped-def]
    with tmp_store(tmp_path, clock, learner="ann") as ann:
        fill(ann, clock)
        url = str(ann.location)
        with tmp_store(tmp_path, clock, learner="bob") as bob:
            assert bob.topic_accuracy() == [] and bob.topic_trend("events") == []
            sit(bob, clock, right=40)
            check_against_answers(bob)
            assert sum(a.total for a in bob.topic_accuracy()) == 40
        check_against_answers(ann)
        assert sum(a.total for a in ann.topic_accuracy()) == 4 * 40 + 10 + 5
    with open_store(url, clock=clock, all_learners=True) as everyone:
        assert sum(a.total for a in everyone.topic_accuracy()) == 5 * 40 + 10 + 5
        assert everyone.topic_accuracy() == from_answers(everyone)


def test_an_empty_version_4_database_upgrades_to_empty_summaries(tmp_path: Path) -> None:
    path = tmp_path / "empty-v2.sqlite3"
    open_store(str(path)).close()
    before_learners(path, 4)
    with open_store(str(path)) as store:
        assert store.topic_accuracy() == [] and store.topic_trend("events") == []


@pytest.mark.sqlite_only
def test_the_trend_and_accuracy_reads_use_their_indexes(store, clock) -> None:  # type: ignore[no-untyped-def]
    from po_exam.store import topics

    sit(store, clock, right=10)
    raw = sqlite3.connect(store.location)

    def plan(statement, values):  # type: ignore[no-untyped-def]
        compiled = statement.compile(dialect=store.engine.dialect)
        args = tuple(values.get(k, compiled.params[k]) for k in compiled.positiontup or ())
        return " | ".join(
            row[3] for row in raw.execute("EXPLAIN QUERY PLAN " + compiled.string, args)
        )

    trend = plan(topics.trend_select(), {"topic": "events", "limit": 30, "learner": 1})
    assert "ix_topic_result_topic_finished_at" in trend and "TEMP B-TREE" not in trend, trend
    assert "topic_total" in plan(topics.accuracy_select(False, False), {"learner": 1})
    raw.close()
