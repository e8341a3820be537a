"""What History and Home list of an attempt, and the one mapping from its columns: no
ORM, no pydantic, so that Home's quick read (po_exam/quick.py) can use them at launch."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from po_exam.exam.scores import is_pass, percent
from po_exam.text import printable

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


SUMMARY_FIELDS = (
    "id",
    "mode",
    "bank_ids",
    "started_at",
    "finished_at",
    "deadline",
    "correct",
    "questions",
    "pass_mark",
    "passed",
    "retry_of",
    "seconds_used",
    "seed",
    "abandoned_at",
    "rescored_correct",
    "ungraded",
)
"""The attempt columns a summary is made of, in the order `summary_of` takes them."""


def summary_of(
    values: Sequence[Any],
    moment: Callable[[Any], datetime | None] | None = None,
    bank_ids: Callable[[str], tuple[str, ...]] = lambda raw: tuple(
        printable(b) for b in json.loads(raw)
    ),
) -> AttemptSummary:
    """The summary of one attempt from its `SUMMARY_FIELDS` values: the one mapping there is.
    Moments are read with `moment` (default: the store's `from_db`)."""
    if moment is None:
        from po_exam.store.convert import from_db

        moment = from_db
    (id_, mode, banks, started, finished, deadline, correct, questions) = values[:8]
    pass_mark, passed, retry_of, seconds_used, seed, abandoned, rescored, ungraded = values[8:]
    return AttemptSummary(
        id_,
        printable(mode),  # text from the database is shown on a terminal: escaped
        bank_ids(banks),
        moment(started),  # type: ignore[arg-type]
        moment(finished),
        moment(deadline),
        correct,
        questions,
        pass_mark,
        None if passed is None else bool(passed),
        retry_of,
        seconds_used,
        seed,
        moment(abandoned),
        rescored,
        ungraded,
    )
