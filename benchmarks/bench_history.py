"""Long history: the history screen's first page and the home screen's recent results on 100,000 attempts.

Each store call is timed against the bare SQL it runs (the same statement, compiled with its
values, through the sqlite3 module), and the query plans are printed to show the indexes used.
The generated attempts carry no per-question rows: these two queries read the attempt table only.

Run: uv run python benchmarks/bench_history.py [--attempts 100000] [--runs 20]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from timing import best_of, report

ATTEMPT_COLUMNS = (
    "id",
    "mode",
    "bank_ids",
    "started_at",
    "deadline",
    "finished_at",
    "questions",
    "minutes",
    "pass_mark",
    "topics",
    "seed",
    "feedback",
    "position",
    "correct",
    "passed",
    "seconds_used",
    "retry_of",
)
"""The attempt columns `fill` writes (later versions add columns it leaves null)."""
MODES = ("pspo1", "pspo1", "pspo2", "practice", "custom", "pst")
BANKS = ("scrum-guide-2020", "product-owner-practice")


def fill(database: Path, attempts: int) -> None:
    """Insert `attempts` finished attempts spread over five years, straight through sqlite3."""
    rng = random.Random(3)
    start = datetime(2021, 1, 1, tzinfo=UTC)
    rows, banks = [], []
    for n in range(1, attempts + 1):
        began = start + timedelta(minutes=n * 26 + rng.randint(0, 20))
        mode = MODES[n % len(MODES)]
        total = 80 if mode in ("pspo1", "pst") else 40 if mode == "pspo2" else 20
        correct = rng.randint(total // 2, total)
        passed = correct * 100 >= 85 * total
        stamp = began.replace(tzinfo=None).isoformat(sep=" ")
        finished = (began + timedelta(minutes=45)).replace(tzinfo=None).isoformat(sep=" ")
        rows.append(
            (
                n,
                mode,
                json.dumps(BANKS),
                stamp,
                None,
                finished,
                total,
                60,
                85,
                None,
                n,
                "end",
                0,
                correct,
                passed,
                2700,
                None,
            )
        )
        banks += [(n, bank) for bank in BANKS]
    with sqlite3.connect(database) as connection:
        connection.executemany(
            f"INSERT INTO attempt ({', '.join(ATTEMPT_COLUMNS)}) VALUES"
            f" ({', '.join('?' * len(ATTEMPT_COLUMNS))})",
            rows,
        )
        connection.executemany("INSERT INTO attempt_bank VALUES (?,?)", banks)
        connection.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--attempts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["PO_EXAM_DATA_DIR"] = folder
        from po_exam.store import history
        from po_exam.store.db import open_store
        from po_exam.ui.screens.history import PAGE as LIMIT
        from po_exam.ui.screens.home import RECENT

        database = Path(folder) / "long.sqlite3"
        store = open_store(f"sqlite:///{database}")
        columns = [c[1] for c in sqlite3.connect(database).execute("PRAGMA table_info(attempt)")]
        assert set(ATTEMPT_COLUMNS) <= set(columns), f"attempt table changed: {columns}"
        fill(database, args.attempts)
        engine_dialect = store.engine.dialect if hasattr(store, "engine") else None
        print(f"{args.attempts:,} attempts; best of {args.runs} runs")

        statements = {
            f"history first page ({LIMIT} rows)": history.newest_summaries([]).params(
                limit=LIMIT, offset=0
            ),
            f"home recent results ({RECENT} rows)": history.recent_summaries().params(limit=RECENT),
        }
        calls = {
            f"history first page ({LIMIT} rows)": lambda: store.list_attempts(limit=LIMIT),
            f"home recent results ({RECENT} rows)": lambda: store.recent_results(RECENT),
        }
        raw = sqlite3.connect(database)
        for name, statement in statements.items():
            compiled = statement.compile(dialect=engine_dialect)
            sql, values = (
                compiled.string,
                tuple(compiled.params[k] for k in compiled.positiontup or ()),
            )
            plan = [row[3] for row in raw.execute("EXPLAIN QUERY PLAN " + sql, values)]
            assert len(calls[name]()) == len(raw.execute(sql, values).fetchall())
            bare = best_of(
                lambda sql=sql, values=values: raw.execute(sql, values).fetchall(), args.runs
            )
            ours = best_of(calls[name], args.runs)
            print(f"\n{name}\n  query plan: {' | '.join(plan)}")
            report([("bare SQL (sqlite3)", bare), ("store call", ours)], "bare SQL (sqlite3)")
            print(f"  target: at most 2x -> {'PASS' if ours <= 2 * bare else 'FAIL'}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()
