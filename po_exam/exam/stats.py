"""Progress figures computed from past results: how ready the learner looks."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from po_exam.exam.grading import Result

READINESS_WINDOW = 5


@dataclass(frozen=True, slots=True)
class Readiness:
    """Of the last few simulations: how many there were, how many passed, the mean score."""

    simulations: int
    passed: int
    mean_percent: float

    @property
    def share_passed(self) -> float:
        """The passed share of the simulations counted (0 when there were none)."""
        return self.passed / self.simulations if self.simulations else 0.0


@dataclass(frozen=True, slots=True)
class PathStep:
    """One step a Professional Scrum Trainer candidate needs, with the learner's best recent
    result on it (None when there is none yet)."""

    title: str
    pass_mark: int
    modes: tuple[str, ...]
    best: float | None = None

    @property
    def reached(self) -> bool:
        """Whether the best recent result reaches the step's bar."""
        return self.best is not None and self.best >= self.pass_mark


PST_STEPS = (
    PathStep("PSPO I", 95, ("pspo1", "pst")),
    PathStep("PSPO II", 85, ("pspo2",)),
    PathStep("PSPO III", 85, ("pspo3",)),
)
"""A PST candidate needs PSPO I at 95 %, PSPO II at 85 % and PSPO III at 85 %."""


def readiness(recent: Iterable[Result], window: int = READINESS_WINDOW) -> Readiness:
    """Readiness from simulation results, newest first; only the first `window` count."""
    counted = list(recent)[:window]
    if not counted:
        return Readiness(0, 0, 0.0)
    passed = sum(result.passed for result in counted)
    mean = sum(result.percent for result in counted) / len(counted)
    return Readiness(len(counted), passed, mean)
