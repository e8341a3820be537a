"""The tables and columns of each released schema version: plain data, no SQLAlchemy, so
that the quick paths (po_exam/quick.py) can hold a file to the same rule as the store."""

from __future__ import annotations

# The tables and columns each released version has, to check a database before trusting
# (or upgrading) it. Append one for each version; never edit a released one.
TABLES_AT: dict[int, dict[str, frozenset[str]]] = {
    1: {
        "attempt": frozenset(
            [
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
            ]
        ),
        "attempt_bank": frozenset({"attempt_id", "bank_id"}),
        "asked_question": frozenset(
            [
                "attempt_id",
                "position",
                "bank_id",
                "question_id",
                "topic",
                "topic_title",
                "type",
                "text",
                "options",
                "key",
                "explanation",
                "reference",
                "difficulty",
            ]
        ),
        "answer": frozenset(
            {"attempt_id", "position", "selection", "flagged", "answered_at", "correct"}
        ),
        "review_card": frozenset(
            {"bank_id", "question_id", "card", "due", "wrong", "right", "last_review"}
        ),
    },
}
TABLES_AT[2] = {
    **TABLES_AT[1],
    "attempt": TABLES_AT[1]["attempt"] | {"abandoned_at"},
}
TABLES_AT[3] = {
    **TABLES_AT[2],
    "attempt": TABLES_AT[2]["attempt"] | {"certainty"},
    "answer": TABLES_AT[2]["answer"] | {"certainty", "seconds"},
}
TABLES_AT[4] = {
    **TABLES_AT[3],
    "attempt": TABLES_AT[3]["attempt"] | {"rescored_correct", "rescored_at"},
    "asked_question": TABLES_AT[3]["asked_question"] | {"content_hash"},
    "answer": TABLES_AT[3]["answer"] | {"rescored"},
    "dispute": frozenset(
        [
            "id",
            "bank_id",
            "question_id",
            "content_hash",
            "attempt_id",
            "question_text",
            "choice",
            "key",
            "argument",
            "created_at",
            "status",
        ]
    ),
}
TABLES_AT[5] = {
    **TABLES_AT[4],
    "topic_result": frozenset(
        {"attempt_id", "bank_id", "topic", "topic_title", "finished_at", "correct", "total"}
    ),
    "topic_total": frozenset({"bank_id", "topic", "topic_title", "correct", "total"}),
}
TABLES_AT[6] = {
    **TABLES_AT[5],
    "attempt": TABLES_AT[5]["attempt"] | {"ungraded"},
    "asked_question": TABLES_AT[5]["asked_question"] | {"model_answer", "rubric", "objective"},
    "answer": TABLES_AT[5]["answer"] | {"essay", "grade"},
}
TABLES_AT[7] = {
    **TABLES_AT[6],
    "learner": frozenset({"id", "name", "created_at", "settings"}),
    "attempt": TABLES_AT[6]["attempt"] | {"learner_id"},
    "review_card": TABLES_AT[6]["review_card"] | {"learner_id"},
    "topic_result": TABLES_AT[6]["topic_result"] | {"learner_id"},
    "topic_total": TABLES_AT[6]["topic_total"] | {"learner_id"},
}
OWN_TABLES = frozenset(name for layout in TABLES_AT.values() for name in layout)
