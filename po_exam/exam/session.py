"""One attempt in progress: answers, flags, navigation, the countdown and the submit."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timedelta

from po_exam.exam.asked import AskedQuestion
from po_exam.exam.clock import SYSTEM_CLOCK, Clock, as_utc
from po_exam.exam.grading import Result, grade
from po_exam.exam.modes import ExamSettings


class SessionClosed(RuntimeError):
    """The attempt was submitted or its time is up: answers and flags can no longer change."""


class AnswerLocked(RuntimeError):
    """In practice, an answer whose feedback was shown can no longer change."""


class Session:
    """The state of one attempt; it does no I/O, the caller stores every change."""

    def __init__(
        self,
        questions: Sequence[AskedQuestion],
        settings: ExamSettings,
        *,
        started_at: datetime,
        deadline: datetime | None,
        answers: Mapping[int, frozenset[int]] | None = None,
        flags: Iterable[int] = (),
        position: int = 0,
        clock: Clock = SYSTEM_CLOCK,
        certainty: Mapping[int, int] | None = None,
        seconds: Mapping[int, float] | None = None,
        essays: Mapping[int, str] | None = None,
    ) -> None:
        if not questions:
            raise ValueError("A session needs at least one question")
        self.questions: tuple[AskedQuestion, ...] = tuple(questions)
        self.settings = settings
        self.started_at = as_utc(started_at)
        self.deadline = as_utc(deadline) if deadline is not None else None
        self.clock = clock
        self.position = min(max(position, 0), len(self.questions) - 1)
        self._answers = {i: frozenset(s) for i, s in (answers or {}).items() if s}
        self._flags = set(flags)
        self._certainty = {i: level for i, level in (certainty or {}).items() if level}
        self._seconds = dict(seconds or {})
        self._essays = {i: text for i, text in (essays or {}).items() if text.strip()}
        # In practice an answered question has had its feedback (also after a resume).
        self._checked: set[int] = set(self._answers) if settings.feedback == "each" else set()
        self.result: Result | None = None
        self.finished_at: datetime | None = None
        # The deadline becomes a monotonic target once, so wall-clock changes cannot move it.
        self._monotonic_deadline: float | None = None
        if self.deadline is not None:
            left = (self.deadline - clock.now()).total_seconds()
            self._monotonic_deadline = clock.monotonic() + left

    @property
    def count(self) -> int:
        """How many questions the attempt has."""
        return len(self.questions)

    @property
    def current(self) -> AskedQuestion:
        """The question shown now."""
        return self.questions[self.position]

    @property
    def submitted(self) -> bool:
        """Whether the attempt has been submitted."""
        return self.result is not None

    @property
    def closed(self) -> bool:
        """Whether answers may no longer change (submitted, or time is up)."""
        return self.submitted or self.expired

    # Answers and flags

    def answer(self, selection: frozenset[int], index: int | None = None) -> None:
        """Set the selection of a question (the current one by default); empty clears it."""
        self.apply_answer(selection, self._writable(index))

    def apply_answer(self, selection: frozenset[int], i: int) -> None:
        """Set question `i`'s selection as stored: given before time ran out, written since."""
        options = len(self.questions[i].options)
        if any(not 0 <= option < options for option in selection):
            raise ValueError(f"Question {i + 1} has options 0..{options - 1} only")
        if selection:
            self._answers[i] = frozenset(selection)
        else:
            self._answers.pop(i, None)

    def choice(
        self, option: int, index: int | None = None, *, base: frozenset[int] | None = None
    ) -> frozenset[int]:
        """The selection picking `option` would give (single replaces, multiple toggles).

        Nothing changes: the caller stores the selection first, then `answer`s it. `base` is
        the selection shown, when it differs from the one kept (an answer not yet saved).
        """
        i = self._writable(index)
        if i in self._checked:
            raise AnswerLocked("This answer has been checked already.")
        if not 0 <= option < len(self.questions[i].options):
            raise ValueError(
                f"Question {i + 1} has options 0..{len(self.questions[i].options) - 1} only"
            )
        current = self.selection(i) if base is None else base
        if self.questions[i].type == "multiple":
            return current ^ {option}
        return frozenset({option})

    def essay(self, i: int) -> str:
        """The essay written at question `i` ("" when none)."""
        return self._essays.get(i, "")

    def writable_essay(self, index: int | None = None) -> int:
        """The position of the essay that may be written now; raises when it can't."""
        i = self._writable(index)
        if not self.questions[i].is_essay:
            raise ValueError(f"Question {i + 1} is answered by choosing, not writing")
        return i

    def apply_essay(self, text: str, i: int) -> None:
        """Set question `i`'s essay as stored (blank clears it)."""
        if text.strip():
            self._essays[i] = text
        else:
            self._essays.pop(i, None)

    @property
    def essays(self) -> dict[int, str]:
        """A copy of every essay written, by position."""
        return dict(self._essays)

    def set_flag(self, flagged: bool, index: int | None = None) -> None:
        """Flag or unflag a question for review."""
        self.apply_flag(flagged, self._writable(index))

    def apply_flag(self, flagged: bool, i: int) -> None:
        """Set question `i`'s flag as stored."""
        if flagged:
            self._flags.add(i)
        else:
            self._flags.discard(i)

    def apply_certainty(self, level: int | None, i: int) -> None:
        """Set question `i`'s certainty (1 low, 2 medium, 3 high; None clears it) as stored."""
        if level:
            self._certainty[i] = level
        else:
            self._certainty.pop(i, None)

    def certainty(self, i: int) -> int | None:
        """How certain the learner said they were of question `i`'s answer (None: not said)."""
        return self._certainty.get(i)

    def apply_seconds(self, seconds: float, i: int) -> None:
        """Set the time spent on question `i` so far, as stored."""
        self._seconds[i] = seconds

    def seconds(self, i: int) -> float:
        """The time spent on question `i` so far, summed over visits."""
        return self._seconds.get(i, 0.0)

    def selection(self, i: int) -> frozenset[int]:
        """The options selected on question `i` (empty when unanswered)."""
        return self._answers.get(i, frozenset())

    def too_many(self, i: int, selection: frozenset[int] | None = None) -> int:
        """How many more options are selected on question `i` than it asks for (0 if not)."""
        picked = len(self.selection(i) if selection is None else selection)
        return max(0, picked - self.questions[i].choose)

    def missing(self, i: int, selection: frozenset[int] | None = None) -> int:
        """How many options question `i` still wants once one is picked (0 when none is)."""
        picked = len(self.selection(i) if selection is None else selection)
        return max(0, self.questions[i].choose - picked) if picked else 0

    def is_answered(self, i: int) -> bool:
        """Whether question `i` has a selection (or, for an essay, some text)."""
        return i in self._answers or i in self._essays

    def is_flagged(self, i: int) -> bool:
        """Whether question `i` is flagged for review."""
        return i in self._flags

    def flagged(self) -> list[int]:
        """Flagged positions, in order."""
        return sorted(self._flags)

    @property
    def answers(self) -> dict[int, frozenset[int]]:
        """A copy of every answer given, by position."""
        return dict(self._answers)

    # Practice: an answer is checked (its feedback shown) once, then it is locked

    @property
    def feedback_each(self) -> bool:
        """Whether each answer is checked as it is given (practice and review)."""
        return self.settings.feedback == "each"

    def check(self, i: int) -> None:
        """Lock question `i`'s answer: its feedback has been shown."""
        self._checked.add(i)

    def is_checked(self, i: int) -> bool:
        """Whether question `i`'s answer was checked (and can no longer change)."""
        return i in self._checked

    def wants_check(self, i: int) -> bool:
        """Whether moving on from `i` should first show its feedback."""
        return self.feedback_each and self.is_answered(i) and i not in self._checked

    def checked_right(
        self, selection: Callable[[int], frozenset[int]] | None = None
    ) -> tuple[int, int]:
        """Of the checked answers (as `selection` tells them): how many are right, of how many."""
        chosen = selection or self.selection
        right = sum(self.questions[i].is_correct(chosen(i)) for i in self._checked)
        return right, len(self._checked)

    # Navigation

    def goto(self, i: int) -> int:
        """Jump to question `i`; the new position."""
        if not 0 <= i < self.count:
            raise IndexError(f"There is no question {i + 1} of {self.count}")
        self.position = i
        return i

    # Time and submit

    def remaining(self) -> timedelta | None:
        """Time left on the countdown, never negative; None for an untimed attempt."""
        if self._monotonic_deadline is None:
            return None
        return timedelta(seconds=max(0.0, self._monotonic_deadline - self.clock.monotonic()))

    @property
    def expired(self) -> bool:
        """Whether the time is up (the caller should submit)."""
        left = self.remaining()
        return left is not None and left <= timedelta(0)

    def grade(self) -> tuple[Result, datetime]:
        """The result as the attempt stands and when it ends; nothing changes."""
        if self.result is not None and self.finished_at is not None:
            return self.result, self.finished_at
        return grade(self.questions, self._answers, self.settings.pass_mark), self._finish_time()

    def close(self, result: Result, finished_at: datetime) -> None:
        """Mark the attempt submitted with `result` (once it is stored)."""
        if self.result is None:
            self.result, self.finished_at = result, finished_at

    def submit(self) -> Result:
        """Grade the attempt as it stands and close it; submitting again returns the same result."""
        self.close(*self.grade())
        assert self.result is not None
        return self.result

    def _finish_time(self) -> datetime:
        now = self.clock.now()
        if self.deadline is not None and self.expired:
            # Time ran out: the attempt ended at its deadline, however late we noticed.
            return min(now, self.deadline)
        return now

    def _writable(self, index: int | None) -> int:
        if self.closed:
            raise SessionClosed("The attempt is over; answers can no longer change")
        i = self.position if index is None else index
        if not 0 <= i < self.count:
            raise IndexError(f"There is no question {i + 1} of {self.count}")
        return i
