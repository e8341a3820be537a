"""An honest readiness figure: the chance of reaching 85 % and 95 % on the next simulation.

Method (stated in the README):

1. Only simulation attempts count (PSPO I, PSPO II style, PST readiness); practice runs
   of a few questions say little about an 80-question sitting.
2. Each answer counts as first seen (the question was never asked in an earlier attempt)
   or repeated. The real exam's questions are new to the learner, so the estimate uses
   first-seen answers only; repeated ones are reported beside it, never mixed in.
3. Recent attempts weigh more: the newest simulation weighs 1, the one before
   `DECAY`, then `DECAY**2`, and so on.
4. The share right on first-seen questions gets a Beta posterior from a uniform prior and
   the weighted counts (so old or few answers leave it wide); the chance of at least 85 %
   (68 of 80) or 95 % (76 of 80) is the beta-binomial tail over the 80 questions of PSPO I.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from po_exam.exam.grading import needed

DECAY = 0.7
"""Each older simulation weighs this much of the one after it."""
WINDOW = 10
"""Simulations looked at, newest first."""
EXAM_QUESTIONS = 80
PASS_MARKS = (85, 95)


@dataclass(frozen=True, slots=True)
class SimulationAnswers:
    """One finished simulation: for each answer, whether it was right and seen for the first time."""

    attempt_id: int
    answers: tuple[tuple[bool, bool], ...]
    """(correct, first seen) per question."""


@dataclass(frozen=True, slots=True)
class Outlook:
    """Readiness from simulations: first-seen and repeated accuracy and the chances to pass."""

    simulations: int
    first_seen: int
    first_seen_right: int
    repeated: int
    repeated_right: int
    weighted_share: float | None
    """The recency-weighted share right on first-seen questions (None without any)."""
    chances: dict[int, float]
    """Pass mark (85, 95) -> chance of reaching it on the next 80 questions; empty without
    first-seen answers."""

    @property
    def repeated_share(self) -> float | None:
        return self.repeated_right / self.repeated if self.repeated else None


def outlook(newest_first: Sequence[SimulationAnswers], decay: float = DECAY) -> Outlook:
    """Readiness from simulations, newest first (only the first `WINDOW` count)."""
    counted = list(newest_first)[:WINDOW]
    right = wrong = 0.0
    first = first_right = repeated = repeated_right = 0
    for age, attempt in enumerate(counted):
        weight = decay**age
        for correct, first_seen in attempt.answers:
            if first_seen:
                first += 1
                first_right += correct
                right += weight * correct
                wrong += weight * (not correct)
            else:
                repeated += 1
                repeated_right += correct
    chances: dict[int, float] = {}
    share = None
    if right + wrong > 0:
        share = right / (right + wrong)
        for mark in PASS_MARKS:
            chances[mark] = beta_binomial_at_least(
                needed(EXAM_QUESTIONS, mark), EXAM_QUESTIONS, 1 + right, 1 + wrong
            )
    return Outlook(len(counted), first, first_right, repeated, repeated_right, share, chances)


def beta_binomial_at_least(k: int, n: int, alpha: float, beta: float) -> float:
    """P(X >= k) for X ~ BetaBinomial(n, alpha, beta)."""

    def log_pmf(x: int) -> float:
        return (
            math.lgamma(n + 1)
            - math.lgamma(x + 1)
            - math.lgamma(n - x + 1)
            + math.lgamma(x + alpha)
            + math.lgamma(n - x + beta)
            - math.lgamma(n + alpha + beta)
            - math.lgamma(alpha)
            - math.lgamma(beta)
            + math.lgamma(alpha + beta)
        )

    return min(1.0, sum(math.exp(log_pmf(x)) for x in range(max(0, k), n + 1)))
