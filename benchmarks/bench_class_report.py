"""The class report on a class of 30 learners with 50 finished attempts each.

Each attempt has its questions and graded answers (80 for a PSPO I, 20 for practice), so
the report reads about 90,000 answers. It is timed against a baseline of the bare SQL of its
heaviest part (accuracy per learner and focus area) through the sqlite3 module, and
`po-exam class report` is timed as a whole process. Target: well under a second.

Run: uv run python benchmarks/bench_class_report.py [--learners 30] [--attempts 50] [--runs 5]
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
from timing import best_of, process_seconds, python, report

TOPICS = [f"topic-{n:02d}" for n in range(12)]
BASELINE_SQL = """
SELECT attempt.learner_id, asked_question.topic, max(asked_question.topic_title),
       sum(CASE WHEN answer.correct THEN 1 ELSE 0 END), count(*)
FROM asked_question JOIN attempt ON attempt.id = asked_question.attempt_id
JOIN answer ON answer.attempt_id = asked_question.attempt_id
 AND answer.position = asked_question.position
WHERE attempt.finished_at IS NOT NULL AND answer.correct IS NOT NULL
GROUP BY attempt.learner_id, asked_question.topic
"""


def fill(database: Path, learners: int, attempts: int) -> int:
    """Make the class straight through sqlite3 (the schema from po-exam itself); answers."""
    from po_exam.store.db import open_store

    open_store(str(database)).close()
    rng = random.Random(13)
    raw = sqlite3.connect(database)
    start = datetime(2026, 1, 5, 9, tzinfo=UTC)
    attempt_id, answers = 0, 0
    for learner in range(2, learners + 2):
        raw.execute(
            "INSERT INTO learner (id, name, created_at, settings) VALUES (?, ?, ?, '{}')",
            (learner, f"learner-{learner:02d}", "2026-01-05 09:00:00.000000"),
        )
        skill = rng.uniform(0.55, 0.95)
        for n in range(attempts):
            attempt_id += 1
            mode, total = ("pspo1", 80) if n % 5 < 3 else ("practice", 20)
            began = start + timedelta(hours=n * 7 + learner)
            rows = [(attempt_id, i, rng.choice(TOPICS), rng.random() < skill) for i in range(total)]
            correct = sum(row[3] for row in rows)
            stamp = began.replace(tzinfo=None).isoformat(sep=" ")
            done = (began + timedelta(minutes=50)).replace(tzinfo=None).isoformat(sep=" ")
            raw.execute(
                "INSERT INTO attempt (id, mode, bank_ids, started_at, finished_at, questions,"
                " pass_mark, seed, feedback, position, correct, passed, seconds_used, learner_id)"
                " VALUES (?, ?, ?, ?, ?, ?, 85, 1, 'end', 0, ?, ?, 3000, ?)",
                (
                    attempt_id,
                    mode,
                    json.dumps(["bank"]),
                    stamp,
                    done,
                    total,
                    correct,
                    correct * 100 >= 85 * total,
                    learner,
                ),
            )
            insert_asked(
                raw,
                [
                    (
                        a,
                        i,
                        "bank",
                        f"q{i}",
                        t,
                        t.title(),
                        "single",
                        "Q",
                        '["a","b"]',
                        "[0]",
                        "",
                        "",
                        None,
                    )
                    for a, i, t, _ in rows
                ],
            )
            insert_answers(raw, [(a, i, "[0]", 0, None, ok) for a, i, _, ok in rows])
            answers += total
    raw.commit()
    raw.close()
    return answers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--learners", type=int, default=30)
    parser.add_argument("--attempts", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from po_exam.store.db import open_store

    with tempfile.TemporaryDirectory() as folder:
        os.environ["PO_EXAM_DATA_DIR"] = folder
        database = Path(folder) / "class.sqlite3"
        answers = fill(database, args.learners, args.attempts)
        print(f"{args.learners} learners x {args.attempts} attempts, {answers} answers")
        now = datetime(2026, 3, 1, tzinfo=UTC)
        raw = sqlite3.connect(database)
        baseline = best_of(lambda: raw.execute(BASELINE_SQL).fetchall(), args.runs)
        with open_store(str(database), read_only=True, all_learners=True) as store:
            report_seconds = best_of(lambda: store.class_report(now), args.runs)
            found = store.class_report(now)
        assert len(found.learners) == args.learners + 1 and len(found.focus_areas) == len(TOPICS)
        command = python("-m", "po_exam", "class", "report", "--db", str(database))
        whole = min(process_seconds(command) for _ in range(3))
        history = python("-m", "po_exam", "history", "--db", str(database), "--all-learners")
        history_whole = min(process_seconds(history) for _ in range(3))
        rows = [
            ("bare SQL: accuracy per learner and area", baseline),
            ("Store.class_report", report_seconds),
            ("po-exam class report (whole process)", whole),
            ("po-exam history --all-learners (whole process)", history_whole),
        ]
        report(rows, baseline="bare SQL: accuracy per learner and area")
        verdict = "PASS" if report_seconds < 0.5 else "FAIL"
        print(f"class_report {report_seconds * 1000:.0f} ms: {verdict} (target well under 1 s)")
        sys.exit(0 if verdict == "PASS" else 1)


if __name__ == "__main__":
    main()
