"""Home's quick first view (po_exam/quick.py): the same as the full load, or nothing."""

from __future__ import annotations

import ast
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from store_helpers import begin, sit, tmp_store

from po_exam import quick
from po_exam.attempts import Attempts
from po_exam.banks.discovery import discover_banks
from po_exam.store import tables
from po_exam.store.review import SCHEDULER
from po_exam.store.schema import schema_version_target

pytestmark = pytest.mark.sqlite_only  # the quick read is of a SQLite file (a server: None)
RECENT, LIMIT = 5, 50


def both(store, clock):  # type: ignore[no-untyped-def]
    full = Attempts(store, clock).home(recent=RECENT, mistakes_limit=LIMIT)
    fast = quick.home_summary(
        f"sqlite:///{store.location}", clock.now(), recent=RECENT, mistakes_limit=LIMIT
    )
    return full, fast


def test_the_constants_match_the_store() -> None:
    assert schema_version_target() == quick.SCHEMA_VERSION
    steps = (*SCHEDULER.learning_steps, *SCHEDULER.relearning_steps)
    assert max(steps) == quick.LONGEST_REVIEW_STEP
    assert (quick.DEFAULT_LEARNER_ID, quick.DEFAULT_LEARNER) == (
        tables.DEFAULT_LEARNER_ID,
        tables.DEFAULT_LEARNER,
    )


def test_another_learner_or_a_shared_file_is_left_to_the_full_load(tmp_path: Path, clock) -> None:  # type: ignore[no-untyped-def]
    with tmp_store(tmp_path, clock) as store:
        sit(store, clock, 50, mode="pspo1")
        url = f"sqlite:///{store.location}"
        args = {"recent": RECENT, "mistakes_limit": LIMIT}
        mine = quick.home_summary(url, clock.now(), learner="default", **args)
        assert mine is not None and len(mine.recent) == 1
        assert quick.home_summary(url, clock.now(), learner="ann", **args) is None
    with tmp_store(tmp_path, clock, learner="ann") as ann:  # a second learner on the file
        sit(ann, clock, 10, mode="pspo1")
    assert quick.home_summary(url, clock.now(), **args) is None  # the store asks who
    assert quick.home_summary(url, clock.now(), learner="default", **args) is None


def test_home_reads_the_same_as_the_store_as_time_goes_by(store, clock) -> None:  # type: ignore[no-untyped-def]
    full, fast = both(store, clock)
    assert fast == full and fast is not None and fast.recent == []
    sit(store, clock, 5, mode="pspo1")  # failed simulation: a retry, mistakes due at once
    clock.advance(3600)
    sit(store, clock, 40, mode="pspo2")  # passed
    clock.advance(60)
    for _ in range(6):
        sit(store, clock, 3, mode="practice", questions=5)
        clock.advance(60)
    begin(store, clock, "practice", questions=5)  # unfinished, untimed
    for step in (0, 30, 300, 600, 3600, 86_400, 13 * 86_400, 2 * 86_400):
        clock.advance(step)
        full, fast = both(store, clock)
        assert fast == full, step
    assert fast is not None and fast.unfinished is not None and fast.retry is None
    assert len(fast.recent) == RECENT and fast.mistakes_due > 0


def test_a_retry_offer_reads_the_same(store, clock) -> None:  # type: ignore[no-untyped-def]
    sit(store, clock, 5, mode="pspo1")
    clock.advance(86_400)
    full, fast = both(store, clock)
    assert fast == full and fast is not None and fast.retry is not None


def test_a_timed_attempt_out_of_time_is_left_to_the_full_load(store, clock) -> None:  # type: ignore[no-untyped-def]
    begin(store, clock, "pspo1")
    url = f"sqlite:///{store.location}"
    assert quick.home_summary(url, clock.now(), recent=5, mistakes_limit=5) is not None
    clock.advance(61 * 60)
    assert quick.home_summary(url, clock.now(), recent=5, mistakes_limit=5) is None
    assert Attempts(store, clock).home(recent=5, mistakes_limit=5).expired == 1  # graded there


@pytest.mark.parametrize(
    "damage", ["missing", "empty", "foreign", "old-version", "not-sqlite", "memory"]
)
def test_anything_unusual_gives_up(tmp_path: Path, store, clock, damage: str) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{store.location}"
    path = Path(store.location)
    if damage == "missing":
        url = f"sqlite:///{tmp_path / 'none.sqlite3'}"
    elif damage == "empty":
        (tmp_path / "empty.sqlite3").write_bytes(b"")
        url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    elif damage == "foreign":
        sqlite3.connect(tmp_path / "other.db").execute("CREATE TABLE x (y)").connection.commit()
        url = f"sqlite:///{tmp_path / 'other.db'}"
    elif damage == "old-version":
        store.close()
        with sqlite3.connect(path) as connection:
            connection.execute(f"PRAGMA user_version = {quick.SCHEMA_VERSION - 1}")
    elif damage == "not-sqlite":
        (tmp_path / "text.db").write_text("not a database" * 50)
        url = f"sqlite:///{tmp_path / 'text.db'}"
    else:
        url = "sqlite://"
    assert quick.home_summary(url, clock.now(), recent=5, mistakes_limit=5) is None


def test_bank_heads_list_what_discovery_loads_once_the_cache_is_warm(tmp_path: Path) -> None:
    own = tmp_path / "own.yaml"
    own.write_text(
        "format: 1\nbank: {id: own, title: Own bank}\ntopics: {a: {title: A}}\n"
        "questions:\n  - {id: q1, topic: a, type: true_false, text: Yes?, answer: true}\n"
    )
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: 1\nbank:\n  id: Bad Id\n  title: x\ntopics: {}\nquestions: []\n")
    extra = [own, broken]
    assert quick.bank_heads(extra) is None  # nothing cached yet
    results = discover_banks(extra)
    heads = quick.bank_heads(extra)
    assert heads is not None
    assert [(h.title, h.questions) for h in heads if h.ok] == [
        (r.bank.title, len(r.bank.questions)) for r in results if r.ok and r.bank
    ]
    assert [str(h.first_error) for h in heads if not h.ok] == [
        str(r.first_error) for r in results if not r.ok
    ]
    own.write_text(own.read_text().replace("Own bank", "Changed"))
    assert quick.bank_heads(extra) is None  # changed since cached: the full load tells


@pytest.mark.parametrize("at_launch", [True, False], ids=["read at launch", "read by the app"])
def test_homes_first_usable_view_imports_neither_the_orm_nor_pydantic(
    tmp_path: Path, store, clock, at_launch: bool
) -> None:  # type: ignore[no-untyped-def]
    sit(store, clock, 40, mode="pspo2")
    store.close()
    discover_banks()  # the bank cache is warm, as every day after the first
    url = f"sqlite:///{store.location}"
    code = f"""
import sys
from po_exam.early import read_home_early
from po_exam.exam.clock import FakeClock
from datetime import datetime, UTC
clock = FakeClock(datetime(2026, 3, 2, 11, tzinfo=UTC))
early = read_home_early({url!r}, learner="default", clock=clock) if {at_launch} else None
from po_exam.ui.app import PoExamApp
app = PoExamApp({url!r}, clock=clock, early=early)
seen = []
def usable():
    home = app.screen
    seen.append(str(home.query_one("#banks").render()))
    seen.append(str(home.query_one("#recent").render()))
    seen.append(sorted(m for m in ("sqlalchemy", "sqlmodel", "pydantic", "yaml") if m in sys.modules))
    app.exit()
app._load_everything = usable
app.run(headless=True, size=(120, 40))
print(repr(seen))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    banks, recent, heavy = ast.literal_eval(out.stdout.strip())
    assert banks.startswith("Banks: ") and "question" in banks
    assert "40/40 (100 %)  ✓ PASS" in recent
    assert heavy == []


def _rows(path: Path, attempt_id: int) -> dict[str, list[tuple[object, ...]]]:
    """Every column of the attempt's rows in the three tables a start writes."""
    with sqlite3.connect(path) as connection:
        return {
            table: connection.execute(
                f"SELECT * FROM {table} WHERE {column} = ? ORDER BY 1, 2", (attempt_id,)
            ).fetchall()
            for table, column in (
                ("attempt", "id"),
                ("attempt_bank", "attempt_id"),
                ("asked_question", "attempt_id"),
            )
        }


@pytest.mark.parametrize(
    ("mode", "options"),
    [("pspo1", {}), ("pspo2", {}), ("custom", {"questions": 12, "minutes": 7, "pass_mark": 70})],
)
def test_a_quick_start_writes_the_rows_the_store_writes(
    tmp_path: Path, clock, mode: str, options: dict[str, int]
) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from store_helpers import BANK

    from po_exam.exam.draw import draw_questions
    from po_exam.exam.modes import plan_exam
    from po_exam.store.db import open_store

    settings = plan_exam(mode, [BANK], seed=3, **options)
    questions = draw_questions([BANK], settings)
    started = clock.now()
    deadline = started + timedelta(minutes=settings.minutes) if settings.minutes else None
    paths = []
    for name in ("store", "quick"):
        path = tmp_path / f"{name}.sqlite3"
        with open_store(str(path), clock=clock) as store:
            sit(store, clock, 3)  # an attempt before: the new one's id is not the first
            if name == "store":
                made = store.start_attempt(
                    settings, questions, started_at=started, deadline=deadline
                )
        if name == "quick":
            made = quick.start_attempt(
                f"sqlite:///{path}", settings, questions, started_at=started, deadline=deadline
            )
        paths.append((path, made))
    (by_store, store_id), (by_quick, quick_id) = paths
    assert quick_id == store_id == 2
    assert _rows(by_quick, quick_id) == _rows(by_store, store_id)
    assert len(_rows(by_quick, quick_id)["asked_question"]) == len(questions)
    with open_store(str(by_quick), clock=clock) as store:  # the store reads it as its own
        stored = store.stored_attempt(quick_id)
        assert stored.summary.open and [q.key for q in stored.questions] == [
            q.key for q in questions
        ]


def test_a_quick_start_is_left_to_the_store_when_it_cannot_be_sure(tmp_path: Path, clock) -> None:  # type: ignore[no-untyped-def]
    from store_helpers import BANK

    from po_exam.exam.draw import draw_questions
    from po_exam.exam.modes import plan_exam
    from po_exam.store.db import open_store

    settings = plan_exam("pspo2", [BANK], seed=3)
    questions = draw_questions([BANK], settings)
    path = tmp_path / "h.sqlite3"
    with open_store(str(path), clock=clock):
        pass
    url = f"sqlite:///{path}"

    def start(where: str = url) -> int | None:
        return quick.start_attempt(
            where, settings, questions, started_at=clock.now(), deadline=None
        )

    assert start(f"sqlite:///{tmp_path}/missing.sqlite3") is None
    assert start("postgresql://localhost/x") is None
    with sqlite3.connect(path) as connection:
        connection.execute(f"PRAGMA user_version = {quick.SCHEMA_VERSION + 1}")
    assert start() is None  # a newer po-exam's file: the store refuses it
    with sqlite3.connect(path) as connection:
        connection.execute(f"PRAGMA user_version = {quick.SCHEMA_VERSION}")
        connection.execute(
            "INSERT INTO learner (name, created_at, settings) VALUES ('ann', '2026-01-01 00:00:00.000000', '{}')"
        )
    assert start() is None  # several learners: the store asks who
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT count(*) FROM attempt").fetchone()[0] == 0
    with sqlite3.connect(path) as connection:
        connection.execute("DELETE FROM learner WHERE name = 'ann'")
    lacking = tmp_path / "lacking.sqlite3"
    lacking.write_bytes(path.read_bytes())
    with sqlite3.connect(lacking) as connection:
        connection.execute("ALTER TABLE answer DROP COLUMN seconds")  # not written by a start
    untouched = lacking.read_bytes()
    assert start(f"sqlite:///{lacking}") is None  # claims version 7, lacks a column of it
    assert lacking.read_bytes() == untouched
    damaged = tmp_path / "damaged.sqlite3"
    whole = bytearray(path.read_bytes())
    whole[2 * 4096 : 3 * 4096] = b"\xff" * 4096
    damaged.write_bytes(bytes(whole))
    assert start(f"sqlite:///{damaged}") is None  # SQLite's check fails: the store refuses it
    assert start() == 1


def test_the_stand_in_hands_everything_else_to_the_store_once_open(tmp_path: Path, clock) -> None:  # type: ignore[no-untyped-def]
    import threading

    from po_exam.store.db import open_store
    from po_exam.store.errors import StoreError

    path = tmp_path / "h.sqlite3"
    stand_in = quick.StoreOnTheWay(f"sqlite:///{path}")
    got: list[object] = []
    waiting = threading.Thread(target=lambda: got.append(stand_in.recent_results(5)))
    waiting.start()
    waiting.join(0.2)
    assert waiting.is_alive() and got == []  # waits for the store, in its own thread
    with open_store(str(path), clock=clock) as store:
        stand_in.opened(store)
        waiting.join(5)
        assert got == [[]]
    failed = quick.StoreOnTheWay(f"sqlite:///{path}")
    failed.failed("Cannot use the database h.sqlite3: disk I/O error")
    with pytest.raises(StoreError, match="disk I/O error"):
        failed.recent_results(5)
