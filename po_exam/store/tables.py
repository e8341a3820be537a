"""The database tables: attempts, the questions as asked, answers, and review cards."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, Index, Text, and_
from sqlmodel import Field, SQLModel, col

# Datetime columns use SQLModel's UTCDateTime: aware UTC in Python, naive UTC text in SQLite.


DEFAULT_LEARNER_ID = 1
DEFAULT_LEARNER = "default"
"""The learner of a single-user database: its history from before learners belongs to it."""


class Learner(SQLModel, table=True):
    """A person practising: attempts and review cards belong to one learner."""

    __tablename__ = "learner"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=64, unique=True)
    created_at: datetime
    settings: str = Field(default="{}", sa_type=Text)  # JSON object of per-person settings


class Attempt(SQLModel, table=True):
    """One sitting of an exam, finished or not, with the settings to reproduce it."""

    __tablename__ = "attempt"
    __table_args__ = (
        Index("ix_attempt_started_at", "started_at"),
        Index("ix_attempt_mode_started_at", "mode", "started_at"),
        Index("ix_attempt_passed_started_at", "passed", "started_at"),
        Index("ix_attempt_finished_at", "finished_at"),
        Index("ix_attempt_mode_finished_at", "mode", "finished_at"),
        Index("ix_attempt_retry_of", "retry_of"),
        Index("ix_attempt_learner_started_at", "learner_id", "started_at"),
        Index("ix_attempt_learner_finished_at", "learner_id", "finished_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    mode: str = Field(max_length=32)
    bank_ids: str = Field(sa_type=Text)  # JSON list, for display; filters use AttemptBank
    started_at: datetime
    deadline: datetime | None = None
    finished_at: datetime | None = None
    questions: int
    minutes: int | None = None
    pass_mark: int
    topics: str | None = Field(default=None, sa_type=Text)  # JSON list or null for all
    seed: int
    feedback: str = Field(max_length=8)
    position: int = 0
    correct: int | None = None
    passed: bool | None = None
    seconds_used: int | None = None
    retry_of: int | None = Field(default=None, foreign_key="attempt.id", ondelete="SET NULL")
    abandoned_at: datetime | None = None  # given up unfinished: kept, never graded
    certainty: bool | None = None  # whether the learner rates certainty per answer (v3)
    rescored_correct: int | None = None  # right against the keys as re-graded (history rescore)
    rescored_at: datetime | None = None
    learner_id: int = Field(
        default=DEFAULT_LEARNER_ID,
        foreign_key="learner.id",
        sa_column_kwargs={"server_default": "1"},
    )
    ungraded: int | None = None  # essays not yet self-graded; no verdict until none are


class AttemptBank(SQLModel, table=True):
    """Which banks an attempt drew from (one row per bank, for the bank filter)."""

    __tablename__ = "attempt_bank"

    attempt_id: int = Field(foreign_key="attempt.id", primary_key=True, ondelete="CASCADE")
    bank_id: str = Field(primary_key=True, max_length=64)


class AskedQuestionRow(SQLModel, table=True):
    """A snapshot of a question exactly as it was asked at one position of an attempt."""

    __tablename__ = "asked_question"
    __table_args__ = (Index("ix_asked_question_key", "bank_id", "question_id"),)

    attempt_id: int = Field(foreign_key="attempt.id", primary_key=True, ondelete="CASCADE")
    position: int = Field(primary_key=True)
    bank_id: str = Field(max_length=64)
    question_id: str = Field(max_length=64)
    topic: str = Field(max_length=64)
    topic_title: str = Field(sa_type=Text)
    type: str = Field(max_length=16)
    text: str = Field(sa_type=Text)
    options: str = Field(sa_type=Text)  # JSON list of option texts in display order
    key: str = Field(sa_type=Text)  # JSON list of the keyed display positions
    explanation: str = Field(default="", sa_type=Text)
    reference: str = Field(default="", sa_type=Text)
    difficulty: int | None = None
    content_hash: str | None = Field(default=None, max_length=16)  # of stem, options and key
    model_answer: str = Field(default="", sa_type=Text)  # an essay's model answer
    rubric: str = Field(default="[]", sa_type=Text)  # JSON [[point, weight], ...]
    objective: str = Field(default="", sa_type=Text)  # JSON [id, title, category] or ""


class AnswerRow(SQLModel, table=True):
    """The learner's selection and flag at one position; `correct` is set when graded."""

    __tablename__ = "answer"

    attempt_id: int = Field(foreign_key="attempt.id", primary_key=True, ondelete="CASCADE")
    position: int = Field(primary_key=True)
    selection: str = Field(default="[]", sa_type=Text)  # JSON list of display positions
    flagged: bool = False
    answered_at: datetime | None = None
    correct: bool | None = None
    certainty: int | None = None  # 1 low, 2 medium, 3 high; None: not rated (v3)
    seconds: float | None = None  # time spent on the question, summed over visits (v3)
    rescored: bool | None = None  # the verdict against the current key, beside `correct`
    essay: str | None = Field(default=None, sa_type=Text)  # the essay written, as typed
    grade: str | None = Field(default=None, sa_type=Text)  # JSON self-grade of the essay


class ReviewCard(SQLModel, table=True):
    """The spaced-repetition (FSRS) state of one question for "Review my mistakes"."""

    __tablename__ = "review_card"
    __table_args__ = (Index("ix_review_card_learner_due", "learner_id", "due"),)

    learner_id: int = Field(primary_key=True, foreign_key="learner.id")
    bank_id: str = Field(primary_key=True, max_length=64)
    question_id: str = Field(primary_key=True, max_length=64)
    card: str = Field(sa_type=Text)  # fsrs.Card.to_json()
    due: datetime
    wrong: int = 0
    right: int = 0
    last_review: datetime | None = None


class Dispute(SQLModel, table=True):
    """A learner's argument that a question's key is wrong, for the bank's author."""

    __tablename__ = "dispute"
    __table_args__ = (Index("ix_dispute_question", "bank_id", "question_id"),)

    id: int | None = Field(default=None, primary_key=True)
    bank_id: str = Field(max_length=64)
    question_id: str = Field(max_length=64)
    content_hash: str = Field(max_length=16)  # the version of the question disputed
    attempt_id: int | None = Field(default=None, foreign_key="attempt.id", ondelete="SET NULL")
    question_text: str = Field(sa_type=Text)
    choice: str = Field(sa_type=Text)  # JSON list of the option texts the learner chose
    key: str = Field(sa_type=Text)  # JSON list of the keyed option texts
    argument: str = Field(sa_type=Text)
    created_at: datetime
    status: str = Field(default="open", max_length=16)


class TopicResult(SQLModel, table=True):
    """One finished attempt's score on one topic of one bank (kept when it is finished);
    `learner_id` is the attempt's learner, so each learner reads only their own."""

    __tablename__ = "topic_result"
    __table_args__ = (
        Index(
            "ix_topic_result_topic_finished_at", "learner_id", "topic", "finished_at", "attempt_id"
        ),
        Index("ix_topic_result_finished_at", "learner_id", "finished_at"),
    )

    learner_id: int = Field(foreign_key="learner.id")
    attempt_id: int = Field(foreign_key="attempt.id", primary_key=True, ondelete="CASCADE")
    bank_id: str = Field(primary_key=True, max_length=64)
    topic: str = Field(primary_key=True, max_length=64)
    topic_title: str = Field(sa_type=Text)
    finished_at: datetime
    correct: int
    total: int


class TopicTotal(SQLModel, table=True):
    """Every finished attempt's answers on one topic of one bank, summed per learner
    (kept up to date)."""

    __tablename__ = "topic_total"

    learner_id: int = Field(primary_key=True, foreign_key="learner.id")
    bank_id: str = Field(primary_key=True, max_length=64)
    topic: str = Field(primary_key=True, max_length=64)
    topic_title: str = Field(sa_type=Text)
    """The greatest title the topic was asked under, as `MAX(topic_title)` picks it."""
    correct: int = 0
    total: int = 0


def same_position() -> ColumnElement[bool]:
    """The condition joining an answer to the question it answers: the same attempt and
    the same position."""
    return and_(
        col(AnswerRow.attempt_id) == col(AskedQuestionRow.attempt_id),
        col(AnswerRow.position) == col(AskedQuestionRow.position),
    )
