"""Drawing an attempt's questions: topic-balanced, no repeats, reproducible from a seed."""

from __future__ import annotations

import random
from collections.abc import Collection, Iterable, Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

from po_exam.exam.asked import AskedQuestion, ask
from po_exam.exam.modes import MODES, ExamSettings
from po_exam.exam.pool import PoolEntry, collect_pool, topic_weights

if TYPE_CHECKING:
    from po_exam.banks.models import Bank


def draw_questions(
    banks: Sequence[Bank],
    settings: ExamSettings,
    *,
    avoid: Collection[tuple[str, str]] = (),
    only: Sequence[tuple[str, str]] | None = None,
) -> list[AskedQuestion]:
    """The questions of one attempt, options in display order; the same seed draws the same."""
    rng = random.Random(settings.seed)
    if only is not None:
        by_key = {entry.key: entry for entry in collect_pool(banks)}  # review: never essays
        picked = [by_key[key] for key in dict.fromkeys(only) if key in by_key]
        return [_ask(entry, rng) for entry in picked[: settings.questions]]
    avoided = set(avoid)
    mode = MODES.get(settings.mode)
    pool = collect_pool(banks, settings.topics, essays=mode is not None and mode.essays)
    # A question on a fact the avoided ones tested is no fresher than they are.
    asked_facts = {e.question.fact for e in pool if e.key in avoided and e.question.fact}
    fresh = _by_topic(
        e for e in pool if e.key not in avoided and e.question.fact not in asked_facts
    )
    stale = _by_topic(e for e in pool if e.key in avoided or e.question.fact in asked_facts)
    weights = topic_weights(banks)
    # Fresh questions first so a retry avoids the first attempt's where the pool allows.
    from_fresh = allocate(settings.questions, _capacity(fresh), weights)
    short = settings.questions - sum(from_fresh.values())
    from_stale = allocate(short, _capacity(stale), weights)
    picked: list[PoolEntry] = []
    facts: set[str] = set()
    for topic, count in from_fresh.items():
        picked += _pick(rng, fresh[topic], count, facts)
    for topic, count in from_stale.items():
        picked += _pick(rng, stale[topic], count, facts)
    rng.shuffle(picked)
    return [_ask(entry, rng) for entry in picked]


def allocate(
    total: int, capacity: Mapping[str, int], weights: Mapping[str, float]
) -> dict[str, int]:
    """Share `total` over topics by weight (largest remainder), capped, leftovers passed on."""
    counts = dict.fromkeys(capacity, 0)
    remaining = min(total, sum(capacity.values()))
    while remaining > 0:
        open_topics = [topic for topic in sorted(capacity) if counts[topic] < capacity[topic]]
        shares = _largest_remainder(remaining, {t: _weight(weights, t) for t in open_topics})
        for topic, share in shares.items():
            granted = min(share, capacity[topic] - counts[topic])
            counts[topic] += granted
            remaining -= granted
    return {topic: count for topic, count in counts.items() if count}


def _largest_remainder(total: int, weights: Mapping[str, Fraction]) -> dict[str, int]:
    whole = sum(weights.values())
    quotas = {topic: total * weight / whole for topic, weight in weights.items()}
    shares = {topic: int(quota) for topic, quota in quotas.items()}
    by_remainder = sorted(weights, key=lambda topic: (shares[topic] - quotas[topic], topic))
    for topic in by_remainder[: total - sum(shares.values())]:
        shares[topic] += 1
    return shares


def _weight(weights: Mapping[str, float], topic: str) -> Fraction:
    return Fraction(weights.get(topic, 1.0)).limit_denominator(1000)


def _pick(
    rng: random.Random, entries: list[PoolEntry], count: int, facts: set[str]
) -> list[PoolEntry]:
    """`count` of `entries` at random, passing over a fact already asked while others remain."""
    chosen: list[PoolEntry] = []
    passed_over: list[PoolEntry] = []
    for entry in rng.sample(entries, len(entries)):
        if len(chosen) == count:
            break
        fact = entry.question.fact
        if fact in facts:
            passed_over.append(entry)
            continue
        chosen.append(entry)
        if fact is not None:
            facts.add(fact)
    return chosen + passed_over[: count - len(chosen)]


def _by_topic(entries: Iterable[PoolEntry]) -> dict[str, list[PoolEntry]]:
    grouped: dict[str, list[PoolEntry]] = {}
    for entry in entries:
        grouped.setdefault(entry.question.topic, []).append(entry)
    return grouped


def _capacity(grouped: Mapping[str, list[PoolEntry]]) -> dict[str, int]:
    return {topic: len(entries) for topic, entries in grouped.items()}


def _ask(entry: PoolEntry, rng: random.Random) -> AskedQuestion:
    question = entry.question
    order = tuple(range(len(question.choices)))
    if question.shuffle and question.type != "true_false":
        order = tuple(rng.sample(order, len(order)))
    return ask(entry.bank_id, question, entry.topic_title, order, objective=entry.objective)
