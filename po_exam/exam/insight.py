"""What the score alone hides: certainty and calibration, pacing, and partly right answers.

Plain Python over the answers of one attempt (or many); nothing here changes a grade.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

# Certainty, as in Gardner-Medwin's certainty-based marking (LAPT) and Moodle's CBM:
# each level claims a range of how often an answer given with it is right.
LOW, MEDIUM, HIGH = 1, 2, 3
CERTAINTY_LEVELS = (LOW, MEDIUM, HIGH)
CERTAINTY_NAMES = {LOW: "low", MEDIUM: "medium", HIGH: "high"}
CERTAINTY_CLAIMS: dict[int, tuple[int, int]] = {LOW: (0, 67), MEDIUM: (67, 80), HIGH: (80, 100)}
"""The share right (percent, from-to) each level claims: the LAPT/CBM break-even points."""


def next_certainty(level: int | None) -> int | None:
    """The level one key press gives: none → low → medium → high → none."""
    if level is None:
        return LOW
    return None if level >= HIGH else level + 1


def certainty_name(level: int | None) -> str:
    """`low`, `medium`, `high`, or `not rated`."""
    return CERTAINTY_NAMES.get(level or 0, "not rated")


@dataclass(frozen=True, slots=True)
class Answered:
    """One graded answer as insight needs it."""

    position: int
    topic: str
    topic_title: str
    correct: bool
    certainty: int | None = None
    seconds: float | None = None


@dataclass(frozen=True, slots=True)
class LevelCalibration:
    """How often answers given at one certainty level were right, against its claim."""

    level: int
    answered: int
    right: int

    @property
    def name(self) -> str:
        return CERTAINTY_NAMES[self.level]

    @property
    def claim(self) -> tuple[int, int]:
        return CERTAINTY_CLAIMS[self.level]

    @property
    def percent(self) -> float | None:
        """The share right in percent (None when no answer was given at this level)."""
        return self.right * 100 / self.answered if self.answered else None

    @property
    def verdict(self) -> str:
        """`overconfident`, `underconfident`, `about right`, or `no answers`."""
        share = self.percent
        if share is None:
            return "no answers"
        low, high = self.claim
        if share < low:
            return "overconfident"
        if share > high or (self.level != HIGH and share == high):
            return "underconfident"
        return "about right"


@dataclass(frozen=True, slots=True)
class Calibration:
    """Certainty against outcome: per level, the lucky guesses and the confident mistakes."""

    levels: tuple[LevelCalibration, ...]
    lucky: tuple[int, ...]
    """Positions answered right at low certainty."""
    confident_mistakes: tuple[int, ...]
    """Positions answered wrong at high certainty."""
    unrated: int

    @property
    def rated(self) -> int:
        return sum(level.answered for level in self.levels)


def calibration(answers: Iterable[Answered]) -> Calibration:
    """Per certainty level, how often the learner was right; the lucky and the confident-wrong."""
    counts = {level: [0, 0] for level in CERTAINTY_LEVELS}
    lucky: list[int] = []
    mistakes: list[int] = []
    unrated = 0
    for answer in answers:
        if answer.certainty not in counts:
            unrated += 1
            continue
        counts[answer.certainty][0] += 1
        counts[answer.certainty][1] += answer.correct
        if answer.certainty == LOW and answer.correct:
            lucky.append(answer.position)
        if answer.certainty == HIGH and not answer.correct:
            mistakes.append(answer.position)
    levels = tuple(LevelCalibration(level, n, r) for level, (n, r) in counts.items())
    return Calibration(levels, tuple(lucky), tuple(mistakes), unrated)


# Pacing


PSPO_BUDGET = 60 * 60 / 80
"""Seconds per question in PSPO I: 60 minutes over 80 questions (45 s)."""


@dataclass(frozen=True, slots=True)
class TopicPace:
    """The mean time spent per question of one topic."""

    topic: str
    title: str
    questions: int
    mean_seconds: float


@dataclass(frozen=True, slots=True)
class Pacing:
    """Time per question against the budget of the exam being prepared for."""

    seconds: tuple[float | None, ...]
    """Per position (None: never timed, e.g. an attempt from before pacing was kept)."""
    budget: float
    """Seconds per question: the mode's minutes over its questions (PSPO I's 45 s if untimed)."""
    exam_questions: int
    exam_minutes: int
    slowest_topics: tuple[TopicPace, ...]

    @property
    def timed(self) -> list[float]:
        return [s for s in self.seconds if s is not None]

    @property
    def median(self) -> float | None:
        """The median seconds per question (None when nothing was timed)."""
        timed = self.timed
        return statistics.median(timed) if timed else None

    @property
    def mean(self) -> float | None:
        timed = self.timed
        return sum(timed) / len(timed) if timed else None

    @property
    def projected_minutes(self) -> float | None:
        """The minutes the whole exam would take at this attempt's mean pace."""
        mean = self.mean
        return None if mean is None else mean * self.exam_questions / 60

    @property
    def would_finish(self) -> bool | None:
        """Whether the exam's questions fit its minutes at this pace (None: nothing timed)."""
        projected = self.projected_minutes
        return None if projected is None else projected <= self.exam_minutes

    @property
    def over_budget(self) -> int:
        """How many questions took longer than the budget."""
        return sum(1 for s in self.timed if s > self.budget)


def pacing(
    answers: Sequence[Answered],
    *,
    questions: int,
    minutes: int | None,
    slowest: int = 3,
) -> Pacing:
    """Pacing of one attempt: timed attempts against their own budget, others against PSPO I's.

    `answers` are every position of the attempt, in order.
    """
    if minutes and questions:
        exam_questions, exam_minutes = questions, minutes
    else:
        exam_questions, exam_minutes = 80, 60
    budget = exam_minutes * 60 / exam_questions
    by_topic: dict[str, list[float]] = {}
    titles: dict[str, str] = {}
    for answer in answers:
        if answer.seconds is not None:
            by_topic.setdefault(answer.topic, []).append(answer.seconds)
            titles.setdefault(answer.topic, answer.topic_title)
    paces = [
        TopicPace(topic, titles[topic], len(times), sum(times) / len(times))
        for topic, times in by_topic.items()
    ]
    paces.sort(key=lambda pace: (-pace.mean_seconds, pace.title))
    return Pacing(
        seconds=tuple(answer.seconds for answer in answers),
        budget=budget,
        exam_questions=exam_questions,
        exam_minutes=exam_minutes,
        slowest_topics=tuple(paces[:slowest]),
    )


def median_seconds(seconds: Iterable[float | None]) -> float | None:
    """The median of the timed values (None when none was timed)."""
    timed = [s for s in seconds if s is not None]
    return statistics.median(timed) if timed else None


# Three states per option


OptionMark = Literal["right pick", "wrong pick", "missed", ""]


def option_marks(selection: frozenset[int], key: frozenset[int], options: int) -> list[OptionMark]:
    """Each option as a right pick, a wrong pick, a missed keyed option, or nothing."""
    marks: list[OptionMark] = []
    for option in range(options):
        if option in selection:
            marks.append("right pick" if option in key else "wrong pick")
        else:
            marks.append("missed" if option in key else "")
    return marks


@dataclass(frozen=True, slots=True)
class PartlyRight:
    """Multiple-answer questions answered partly right: `found` of `keyed` options, `count` times."""

    found: int
    keyed: int
    count: int

    def __str__(self) -> str:
        questions = "question" if self.count == 1 else "questions"
        return f"you found {self.found} of {self.keyed} in {self.count} {questions}"


def partly_right(items: Iterable[tuple[str, frozenset[int], frozenset[int]]]) -> list[PartlyRight]:
    """Of (type, selection, key) triples: multiple-answer ones with some but not all keyed
    options found (and not fully right), grouped by how many were found of how many."""
    groups: dict[tuple[int, int], int] = {}
    for kind, selection, key in items:
        if kind != "multiple" or selection == key:
            continue
        found = len(selection & key)
        if found:
            groups[(found, len(key))] = groups.get((found, len(key)), 0) + 1
    return [PartlyRight(f, k, n) for (f, k), n in sorted(groups.items())]
