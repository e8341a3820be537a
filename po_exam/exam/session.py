"""One attempt in progress: answers, flags, navigation, the countdown and the submit."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta

from po_exam.exam.asked import AskedQuestion
from po_exam.exam.clock import SYSTEM_CLOCK, Clock, as_utc
from po_exam.exam.grading import Result, grade
from po_exam.exam.modes import ExamSettings


class SessionClosed(RuntimeError):
    """The attempt was submitted or its time is up: answers and flags can no longer change."""


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
        i = self._writable(index)
        options = len(self.questions[i].options)
        if any(not 0 <= option < options for option in selection):
            raise ValueError(f"Question {i + 1} has options 0..{options - 1} only")
        if selection:
            self._answers[i] = frozenset(selection)
        else:
            self._answers.pop(i, None)

    def toggle_option(self, option: int, index: int | None = None) -> frozenset[int]:
        """Pick an option: single choice replaces, multiple answer toggles; the new selection."""
        i = self._writable(index)
        multiple = self.questions[i].type == "multiple"
        self.answer(self.selection(i) ^ {option} if multiple else frozenset({option}), i)
        return self.selection(i)

    def clear(self, index: int | None = None) -> None:
        """Remove the answer of a question (the current one by default)."""
        self.answer(frozenset(), index)

    def toggle_flag(self, index: int | None = None) -> bool:
        """Flag or unflag a question for review; whether it is flagged now."""
        i = self._writable(index)
        self._flags.symmetric_difference_update({i})
        return i in self._flags

    def selection(self, i: int) -> frozenset[int]:
        """The options selected on question `i` (empty when unanswered)."""
        return self._answers.get(i, frozenset())

    def too_many(self, i: int) -> bool:
        """Whether more options are selected on question `i` than it asks for."""
        return len(self.selection(i)) > self.questions[i].choose

    def is_answered(self, i: int) -> bool:
        """Whether question `i` has a selection."""
        return i in self._answers

    def is_flagged(self, i: int) -> bool:
        """Whether question `i` is flagged for review."""
        return i in self._flags

    def unanswered(self) -> list[int]:
        """Positions without an answer, in order."""
        return [i for i in range(self.count) if i not in self._answers]

    def flagged(self) -> list[int]:
        """Flagged positions, in order."""
        return sorted(self._flags)

    @property
    def answered_count(self) -> int:
        """How many questions have an answer."""
        return len(self._answers)

    @property
    def answers(self) -> dict[int, frozenset[int]]:
        """A copy of every answer given, by position."""
        return dict(self._answers)

    # Navigation

    def goto(self, i: int) -> int:
        """Jump to question `i`; the new position."""
        if not 0 <= i < self.count:
            raise IndexError(f"There is no question {i + 1} of {self.count}")
        self.position = i
        return i

    def next(self) -> int:
        """Move to the next question (stays on the last); the new position."""
        return self.goto(min(self.position + 1, self.count - 1))

    def previous(self) -> int:
        """Move to the previous question (stays on the first); the new position."""
        return self.goto(max(self.position - 1, 0))

    # Time and submit

    def remaining(self) -> timedelta | None:
        """Time left on the countdown, never negative; None for an untimed attempt."""
        if self._monotonic_deadline is None:
            return None
        return timedelta(seconds=max(0.0, self._monotonic_deadline - self.clock.monotonic()))

    @property
    def expired(self) -> bool:
        """Whether the time is up (the caller should submit; see `tick`)."""
        left = self.remaining()
        return left is not None and left <= timedelta(0)

    def tick(self) -> Result | None:
        """Submit when time is up; the result when this call submitted, else None."""
        if self.expired and not self.submitted:
            return self.submit()
        return None

    submit_if_expired = tick

    def submit(self) -> Result:
        """Grade the attempt as it stands; submitting again returns the same result."""
        if self.result is None:
            self.finished_at = self._finish_time()
            self.result = grade(self.questions, self._answers, self.settings.pass_mark)
        return self.result

    @property
    def seconds_used(self) -> int:
        """Whole seconds from start to submit (or to now while running)."""
        end = self.finished_at or self.clock.now()
        return max(0, int((end - self.started_at).total_seconds()))

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
