"""Small banks and clocks built in code for the exam and store tests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from po_exam.banks.models import Bank

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def question(qid: str, topic: str, kind: str = "single", **extra: Any) -> dict[str, Any]:
    """A valid question dict: single keys option 0, multiple keys 0 and 1, true/false True."""
    data: dict[str, Any] = {"id": qid, "topic": topic, "type": kind, "text": f"Question {qid}?"}
    if kind == "true_false":
        data["answer"] = True
    else:
        data["options"] = [
            {"text": f"{qid} A", "correct": True},
            {"text": f"{qid} B", "correct": kind == "multiple"},
            {"text": f"{qid} C"},
            {"text": f"{qid} D"},
        ]
    data["explanation"] = f"Because {qid}."
    data["reference"] = "Scrum Guide 2020"
    data.update(extra)
    return data


def make_bank(
    bank_id: str = "demo",
    sizes: dict[str, int] | None = None,
    weights: dict[str, float] | None = None,
    defaults: dict[str, int] | None = None,
    kinds: tuple[str, ...] = ("single", "multiple", "true_false"),
) -> Bank:
    """A bank with `sizes[topic]` questions per topic, cycling through question kinds."""
    sizes = sizes or {"events": 40, "artifacts": 40, "value": 40}
    weights = weights or {}
    info: dict[str, Any] = {"id": bank_id, "title": f"Bank {bank_id}"}
    if defaults:
        info["defaults"] = defaults
    topics = {topic: {"title": topic.title(), "weight": weights.get(topic, 1.0)} for topic in sizes}
    questions = [
        question(f"{topic}-{n:03d}", topic, kinds[n % len(kinds)])
        for topic, size in sizes.items()
        for n in range(size)
    ]
    return Bank.model_validate(
        {"format": 1, "bank": info, "topics": topics, "questions": questions}
    )


def make_essay_bank(count: int = 30, bank_id: str = "essays") -> Bank:
    """A PSPO III-level bank of `count` essays, each with a rubric weighted 1, 1 and 2."""
    questions = [
        {
            "id": f"essay-{n:03d}",
            "topic": "value" if n % 2 else "strategy",
            "type": "essay",
            "text": f"Case {n}: what would you do?",
            "model_answer": f"The model answer to case {n}.",
            "rubric": [
                {"point": "Names the outcome"},
                {"point": "Involves the stakeholders"},
                {"point": "Uses evidence to decide", "weight": 2},
            ],
            "reference": "Scrum Guide 2020",
        }
        for n in range(count)
    ]
    return Bank.model_validate(
        {
            "format": 1,
            "bank": {"id": bank_id, "title": "Essays", "level": "pspo-iii"},
            "topics": {"value": {"title": "Value"}, "strategy": {"title": "Strategy"}},
            "questions": questions,
        }
    )
