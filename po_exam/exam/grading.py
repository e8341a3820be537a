"""Grading an attempt: all-or-nothing per question, a whole-number pass rule, topic scores."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from po_exam.exam.asked import AskedQuestion
from po_exam.exam.scores import is_pass, percent
from po_exam.exam.scores import needed as needed  # the pass rule, also where callers look


@dataclass(frozen=True, slots=True)
class TopicScore:
    """How one focus area went."""

    topic: str
    title: str
    correct: int
    total: int

    @property
    def percent(self) -> float:
        """The share right, in percent."""
        return percent(self.correct, self.total)


@dataclass(frozen=True, slots=True)
class Result:
    """The verdict of an attempt, with the focus areas weakest first."""

    correct: int
    total: int
    pass_mark: int
    passed: bool
    by_topic: tuple[TopicScore, ...] = ()
    ungraded: int = 0
    """Essays not yet self-graded: until there are none, the attempt has no verdict."""

    @property
    def percent(self) -> float:
        """The score, in percent."""
        return percent(self.correct, self.total)


def weakest_first(scores: Iterable[TopicScore]) -> list[TopicScore]:
    """Topic scores, the lowest share right first (ties by title); no answers counts as 0."""
    return sorted(scores, key=lambda score: (_share(score.correct, score.total), score.title))


def _share(correct: int, total: int) -> float | Fraction:
    """The share right, ordered exactly: below 2**26 answers two different shares differ by
    more than a double's rounding (so the quick float orders them as the exact Fraction)."""
    if not total:
        return 0
    return correct / total if total < 1 << 26 else Fraction(correct, total)


def grade(
    questions: Sequence[AskedQuestion],
    answers: Mapping[int, frozenset[int]],
    pass_mark: int,
) -> Result:
    """Score `answers` (position -> selection) against `questions`; unanswered ones are wrong."""
    tally: dict[str, list[int]] = {}
    titles: dict[str, str] = {}
    essays = 0
    for position, question in enumerate(questions):
        essays += question.type == "essay"
        # An essay is right only once self-graded as meeting expectations, after submit.
        right = question.type != "essay" and question.is_correct(answers.get(position, frozenset()))
        counts = tally.setdefault(question.topic, [0, 0])
        counts[0] += right
        counts[1] += 1
        titles.setdefault(question.topic, question.topic_title)
    scores = weakest_first(
        TopicScore(topic, titles[topic], c, t) for topic, (c, t) in tally.items()
    )
    correct = sum(score.correct for score in scores)
    total = len(questions)
    passed = not essays and is_pass(correct, total, pass_mark)
    return Result(correct, total, pass_mark, passed, tuple(scores), ungraded=essays)
