"""Question versions: the content hash stored per asked question, changes seen, re-grading."""

from __future__ import annotations

import sqlite3

import pytest
from author_helpers import rekey, small_bank, take
from exam_helpers import T0

from po_exam.exam.asked import ask
from po_exam.exam.versions import CurrentVersions, asked_hash, content_hash, question_hash
from po_exam.store import schema
from po_exam.store.db import open_store


def test_the_hash_ignores_display_order_but_not_text_options_or_key() -> None:
    bank = small_bank()
    q = bank.questions[0]
    shuffled = ask(bank.id, q, "Events", order=(3, 1, 0, 2))
    assert asked_hash(shuffled) == question_hash(q) == asked_hash(ask(bank.id, q, "Events"))
    assert len(question_hash(q)) == 16
    base = content_hash("Stem?", ["a", "b"], ["a"])
    assert content_hash("Stem?", ["b", "a"], ["a"]) == base
    assert content_hash("Stem!", ["a", "b"], ["a"]) != base
    assert content_hash("Stem?", ["a", "c"], ["a"]) != base
    assert content_hash("Stem?", ["a", "b"], ["b"]) != base
    explained = small_bank(q0={"explanation": "Reworded why."}).questions[0]
    assert question_hash(explained) == question_hash(q)  # a new "why" changes no verdict


@pytest.mark.sqlite_only
def test_each_asked_question_stores_its_hash(store, clock, tmp_path) -> None:
    bank = small_bank()
    attempt = take(store, clock, bank, {"q0": "A"})
    detail = store.attempt_detail(attempt)
    hashes = {item.question.question_id: item.content_hash for item in detail.items}
    assert hashes == {q.id: question_hash(q) for q in bank.questions}
    raw = sqlite3.connect(tmp_path / "attempts.sqlite3")
    stored = dict(raw.execute("SELECT question_id, content_hash FROM asked_question"))
    raw.close()
    assert stored == hashes


def test_current_versions_hash_lazily_and_tell_changes() -> None:
    old, new = small_bank(), rekey(small_bank(), "q1", "B")
    versions = CurrentVersions([new])
    assert versions._hashes == {}
    assert not versions.changed(("items", "q0"), question_hash(old.questions[0]))
    assert versions.changed(("items", "q1"), question_hash(old.questions[1]))
    assert not versions.changed(("other", "q1"), "feedfeedfeedfeed")  # not loaded: unknown
    assert not versions.changed(("items", "q1"), None)
    assert set(versions._hashes) == {("items", "q0"), ("items", "q1")}


def test_rescore_keeps_the_original_verdict_beside_the_new_one(store, clock) -> None:
    bank = small_bank()
    picks = {"q0": "A", "q1": "B", "q2": "A", "q3": "C", "q4": None}
    attempt = take(store, clock, bank, picks)
    assert store.attempt_detail(attempt).summary.correct == 2
    assert store.changed_answers(CurrentVersions([bank])) == []

    fixed = rekey(bank, "q1", "B")  # the author re-keys q1: B was right all along
    changes = store.changed_answers(CurrentVersions([fixed]))
    assert [(c.question_id, c.graded, c.now, c.reason) for c in changes] == [
        ("q1", False, True, "")
    ]
    assert store.attempt_detail(attempt).summary.rescored_correct is None  # nothing silently

    [scored] = store.rescore(changes, T0)
    assert (scored.attempt_id, scored.correct, scored.rescored, scored.total) == (attempt, 2, 3, 5)
    detail = store.attempt_detail(attempt)
    assert (detail.summary.correct, detail.summary.rescored_correct) == (2, 3)
    by_id = {item.question.question_id: item for item in detail.items}
    assert (by_id["q1"].correct, by_id["q1"].rescored) == (False, True)
    assert by_id["q0"].rescored is None
    assert store.list_attempts()[0].rescored_correct == 3  # history's fast path reads it too
    assert store.changed_answers(CurrentVersions([fixed])) == []  # done once

    # The author puts the old key back: the re-grade is undone, the original stands.
    restored = store.changed_answers(CurrentVersions([bank]))
    assert [(c.question_id, c.reason) for c in restored] == [("q1", "restored")]
    store.rescore(restored, T0)
    assert store.attempt_detail(attempt).summary.rescored_correct is None


def test_a_question_whose_options_changed_is_not_regraded(store, clock) -> None:
    bank = small_bank()
    take(store, clock, bank, {"q0": "A"})
    reworded = small_bank(q0={"options": [{"text": "new A", "correct": True}, {"text": "q0 B"}]})
    [change] = store.changed_answers(CurrentVersions([reworded]))
    assert (change.question_id, change.now, change.reason) == (
        "q0",
        None,
        "its options changed, not only its key",
    )
    [scored] = store.rescore([change], T0)
    assert scored.rescored == scored.correct


def test_a_database_of_the_previous_version_is_upgraded_with_nothing_lost(
    tmp_path, clock, monkeypatch
) -> None:
    path = tmp_path / "previous.sqlite3"
    bank = small_bank()
    previous = schema.UPGRADES.index(schema._v4_versions_and_disputes)
    monkeypatch.setattr(schema, "UPGRADES", schema.UPGRADES[:previous])
    from po_exam.store import tables

    # A database as the previous version made it: its tables without the new columns.
    with open_store(str(path), clock=clock) as old:
        attempt = take(old, clock, bank, {"q0": "A", "q1": "B"})
    raw = sqlite3.connect(path)
    for table, column in (
        ("asked_question", "content_hash"),
        ("answer", "rescored"),
        ("attempt", "rescored_correct"),
        ("attempt", "rescored_at"),
    ):
        raw.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    raw.execute("DROP TABLE dispute")
    raw.execute(f"PRAGMA user_version = {previous}")
    raw.commit()
    kept = "attempt_id, position, selection, flagged, answered_at, correct, certainty, seconds"
    before = raw.execute(f"SELECT {kept} FROM answer ORDER BY position").fetchall()
    raw.close()
    monkeypatch.undo()
    # Only this step: the database keeps the later learners' layout it was made with.
    monkeypatch.setattr(schema, "UPGRADES", schema.UPGRADES[: previous + 1])
    assert tables.Dispute.__tablename__ == "dispute"

    with open_store(str(path), clock=clock) as store:
        detail = store.attempt_detail(attempt)
        assert detail.summary.correct == 1
        # No stored hash: it is worked out from the snapshot, so changes still show.
        assert {i.question.question_id: i.content_hash for i in detail.items} == {
            q.id: question_hash(q) for q in bank.questions
        }
        changes = store.changed_answers(CurrentVersions([rekey(bank, "q1", "B")]))
        assert [c.question_id for c in changes] == ["q1"]
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA user_version").fetchone() == (schema.schema_version_target(),)
    after = raw.execute(f"SELECT {kept} FROM answer ORDER BY position").fetchall()
    raw.close()
    assert after == before


def test_a_re_grade_finds_only_the_learners_own_answers(tmp_path, clock) -> None:
    bank = small_bank()
    with open_store(str(tmp_path / "class.sqlite3"), clock=clock, learner="ann") as store:
        ann = take(store, clock, bank, {"q1": "B"})
        store.use_learner("ben")
        ben = take(store, clock, bank, {"q1": "B"})
        fixed = CurrentVersions([rekey(bank, "q1", "B")])
        assert [(c.attempt_id, c.question_id) for c in store.changed_answers(fixed)] == [
            (ben, "q1")
        ]
        store.use_learner("ann")
        assert [(c.attempt_id, c.question_id) for c in store.changed_answers(fixed)] == [
            (ann, "q1")
        ]
