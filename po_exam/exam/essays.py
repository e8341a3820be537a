"""Self-grading an essay: the rubric points ticked, a proposed verdict, and the attempt's result.

PSPO III judges each response to exceed, meet or not meet expectations, and passes an attempt
by the share of responses meeting or exceeding them. Here the learner ticks the rubric points
their answer covered; the weighted share ticked proposes a verdict (thresholds from the mode)
and the learner may override it.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

Verdict = Literal["exceeds", "meets", "not_meets"]
VERDICTS: tuple[Verdict, ...] = ("exceeds", "meets", "not_meets")
VERDICT_TITLES: dict[Verdict, str] = {
    "exceeds": "exceeds expectations",
    "meets": "meets expectations",
    "not_meets": "does not meet expectations",
}
MEETS_AT = 60
"""Default: from this weighted share of rubric points ticked (percent), an answer meets."""
EXCEEDS_AT = 100
"""Default: from this share, it exceeds (every point covered)."""


def ticked_share(rubric: Sequence[tuple[str, float]], ticked: Collection[int]) -> Fraction:
    """The weighted share of `rubric` points ticked (0 for an empty rubric)."""
    weights = [Fraction(weight).limit_denominator(1000) for _, weight in rubric]
    whole = sum(weights, Fraction(0))
    if not whole:
        return Fraction(0)
    return sum((w for i, w in enumerate(weights) if i in ticked), Fraction(0)) / whole


def propose(share: Fraction, meets_at: int = MEETS_AT, exceeds_at: int = EXCEEDS_AT) -> Verdict:
    """The verdict a ticked share suggests: at or above `exceeds_at` percent exceeds, at or
    above `meets_at` meets, below does not meet (whole-number thresholds, compared exactly)."""
    if share * 100 >= exceeds_at:
        return "exceeds"
    if share * 100 >= meets_at:
        return "meets"
    return "not_meets"


def meets(verdict: Verdict | None) -> bool:
    """Whether a verdict counts toward passing: meets or exceeds expectations."""
    return verdict in ("exceeds", "meets")


@dataclass(frozen=True, slots=True)
class EssayGrade:
    """How the learner graded one essay: the rubric points ticked and the verdict chosen."""

    ticked: frozenset[int]
    verdict: Verdict

    @property
    def meets(self) -> bool:
        """Whether it meets or exceeds expectations."""
        return meets(self.verdict)

    def dump(self) -> str:
        """As stored."""
        return json.dumps({"ticked": sorted(self.ticked), "verdict": self.verdict})

    @classmethod
    def load(cls, raw: str | None) -> EssayGrade | None:
        """From storage; None when ungraded or unreadable."""
        if not raw:
            return None
        try:
            data = json.loads(raw)
            verdict = data["verdict"]
            ticked = frozenset(int(i) for i in data.get("ticked", ()))
        except (ValueError, TypeError, KeyError):
            return None
        return cls(ticked, verdict) if verdict in VERDICTS else None
