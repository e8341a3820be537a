"""A separate process that sits an attempt, reporting each answer once it is committed.

Usage: python store_worker.py DATABASE SEED [LEARNER]
Prints "ready ATTEMPT_ID", then for each line N read from stdin answers the next N questions
(option 0), printing "saved POSITION" after each commit; it stops at end of input.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta

from exam_helpers import make_bank

from po_exam.exam.draw import draw_questions
from po_exam.exam.modes import plan_exam
from po_exam.store.db import open_store


def main(database: str, seed: int, learner: str | None = None) -> None:
    bank = make_bank()
    settings = plan_exam("pspo1", [bank], seed=seed)
    questions = draw_questions([bank], settings)
    now = datetime.now(UTC)
    with open_store(database, learner=learner) as store:
        attempt_id = store.start_attempt(
            settings, questions, started_at=now, deadline=now + timedelta(minutes=60)
        )
        print("ready", attempt_id, flush=True)
        position = 0
        for line in sys.stdin:
            for _ in range(int(line)):
                if position == len(questions):
                    break
                store.save_answer(attempt_id, position, frozenset({0}))
                print("saved", position, flush=True)
                position += 1


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3] if len(sys.argv) > 3 else None)
