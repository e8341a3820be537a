"""The question and answer rows the benchmarks write straight through sqlite3, in one place.

The generators insert hundreds of thousands of rows without the ORM, so a schema step that
adds a NOT NULL column has to be met here (tests/test_benchmark_data.py runs them all).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

Asked = tuple[object, ...]
"""attempt_id, position, bank_id, question_id, topic, topic_title, type, text, options,
key, explanation, reference, difficulty (the essay columns are written empty)."""
Answer = tuple[object, ...]
"""attempt_id, position, selection, flagged, answered_at, correct."""


def insert_asked(connection: sqlite3.Connection, rows: Iterable[Asked]) -> None:
    """Insert questions as asked (choice questions: no model answer, rubric or objective)."""
    connection.executemany(
        "INSERT INTO asked_question (attempt_id, position, bank_id, question_id, topic,"
        " topic_title, type, text, options, key, explanation, reference, difficulty,"
        " model_answer, rubric, objective) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,'','[]','')",
        rows,
    )


def insert_answers(connection: sqlite3.Connection, rows: Iterable[Answer]) -> None:
    """Insert answers, graded."""
    connection.executemany(
        "INSERT INTO answer (attempt_id, position, selection, flagged, answered_at, correct)"
        " VALUES (?,?,?,?,?,?)",
        rows,
    )
