"""History's topic accuracy and topic trend on 100,000 attempts, read from the per-topic summaries.

The database gets 100,000 finished attempts (as bench_history.py makes them) with
their questions as asked and answered (`--questions` each), over twelve topics of two
banks. It is then taken back to schema version 4 (no summaries, no learners) and opened,
so the upgrades build the summaries from the answers (version 5, then per learner in
version 6); that rebuild is timed once. Each store
call is then timed against the bare SQL that reads the summary (the same statement,
through the `sqlite3` module), and the old way (adding up every answer through the
ORM, as before schema version 5) is timed for comparison.

Run: uv run python benchmarks/bench_topics.py [--attempts 100000] [--questions 20] [--runs 20]
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from rows import insert_answers, insert_asked
from timing import best_of, report

TOPICS = [f"topic-{n:02d}" for n in range(12)]
BANKS = ("scrum-guide-2020", "product-owner-practice")


def fill_answers(database: Path, attempts: int, questions: int) -> None:
    """The questions asked in every attempt and the answers given, graded."""
    rng = random.Random(5)
    with sqlite3.connect(database) as connection:
        for first in range(1, attempts + 1, 5000):
            asked, answers = [], []
            for attempt in range(first, min(first + 5000, attempts + 1)):
                for position in range(questions):
                    topic = TOPICS[rng.randrange(len(TOPICS))]
                    bank = BANKS[position % 2]
                    asked.append(
                        (attempt, position, bank, f"q{position}", topic, topic.title(), "single",
                         "Q?", '["a","b"]', "[0]", "", "", None)
                    )  # fmt: skip
                    right = rng.random() < 0.7
                    answers.append((attempt, position, "[0]" if right else "[1]", 0, None, right))
            insert_asked(connection, asked)
            insert_answers(connection, answers)
        connection.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--attempts", type=int, default=100_000)
    parser.add_argument("--questions", type=int, default=20)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["PO_EXAM_DATA_DIR"] = folder
        from bench_history import fill
        from sqlmodel import Session

        from po_exam.store import history, topics
        from po_exam.store.db import open_store

        database = Path(folder) / "topics.sqlite3"
        open_store(f"sqlite:///{database}").close()
        fill(database, args.attempts)
        fill_answers(database, args.attempts, args.questions)
        from store_helpers import before_learners  # tests/: back to what version 4 wrote

        before_learners(database, 4)
        start = time.perf_counter()
        store = open_store(f"sqlite:///{database}")
        rebuilt = time.perf_counter() - start
        rows = args.attempts * args.questions
        print(
            f"{args.attempts:,} attempts, {rows:,} answers over {len(TOPICS)} topics;"
            f" best of {args.runs} runs"
        )
        print(
            f"upgrade to versions 5 and 6 (summaries built from the answers, then again"
            f" per learner): {rebuilt:.1f} s, once"
        )

        raw = sqlite3.connect(database)
        dialect = store.engine.dialect
        topic = TOPICS[0]
        cases = [
            (
                "topic accuracy (History's Topics tab)",
                topics.accuracy_select(False, False),
                {"learner": 1},
                store.topic_accuracy,
                lambda session: history.topic_accuracy(session, mine=store._mine()),
            ),
            (
                f"topic trend ({topic}, last 30 attempts)",
                topics.trend_select(),
                {"topic": topic, "limit": 30, "learner": 1},
                lambda: store.topic_trend(topic),
                lambda session: history.topic_trend(session, topic, 30, store._mine()),
            ),
        ]
        for name, statement, values, call, old in cases:
            compiled = statement.compile(dialect=dialect)
            sql = compiled.string
            params = tuple(values.get(k, compiled.params[k]) for k in compiled.positiontup or ())
            plan = [row[3] for row in raw.execute("EXPLAIN QUERY PLAN " + sql, params)]
            assert len(call()) == len(raw.execute(sql, params).fetchall())
            with Session(store.engine) as session:
                assert old(session) == call()  # the summaries say what the answers say
                before = best_of(lambda old=old, session=session: old(session), 3)
            bare = best_of(
                lambda sql=sql, params=params: raw.execute(sql, params).fetchall(), args.runs
            )
            ours = best_of(call, args.runs)
            print(f"\n{name}\n  query plan: {' | '.join(plan)}")
            report(
                [
                    ("bare SQL on the summary", bare),
                    ("store call", ours),
                    ("before: every answer (ORM)", before),
                ],
                "bare SQL on the summary",
            )
            print(f"  target: at most 2x -> {'PASS' if ours <= 2 * bare else 'FAIL'}")
        store.close()


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    sys.path.insert(1, str(Path(__file__).parents[1] / "tests"))
    main()
