"""What the store hands back: plain, frozen records in the exam's own terms."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

from po_exam.exam.asked import AskedQuestion
from po_exam.exam.essays import EssayGrade
from po_exam.exam.grading import TopicScore, is_pass, percent
from po_exam.exam.modes import ExamSettings

if TYPE_CHECKING:
    from po_exam.exam.retry import RetryOffer
    from po_exam.store.review import ExamPlan


class AttemptSummary(NamedTuple):
    """One attempt as history lists it (a named tuple: history builds thousands of them)."""

    id: int
    mode: str
    bank_ids: tuple[str, ...]
    started_at: datetime
    finished_at: datetime | None
    deadline: datetime | None
    correct: int | None
    total: int
    pass_mark: int
    passed: bool | None
    retry_of: int | None
    seconds_used: int | None
    seed: int
    abandoned_at: datetime | None = None
    rescored_correct: int | None = None
    """Right answers against the keys as re-graded by `history rescore` (None: never re-graded)."""
    ungraded: int | None = None
    """Essays of a submitted attempt not yet self-graded (no verdict until none are)."""

    @property
    def percent(self) -> float | None:
        """The score in percent, None while unfinished."""
        return None if self.correct is None else percent(self.correct, self.total)

    @property
    def rescored_percent(self) -> float | None:
        """The re-graded score in percent, None when never re-graded."""
        return None if self.rescored_correct is None else percent(self.rescored_correct, self.total)

    @property
    def rescored_passed(self) -> bool | None:
        """Whether the re-graded score reaches the pass mark (None: never re-graded)."""
        if self.rescored_correct is None:
            return None
        return is_pass(self.rescored_correct, self.total, self.pass_mark)

    @property
    def finished(self) -> bool:
        """Whether the attempt was submitted."""
        return self.finished_at is not None

    @property
    def abandoned(self) -> bool:
        """Whether the learner gave the attempt up unfinished (it is never graded)."""
        return self.abandoned_at is not None

    @property
    def open(self) -> bool:
        """Whether the attempt can still be continued: neither submitted nor abandoned."""
        return self.finished_at is None and self.abandoned_at is None


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


@dataclass(frozen=True, slots=True)
class HomeSummary:
    """What the home screen shows from the database."""

    unfinished: AttemptSummary | None
    retry: RetryOffer | None
    recent: list[AttemptSummary]
    mistakes_due: int
    expired: int = 0
    """How many timed attempts ran out while the learner was away (graded just now)."""
    plan: ExamPlan | None = None
    """The way to the real exam, when its day is set."""
    passport_days: int | None = None
    """Days left in the passport window after today (0: its last day, -1: closed); None
    when no passport date is set."""
    retry_from: AttemptSummary | None = None
    """The failed simulation that earned `retry`, to name it."""
