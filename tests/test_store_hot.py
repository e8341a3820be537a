"""The fast reads for history and the home screen give exactly what the ORM would, always fresh."""

import sqlite3

import pytest
from sqlmodel import Session, select
from store_helpers import begin, sit, tmp_store

from po_exam.store.convert import summary
from po_exam.store.errors import StoreError
from po_exam.store.hot import _moment
from po_exam.store.tables import Attempt

# Each test runs on SQLite and on the scratch server database (see conftest.backend).
pytestmark = pytest.mark.usefixtures("backend")


def test_fast_summaries_equal_the_orm_ones(tmp_path, clock) -> None:
    with tmp_store(tmp_path, clock) as store:
        sit(store, clock, right=40)
        sit(store, clock, right=3, mode="practice", questions=5)
        begin(store, clock)  # unfinished: no finish time, no verdict
        with Session(store.engine) as session:
            orm = [
                summary(row) for row in session.exec(select(Attempt).order_by(Attempt.id.desc()))
            ]
        fast = store.list_attempts()
        assert fast == orm
        assert fast[0].finished_at is None and fast[0].passed is None
        assert fast[1].passed is False and fast[2].passed is True
        assert all(a.started_at.tzinfo is not None for a in fast)
        assert store.recent_results(5) == [a for a in orm if a.finished_at is not None]


def test_a_held_connection_still_sees_new_attempts(tmp_path, clock) -> None:
    with tmp_store(tmp_path, clock) as store:
        assert store.list_attempts() == [] and store.recent_results() == []
        first = sit(store, clock, right=40)
        assert [a.id for a in store.recent_results()] == [first]
        with tmp_store(tmp_path, clock) as other_process:  # another writer on the same file
            second = sit(other_process, clock, right=1)
        assert [a.id for a in store.list_attempts()] == [second, first]


@pytest.mark.sqlite_only
def test_a_broken_database_under_a_fast_read_is_a_store_error(tmp_path, clock) -> None:
    with tmp_store(tmp_path, clock) as store:
        sit(store, clock, right=40)
        with sqlite3.connect(tmp_path / "attempts.sqlite3") as raw:
            raw.execute("DROP TABLE attempt_bank")
            raw.execute("ALTER TABLE attempt RENAME TO gone")
        with pytest.raises(StoreError, match="failed"):
            store.list_attempts()


@pytest.mark.parametrize(
    "stored",
    [
        "2026-03-01 10:00:00",
        "2026-03-01 10:00:00.250000",
        "2026-03-01T10:00:00+00:00",
        "2026-03-01T11:00:00+01:00",
    ],
)
def test_stored_moments_become_aware_utc(stored: str) -> None:
    moment = _moment(stored)
    assert moment is not None and moment.utcoffset().total_seconds() == 0
    assert (moment.hour, moment.minute) == (10, 0)


def test_the_fast_path_and_the_orm_build_the_same_summaries(store, clock) -> None:
    from store_helpers import begin, sit

    from po_exam.attempts import Attempts

    sit(store, clock, right=30)
    open_id, _ = begin(store, clock, seed=4)
    Attempts(store, clock).abandon(open_id)
    begin(store, clock, seed=5)
    fast = store.list_attempts()
    assert fast == list(store.iter_attempts())
    assert [a.abandoned for a in fast] == [False, True, False]
    assert [a.open for a in fast] == [True, False, False]
