"""What the store hands back: plain, frozen records in the exam's own terms."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from po_exam.exam.asked import AskedQuestion
from po_exam.exam.essays import EssayGrade
from po_exam.exam.grading import TopicScore, percent
from po_exam.exam.modes import ExamSettings
from po_exam.store.summaries import AttemptSummary as AttemptSummary  # re-exported
from po_exam.store.summaries import HomeSummary as HomeSummary  # re-exported

if TYPE_CHECKING:
    pass


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """One question of an attempt with what the learner did with it."""

    position: int
    question: AskedQuestion
    selection: frozenset[int]
    flagged: bool
    correct: bool | None
    """Right or wrong; None while the key is concealed (the attempt is still open)."""
    certainty: int | None = None
    """1 low, 2 medium, 3 high; None when not rated."""
    seconds: float | None = None
    """Time spent on the question, summed over visits (None: not kept then)."""
    content_hash: str = ""
    """The hash of the question's stem, options and key as asked."""
    rescored: bool | None = None
    """Right or wrong against the current key, when `history rescore` re-graded it."""
    essay: str = ""
    """The essay written (essay questions)."""
    grade: EssayGrade | None = None
    """The learner's self-grade of the essay, once given."""


@dataclass(frozen=True, slots=True)
class AttemptDetail:
    """An attempt with every question as asked and answered, for the debrief."""

    summary: AttemptSummary
    items: list[ReviewItem]
    concealed: bool = False
    """Whether keys, explanations and the score are left out (the attempt is still open)."""


@dataclass(frozen=True, slots=True)
class StoredAttempt:
    """An open attempt as stored, enough to take it up again where it was left."""

    summary: AttemptSummary
    settings: ExamSettings
    questions: list[AskedQuestion]
    answers: dict[int, frozenset[int]]
    flags: list[int]
    position: int
    certainty: dict[int, int] = field(default_factory=dict)
    seconds: dict[int, float] = field(default_factory=dict)
    essays: dict[int, str] = field(default_factory=dict)


TopicAccuracy = TopicScore
"""How often questions of one topic were answered right over finished attempts."""


@dataclass(frozen=True, slots=True)
class TopicPoint:
    """One topic's score in one finished attempt (a point of its trend)."""

    attempt_id: int
    finished_at: datetime
    correct: int
    total: int

    @property
    def percent(self) -> float:
        """The share right, in percent."""
        return percent(self.correct, self.total)


@dataclass(frozen=True, slots=True)
class AnswerExport:
    """One answer of one attempt, flat, for `po-exam export --answers`."""

    attempt_id: int
    position: int
    bank_id: str
    question_id: str
    topic: str
    selection: frozenset[int]
    key: frozenset[int]
    correct: bool | None
    seconds: float | None
    certainty: int | None
    answered_at: datetime | None


@dataclass(frozen=True, slots=True)
class LearnerInfo:
    """A learner on the database: whose attempts and review cards are whose."""

    id: int
    name: str
