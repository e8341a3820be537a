"""Home's quick first view (po_exam/quick.py): the same as the full load, or nothing."""

from __future__ import annotations

import ast
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from store_helpers import begin, sit

from po_exam import quick
from po_exam.attempts import Attempts
from po_exam.banks.discovery import discover_banks
from po_exam.store.review import SCHEDULER
from po_exam.store.schema import schema_version_target

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


def test_homes_first_usable_view_imports_neither_the_orm_nor_pydantic(
    tmp_path: Path, store, clock
) -> None:  # type: ignore[no-untyped-def]
    sit(store, clock, 40, mode="pspo2")
    store.close()
    discover_banks()  # the bank cache is warm, as every day after the first
    code = f"""
import sys
from po_exam.ui.app import PoExamApp
from po_exam.exam.clock import FakeClock
from datetime import datetime, UTC
app = PoExamApp({f"sqlite:///{store.location}"!r}, clock=FakeClock(datetime(2026, 3, 2, 11, tzinfo=UTC)))
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
