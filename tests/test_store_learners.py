"""Learners: each sees only their own attempts and review cards; old databases keep theirs."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from store_helpers import begin, sit, tmp_store

from po_exam.paths import learner_name
from po_exam.store import schema
from po_exam.store.db import open_store
from po_exam.store.errors import StoreError

pytestmark = pytest.mark.usefixtures("backend")
V2 = Path(__file__).parent / "data" / "schema-v2.sqlite3"
"""A database written by po-exam at schema version 2 (before learners): a passed and a
failed PSPO I, a practice round and an open attempt with an answer and a flag."""


def _rows(path: Path, sql: str) -> list[tuple]:
    raw = sqlite3.connect(path)
    try:
        return raw.execute(sql).fetchall()
    finally:
        raw.close()


@pytest.mark.sqlite_only
def test_the_upgrade_gives_a_single_users_history_to_the_default_learner(tmp_path, clock) -> None:
    path = tmp_path / "old.sqlite3"
    shutil.copy(V2, path)
    attempts = _rows(path, "SELECT * FROM attempt ORDER BY id")
    answers = _rows(path, "SELECT * FROM answer ORDER BY attempt_id, position")
    asked = _rows(path, "SELECT * FROM asked_question ORDER BY attempt_id, position")
    cards = _rows(path, "SELECT * FROM review_card ORDER BY bank_id, question_id")
    assert len(attempts) == 4 and len(cards) == 80 and answers
    clock.advance(86400)
    with open_store(str(path), clock=clock) as store:
        assert store.learner is not None and store.learner.name == "default"
        assert [a.id for a in store.list_attempts()] == [4, 3, 2, 1]
        assert store.unfinished_attempt().id == 4
        assert store.stored_attempt(4).answers == {0: frozenset({0})}
        assert store.stored_attempt(4).flags == [1]
        assert store.pending_retry(clock.now()).attempt_id == 2
        assert len(store.mistakes_due(clock.now(), 100)) == sum(c[4] > 0 for c in cards) > 0
        assert store.readiness(clock.now()).simulations == 2
        assert sum(a.total for a in store.topic_accuracy()) > 0  # summaries, per learner
    assert _rows(path, "SELECT DISTINCT learner_id FROM topic_result") == [(1,)]
    assert _rows(path, "SELECT DISTINCT learner_id FROM topic_total") == [(1,)]
    assert _rows(path, "PRAGMA user_version") == [(schema.schema_version_target(),)]
    assert _rows(path, "SELECT id, name FROM learner") == [(1, "default")]
    # Nothing lost: every old column of every row is as it was, and each belongs to learner 1.
    width = len(attempts[0])  # later versions add columns after the old ones
    assert [r[:width] for r in _rows(path, "SELECT * FROM attempt ORDER BY id")] == attempts
    assert _rows(path, "SELECT DISTINCT learner_id FROM attempt") == [(1,)]
    new_answers = _rows(path, "SELECT * FROM answer ORDER BY attempt_id, position")
    assert [r[: len(answers[0])] for r in new_answers] == answers
    new_asked = _rows(path, "SELECT * FROM asked_question ORDER BY attempt_id, position")
    assert [r[: len(asked[0])] for r in new_asked] == asked
    columns = "bank_id, question_id, card, due, wrong, right, last_review"
    new_cards = _rows(path, f"SELECT learner_id, {columns} FROM review_card ORDER BY 2, 3")
    assert [r[1:] for r in new_cards] == cards and {r[0] for r in new_cards} == {1}


def test_no_learner_sees_anothers_attempts_or_review_cards(tmp_path, clock) -> None:
    with tmp_store(tmp_path, clock, learner="ann") as ann:
        ann_passed = sit(ann, clock, right=75, mode="pspo1")
        clock.advance(60)
        ann_failed = sit(ann, clock, right=20, mode="pspo1")
        ann_open, _ = begin(ann, clock, "pspo1")
        with tmp_store(tmp_path, clock, learner="bob") as bob:
            assert bob.learner.name == "bob" and bob.learner.id != ann.learner.id
            assert bob.list_attempts() == [] and bob.count_attempts() == 0
            assert list(bob.iter_attempts()) == [] and bob.recent_results(5) == []
            assert bob.unfinished_attempt() is None and bob.score_trend() == []
            assert bob.pending_retry(clock.now()) is None
            assert bob.readiness(clock.now()).simulations == 0
            assert (
                bob.topic_accuracy() == []
                and bob.expired_attempts(clock.now() + timedelta(days=9)) == []
            )
            assert bob.mistakes_due(clock.now() + timedelta(days=1), 100) == []
            for attempt_id in (ann_passed, ann_failed, ann_open):
                with pytest.raises(StoreError, match=f"no attempt {attempt_id}"):
                    bob.attempt_detail(attempt_id)
            with pytest.raises(StoreError, match="no attempt"):
                bob.save_answer(ann_open, 0, frozenset({0}))
            with pytest.raises(StoreError, match="no attempt"):
                bob.stored_attempt(ann_open)
            bob_id = sit(bob, clock, right=70, mode="pspo1")
            assert [a.id for a in bob.list_attempts()] == [bob_id]
            assert sum(a.total for a in bob.topic_accuracy()) == 80  # his summaries only
            topic = bob.topic_accuracy()[0].topic
            assert [p.attempt_id for p in bob.topic_trend(topic)] == [bob_id]
        assert sum(a.total for a in ann.topic_accuracy()) == 2 * 80
        assert [a.id for a in ann.list_attempts()] == [ann_open, ann_failed, ann_passed]
        assert ann.pending_retry(clock.now()).attempt_id == ann_failed
        assert ann.mistakes_due(clock.now() + timedelta(days=1), 100)
        names = [learner.name for learner in ann.learners()]
        assert sorted(names) == ["ann", "bob"] or sorted(names) == ["ann", "bob", "default"]


def test_all_learners_reads_everyones_attempts(tmp_path, clock) -> None:
    with tmp_store(tmp_path, clock, learner="ann") as ann:
        first = sit(ann, clock, right=70, mode="pspo1")
    with tmp_store(tmp_path, clock, learner="bob") as bob:
        second = sit(bob, clock, right=70, mode="pspo1")
        url = str(bob.engine.url.render_as_string(hide_password=False))
    with open_store(url, clock=clock, all_learners=True) as everyone:
        assert {a.id for a in everyone.list_attempts()} == {first, second}
        assert everyone.count_attempts() == 2
        with pytest.raises(StoreError, match="Choose a learner"):
            sit(everyone, clock, right=1)


def test_settings_are_each_learners_own(tmp_path, clock) -> None:
    with tmp_store(tmp_path, clock, learner="ann") as ann:
        ann.save_learner_setting("exam_date", "2026-04-01")
        ann.save_learner_setting("certainty", True)
        with tmp_store(tmp_path, clock, learner="bob") as bob:
            assert bob.learner_settings() == {}
            bob.save_learner_setting("certainty", False)
        assert ann.learner_settings() == {"exam_date": "2026-04-01", "certainty": True}


def test_a_learner_needs_a_printable_name(tmp_path, clock) -> None:
    for bad, message in (
        ("   ", "needs a name"),
        ("x" * 65, "at most 64"),
        ("a\x1b[2Jb", "control"),
    ):
        with pytest.raises(StoreError, match=message):
            tmp_store(tmp_path, clock, learner=bad)
    with tmp_store(tmp_path, clock, learner="  Ann   Lee ") as store:
        assert store.learner.name == "Ann Lee"


@pytest.mark.sqlite_only
def test_reading_only_never_makes_a_learner(tmp_path, clock) -> None:
    path = tmp_path / "one.sqlite3"
    with open_store(str(path), clock=clock, learner="ann") as store:
        sit(store, clock, right=70, mode="pspo1")
    with pytest.raises(StoreError, match=r"no learner 'zed' \(learners: ann, default\)"):
        open_store(str(path), read_only=True, learner="zed")
    assert _rows(path, "SELECT name FROM learner ORDER BY name") == [("ann",), ("default",)]
    with open_store(str(path), read_only=True) as store:  # the local default: nothing of ann's
        assert store.learner.name == "default" and store.list_attempts() == []


def test_the_learner_comes_from_the_option_then_the_environment(monkeypatch) -> None:
    monkeypatch.delenv("PO_EXAM_LEARNER", raising=False)
    assert learner_name(None) is None
    monkeypatch.setenv("PO_EXAM_LEARNER", "eve")
    assert learner_name(None) == "eve"
    assert learner_name("ann") == "ann"


def test_a_shared_database_waits_for_a_learner(backend, clock) -> None:
    if backend == "sqlite":
        pytest.skip("a SQLite file is personal: it always has its default learner")
    import store_helpers

    with open_store(store_helpers.SERVER["url"], clock=clock) as store:
        assert store.shared and store.learner is None
        with pytest.raises(StoreError, match="Choose a learner"):
            store.list_attempts()
        store.use_learner("ann")
        assert store.list_attempts() == []
