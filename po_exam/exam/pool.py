"""The questions a draw may pick from: the chosen banks narrowed to the chosen topics."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from po_exam.banks.models import Bank, Question


@dataclass(frozen=True, slots=True)
class PoolEntry:
    """One candidate question with the bank it comes from."""

    bank_id: str
    question: Question
    topic_title: str
    objective: tuple[str, str] = ("", "")
    """The question's objective title and category, when it names one."""

    @property
    def key(self) -> tuple[str, str]:
        """(bank id, question id)."""
        return (self.bank_id, self.question.id)


def collect_pool(
    banks: Sequence[Bank], topics: Collection[str] | None = None, *, essays: bool = False
) -> list[PoolEntry]:
    """Every distinct question of `banks` on `topics` (all topics when None), in bank order.

    Essays are written, not picked: they join a pool only when `essays` asks for them.
    """
    seen: set[tuple[str, str]] = set()
    pool: list[PoolEntry] = []
    for bank in banks:
        for question in bank.questions:
            key = (bank.id, question.id)
            if key in seen or (topics is not None and question.topic not in topics):
                continue
            if (question.type == "essay") != essays:
                continue
            seen.add(key)
            topic = bank.topics.get(question.topic)
            found = bank.objectives.get(question.objective or "")
            objective = (found.title, found.category or "") if found else ("", "")
            pool.append(
                PoolEntry(bank.id, question, topic.title if topic else question.topic, objective)
            )
    return pool


def topic_weights(banks: Sequence[Bank]) -> dict[str, float]:
    """Each topic's draw weight; the first bank that declares a topic sets its weight."""
    weights: dict[str, float] = {}
    for bank in banks:
        for topic_id, topic in bank.topics.items():
            weights.setdefault(topic_id, topic.weight)
    return weights


def topic_titles(banks: Sequence[Bank]) -> dict[str, str]:
    """Each topic's title; the first bank that declares a topic names it."""
    titles: dict[str, str] = {}
    for bank in banks:
        for topic_id, topic in bank.topics.items():
            titles.setdefault(topic_id, topic.title)
    return titles
