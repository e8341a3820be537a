"""Counts an author wants to see: questions per topic, type and difficulty, and thin topics."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from po_exam.banks.models import Bank

DEFAULT_DRAW = 80


@dataclass(frozen=True, slots=True)
class TopicCount:
    """How many questions a topic has against what a draw of the bank takes from it."""

    topic: str
    title: str
    weight: float
    questions: int
    per_draw: int

    @property
    def thin(self) -> bool:
        """Fewer than twice a draw's share: a retry could not avoid repeating questions."""
        return self.questions < 2 * self.per_draw


@dataclass(frozen=True, slots=True)
class BankStats:
    """Summary counts of one bank."""

    total: int
    draw: int
    topics: list[TopicCount]
    types: Counter[str]
    difficulties: Counter[str]


def bank_stats(bank: Bank, draw: int | None = None) -> BankStats:
    """Count `bank`'s questions; a topic's share of a draw of `draw` follows its weight."""
    defaults = bank.bank.defaults
    size = draw or (defaults.questions if defaults and defaults.questions else DEFAULT_DRAW)
    size = min(size, len(bank.questions))
    per_topic = Counter(q.topic for q in bank.questions)
    total_weight = sum(t.weight for t in bank.topics.values()) or 1.0
    topics = [
        TopicCount(
            tid, t.title, t.weight, per_topic[tid], math.ceil(size * t.weight / total_weight)
        )
        for tid, t in bank.topics.items()
    ]
    difficulties = Counter(str(q.difficulty) if q.difficulty else "unset" for q in bank.questions)
    return BankStats(
        len(bank.questions), size, topics, Counter(q.type for q in bank.questions), difficulties
    )
