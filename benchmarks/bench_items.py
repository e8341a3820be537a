"""Item statistics on 100,000 attempts: `bank items` / the Item stats screen against bare SQL.

The database holds `--attempts` finished attempts of `--questions` questions each, drawn from
a 300-question bank with shuffled options and learners of varied ability. The store call
(`Store.item_stats`: the top-third cut, one grouped query, then folding the groups per question
in Python) is timed against the same two statements run bare through the sqlite3 module, and,
for scale, against the plainest per-question aggregate (answers and right per question).

Run: uv run python benchmarks/bench_items.py [--attempts 100000] [--questions 20] [--runs 3]
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

from rows import insert_answers, insert_asked
from timing import best_of, report

BANK_SIZE = 300
ORDERS = [(0, 1, 2, 3), (1, 0, 3, 2), (2, 3, 0, 1), (3, 2, 1, 0), (1, 2, 3, 0), (2, 0, 1, 3)]


def bank_data() -> dict:
    """A 300-question bank: each keyed on its first option."""
    return {
        "format": 1,
        "bank": {"id": "bench", "title": "Bench"},
        "topics": {"events": {"title": "Events"}},
        "questions": [
            {
                "id": f"q{n:03d}",
                "topic": "events",
                "type": "single",
                "text": f"Question {n}?",
                "options": [{"text": f"{n} {x}", "correct": x == "A"} for x in "ABCD"],
            }
            for n in range(BANK_SIZE)
        ],
    }


def fill(database: Path, attempts: int, size: int) -> None:
    """Insert the attempts, their asked questions and answers straight through sqlite3."""
    rng = random.Random(5)
    start = datetime(2021, 1, 1, tzinfo=UTC)
    hardness = [rng.random() for _ in range(BANK_SIZE)]
    with sqlite3.connect(database) as connection:
        for first in range(1, attempts + 1, 5000):
            rows, asked, answers = [], [], []
            for n in range(first, min(first + 5000, attempts + 1)):
                ability = rng.random()
                chosen = rng.sample(range(BANK_SIZE), size)
                correct = 0
                for position, q in enumerate(chosen):
                    order = ORDERS[rng.randrange(len(ORDERS))]
                    options = [f"{q} {'ABCD'[i]}" for i in order]
                    key = order.index(0)
                    right = rng.random() < 0.35 + 0.6 * ability - 0.3 * hardness[q]
                    pick = key if right else rng.choice([p for p in range(4) if p != key])
                    correct += right
                    asked.append(
                        (
                            n,
                            position,
                            "bench",
                            f"q{q:03d}",
                            "events",
                            "Events",
                            "single",
                            f"Question {q}?",
                            json.dumps(options),
                            json.dumps([key]),
                            "",
                            "",
                            None,
                        )
                    )
                    answers.append((n, position, json.dumps([pick]), 0, None, right))
                began = start + timedelta(minutes=n * 26)
                stamp = began.replace(tzinfo=None).isoformat(sep=" ")
                rows.append(
                    (
                        n,
                        "practice",
                        '["bench"]',
                        stamp,
                        stamp,
                        size,
                        85,
                        n,
                        "end",
                        correct,
                        correct * 100 >= 85 * size,
                        600,
                    )
                )
            connection.executemany(
                "INSERT INTO attempt (id, mode, bank_ids, started_at, finished_at, questions,"
                " pass_mark, seed, feedback, correct, passed, seconds_used, position)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,0)",
                rows,
            )
            insert_asked(connection, asked)
            insert_answers(connection, answers)
        connection.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--attempts", type=int, default=100_000)
    parser.add_argument("--questions", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["PO_EXAM_DATA_DIR"] = folder
        from sqlmodel import Session

        from po_exam.banks.models import Bank
        from po_exam.store import items
        from po_exam.store.db import open_store

        database = Path(folder) / "items.sqlite3"
        store = open_store(f"sqlite:///{database}")
        fill(database, args.attempts, args.questions)
        bank = Bank.model_validate(bank_data())
        dialect = store.engine.dialect
        print(
            f"{args.attempts:,} attempts of {args.questions} questions"
            f" ({args.attempts * args.questions:,} answers); best of {args.runs} runs"
        )
        with Session(store.engine) as session:
            cut = items.top_third_cut(session)

        def bare(statement) -> tuple[str, tuple]:
            compiled = statement.compile(
                dialect=dialect, compile_kwargs={"render_postcompile": True}
            )
            return compiled.string, tuple(compiled.params[k] for k in compiled.positiontup or ())

        grouped_sql, grouped_values = bare(items.grouped_query([bank.id], cut))
        raw = sqlite3.connect(database)
        count = raw.execute(
            "SELECT count(*) FROM attempt WHERE correct IS NOT NULL AND questions > 0"
        ).fetchone()[0]

        def statements() -> int:
            raw.execute(
                "SELECT CAST(correct AS FLOAT) / questions FROM attempt WHERE correct IS NOT NULL"
                " AND questions > 0 ORDER BY 1 DESC LIMIT 1 OFFSET ?",
                (max(0, -(-count // 3) - 1),),
            ).fetchone()
            return len(raw.execute(grouped_sql, grouped_values).fetchall())

        plainest = (
            "SELECT q.bank_id, q.question_id, count(*), sum(a.correct) FROM asked_question q"
            " JOIN answer a ON a.attempt_id = q.attempt_id AND a.position = q.position"
            " GROUP BY q.bank_id, q.question_id"
        )
        groups = statements()
        stats = store.item_stats([bank])
        assert (
            len(stats) == BANK_SIZE
            and sum(s.asked for s in stats) == args.attempts * args.questions
        )
        plan = [row[3] for row in raw.execute("EXPLAIN QUERY PLAN " + grouped_sql, grouped_values)]
        print(f"grouped rows folded in Python: {groups:,}")
        print(f"query plan: {' | '.join(plan)}")
        rows = [
            (
                "plainest aggregate (count, right)",
                best_of(lambda: raw.execute(plainest).fetchall(), args.runs),
            ),
            ("bare SQL of item stats (sqlite3)", best_of(statements, args.runs)),
            ("Store.item_stats", best_of(lambda: store.item_stats([bank]), args.runs)),
        ]
        report(rows, "bare SQL of item stats (sqlite3)")
        ours, base = rows[2][1], rows[1][1]
        print(f"target: at most 2x the bare SQL -> {'PASS' if ours <= 2 * base else 'FAIL'}")
        flagged = sum(1 for s in stats if s.flags)
        print(f"{flagged} of {len(stats)} questions flagged")
        store.close()


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()
