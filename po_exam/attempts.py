"""One owner for exam attempts, between the screens and the engine and store.

`Attempts` starts, resumes, retries, abandons, expires and reads back attempts;
`LiveAttempt` is one attempt being taken: it chooses, flags, moves and submits.
Every change is written to the store first and applied to the session only once
the write succeeded, so what the learner sees as saved is on disk. A refused
answer is kept as *pending*: shown as the learner's choice but not as answered,
retried, and submit waits for it (or is told plainly what would be lost).

Plain Python: no Textual, and no SQLAlchemy at import time (the store brings it).
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from po_exam.exam.asked import AskedQuestion
from po_exam.exam.clock import SYSTEM_CLOCK, Clock
from po_exam.exam.draw import draw_questions
from po_exam.exam.grading import Result, TopicScore, is_pass, weakest_first
from po_exam.exam.insight import (
    CERTAINTY_LEVELS,
    Answered,
    Calibration,
    LevelCalibration,
    Pacing,
    PartlyRight,
    calibration,
    pacing,
    partly_right,
)
from po_exam.exam.modes import MODES, ExamSettings, ExamSetupError, plan_exam
from po_exam.exam.outlook import Outlook, outlook
from po_exam.exam.retry import RetryOffer, passport_days_left, retry_offer
from po_exam.exam.session import AnswerLocked, Session, SessionClosed
from po_exam.exam.stats import PathStep, Readiness
from po_exam.store.errors import StoreError
from po_exam.store.models import HomeSummary

if TYPE_CHECKING:
    from po_exam.banks.models import Bank
    from po_exam.exam.essays import EssayGrade
    from po_exam.exam.versions import CurrentVersions
    from po_exam.store.classroom import ClassReport
    from po_exam.store.items import ItemStat
    from po_exam.store.models import (
        AttemptDetail,
        AttemptSummary,
        ReviewItem,
        StoredAttempt,
        TopicAccuracy,
    )
    from po_exam.store.rescore import Regraded, RescoredAttempt
    from po_exam.store.store import Store

T = TypeVar("T")

__all__ = [
    "AnswerLocked",
    "AttemptError",
    "Attempts",
    "Change",
    "Finished",
    "HomeSummary",
    "Insight",
    "LiveAttempt",
    "Progress",
    "QuestionStatus",
    "SessionClosed",
    "Unsaved",
]


class AttemptError(Exception):
    """An attempt cannot be started, changed or submitted; the message is for the learner."""


class Unsaved(AttemptError):
    """Submit is held back: some answers given are not saved (the database refused them)."""

    def __init__(self, positions: list[int], reason: str) -> None:
        numbers = ", ".join(str(i + 1) for i in positions)
        super().__init__(
            f"The answers to question {numbers} are not saved ({reason})."
            " Submitting now counts them as unanswered."
        )
        self.positions = positions


def database_errors() -> tuple[type[BaseException], ...]:
    """The errors that mean "the database refused": the store's own and its drivers'."""
    errors: list[type[BaseException]] = [StoreError]
    sqlalchemy_exc = sys.modules.get("sqlalchemy.exc")
    if sqlalchemy_exc is not None:
        errors.append(sqlalchemy_exc.SQLAlchemyError)
    sqlite3 = sys.modules.get("sqlite3")
    if sqlite3 is not None:
        errors.append(sqlite3.Error)
    return tuple(errors)


@dataclass(frozen=True, slots=True)
class Change:
    """What became of one change: saved, or kept pending with the database's reason."""

    saved: bool
    problem: str = ""


@dataclass(frozen=True, slots=True)
class QuestionStatus:
    """What a navigator shows of one question of a live attempt."""

    answered: bool
    flagged: bool
    incomplete: bool = False
    """Answered with fewer options than the question asks for."""
    unsaved: bool = False
    """A choice was made that the database has not accepted yet."""


@dataclass(frozen=True, slots=True)
class Finished:
    """A finished attempt as stored: its verdict by focus area and the retry it earned."""

    attempt_id: int
    mode: str
    started_at: datetime
    deadline: datetime | None
    seconds_used: int | None
    retry_of: int | None
    result: Result
    retry: RetryOffer | None
    lost: tuple[int, ...] = ()
    """Positions whose answer the database never accepted, submitted as unanswered."""
    by_objective: tuple[TopicScore, ...] = ()
    """The share right per learning-objective category (or objective), weakest first."""
    revisit: tuple[tuple[int, str, str], ...] = ()
    """(position, question text, objective) of the questions answered wrongly, to revisit."""


@dataclass(frozen=True, slots=True)
class Progress:
    """The trend, topics and readiness that history shows beside the attempts."""

    trend: list[AttemptSummary]
    topics: list[TopicAccuracy]
    readiness: Readiness
    outlook: Outlook | None = None
    """The chances on the next simulation, from simulations only (first-seen questions)."""
    all_modes: list[AttemptSummary] | None = None
    """The trend over every mode (`trend` holds simulations only)."""
    certainty: tuple[LevelCalibration, ...] = ()
    """Per certainty level, over every rated answer: how often it was right."""
    path: tuple[PathStep, ...] = ()
    """The PST steps (PSPO I 95 %, PSPO II 85 %, PSPO III 85 %) with the best recent results."""


@dataclass(frozen=True, slots=True)
class Insight:
    """What one graded attempt says beyond its score: calibration, pacing, partly right."""

    detail: AttemptDetail
    calibration: Calibration
    pacing: Pacing
    partly_right: list[PartlyRight]
    certainty_asked: bool
    """Whether the attempt asked for certainty (else calibration has nothing to show)."""


class LiveAttempt:
    """One attempt being taken: changes are recorded at once, applied once written.

    `choose`, `toggle_flag` and `goto` only note the change (the screen shows it as the
    learner's, not yet as saved); `save` writes every change not yet on disk and applies
    each to the session once the database accepted it. `save` may run in a worker
    thread: the attempt is guarded by a lock.
    """

    def __init__(
        self, store: Store, attempt_id: int, session: Session, *, retry_of: int | None = None
    ) -> None:
        self.store = store
        self.id = attempt_id
        self.session = session
        self.retry_of = retry_of
        self.pending: dict[int, frozenset[int]] = {}
        """Answers given and not yet on disk, by position: shown, written by `save`."""
        self.pending_essays: dict[int, str] = {}
        """Essays typed and not yet on disk, by position: shown, written by `save`."""
        self.pending_flags: dict[int, bool] = {}
        """Flags set or cleared and not yet on disk, by position."""
        self.refused: set[int] = set()
        """Positions whose last write the database refused (shown as not saved)."""
        self.problem = ""
        """The database's last refusal, in one line."""
        self.pending_certainty: dict[int, int | None] = {}
        """Certainty set or cleared and not yet on disk, by position."""
        self.pending_seconds: dict[int, float] = {}
        """Time spent per position (the stored total plus this sitting's), not yet on disk."""
        self._visit_started = session.clock.monotonic()
        """When the current question was shown (the monotonic clock: wall-clock jumps don't count)."""
        self.finished: Finished | None = None
        self._position_unsaved = False
        self._lock = threading.RLock()
        """Guards the pending changes; held for moments only, never across a write."""
        self._writing = threading.RLock()
        """Held across writes, so they reach the disk one at a time and in order."""

    @property
    def is_retry(self) -> bool:
        """Whether this attempt is the free retry of a failed simulation."""
        return self.retry_of is not None

    # What the screen shows

    def selection(self, i: int) -> frozenset[int]:
        """The options shown as chosen on question `i`: a pending choice, else the saved one."""
        pending = self.pending.get(i)
        return self.session.selection(i) if pending is None else pending

    def essay(self, i: int) -> str:
        """The essay shown at question `i`: text typed and not yet saved, else the saved one."""
        pending = self.pending_essays.get(i)
        return self.session.essay(i) if pending is None else pending

    def is_flagged(self, i: int) -> bool:
        """Whether question `i` is shown flagged (pending or saved)."""
        return self.pending_flags.get(i, self.session.is_flagged(i))

    def certainty(self, i: int) -> int | None:
        """How certain the learner said they are of question `i` (pending or saved)."""
        if i in self.pending_certainty:
            return self.pending_certainty[i]
        return self.session.certainty(i)

    def seconds(self, i: int) -> float:
        """Time spent on question `i` so far, this visit included."""
        with self._lock:
            self._tally()
            return self.pending_seconds.get(i, self.session.seconds(i))

    def _tally(self) -> None:
        """Add the time since the last tally to the current question (lock held)."""
        now = self.session.clock.monotonic()
        elapsed, self._visit_started = now - self._visit_started, now
        if elapsed <= 0 or self.session.closed:
            return
        i = self.session.position
        self.pending_seconds[i] = self.pending_seconds.get(i, self.session.seconds(i)) + elapsed

    def status(self, i: int) -> QuestionStatus:
        """Answered, incomplete, flagged or unsaved: question `i` as the navigator shows it."""
        session = self.session
        return QuestionStatus(
            answered=(bool(self.essay(i).strip()) and i not in self.pending_essays)
            if session.questions[i].is_essay
            else session.is_answered(i) and i not in self.pending,
            flagged=self.is_flagged(i),
            incomplete=bool(session.missing(i, self.selection(i))),
            unsaved=i in self.refused,
        )

    def statuses(self) -> tuple[QuestionStatus, ...]:
        """Every question's status, in order."""
        return tuple(self.status(i) for i in range(self.session.count))

    def unsaved(self) -> list[int]:
        """Positions with a change the database has not accepted yet, in order."""
        return sorted(
            {*self.pending, *self.pending_essays, *self.pending_flags, *self.pending_certainty}
        )

    def wants_check(self, i: int) -> bool:
        """Practice: whether moving on from `i` should first show its feedback."""
        session = self.session
        return session.feedback_each and bool(self.selection(i)) and not session.is_checked(i)

    def checked_right(self) -> tuple[int, int]:
        """Of the checked answers: how many are right, and how many there are."""
        return self.session.checked_right(self.selection)

    # Changes: noted now, written by `save`, applied once written

    def choose(self, option: int) -> frozenset[int]:
        """Pick (or, for multiple answer, toggle) `option` on the current question.

        The new selection, pending until `save`. Raises SessionClosed when time is up,
        AnswerLocked for a checked practice answer.
        """
        with self._lock:
            i = self.session.position
            selection = self.session.choice(option, i, base=self.pending.get(i))
            self.pending[i] = selection
            return selection

    def write(self, text: str) -> None:
        """Note the essay on the current question as typed; pending until `save`.

        Raises SessionClosed when time is up.
        """
        with self._lock:
            i = self.session.writable_essay()
            if text != self.essay(i):
                self.pending_essays[i] = text

    def toggle_flag(self) -> bool:
        """Flag the current question for review, or unflag it; pending until `save`."""
        with self._lock:
            if self.session.closed:
                raise SessionClosed("The attempt is over; answers can no longer change")
            i = self.session.position
            flagged = self.pending_flags[i] = not self.is_flagged(i)
            return flagged

    def rate_certainty(self) -> int | None:
        """Step the current answer's certainty: none, low, medium, high, none again.

        Pending until `save`; it is stored with the answer and never changes the grade.
        Raises SessionClosed when time is up, AnswerLocked once a practice answer is checked.
        """
        from po_exam.exam.insight import next_certainty

        with self._lock:
            if self.session.closed:
                raise SessionClosed("The attempt is over; answers can no longer change")
            i = self.session.position
            if self.session.is_checked(i):
                # Rated after seeing the key, certainty would say nothing about knowing.
                raise AnswerLocked("This answer has been checked: its certainty is kept as it was.")
            level = self.pending_certainty[i] = next_certainty(self.certainty(i))
            return level

    def goto(self, i: int) -> None:
        """Move to question `i`. The position is only where a resume starts: it moves at
        once and is written by the next `save`."""
        with self._lock:
            self._tally()
            self.session.goto(i)
            self._position_unsaved = True

    def check(self) -> None:
        """Practice: the current answer's feedback is shown, so it can no longer change."""
        self.session.check(self.session.position)

    def save(self) -> Change:
        """Write every change not yet on disk, answers first; apply each once written.

        Stops at the first refusal (the database will refuse the rest too): what is
        left stays pending, marked refused, for the next `save`. A change noted while
        a write is under way waits for the next `save`; noting never waits for a write.
        """
        with self._writing:
            with self._lock:
                self._tally()
                answers = sorted(self.pending.items())
                essays = sorted(self.pending_essays.items())
                flags = sorted(self.pending_flags.items())
                certainty = sorted(self.pending_certainty.items())
                seconds = sorted(self.pending_seconds.items())
                position = self.session.position if self._position_unsaved else None
            try:
                for i, selection in answers:
                    self.store.save_answer(self.id, i, selection)
                    with self._lock:
                        self.session.apply_answer(selection, i)
                        if self.pending.get(i) == selection:
                            del self.pending[i]
                        self.refused.discard(i)
                for i, essay in essays:
                    self.store.save_essay(self.id, i, essay)
                    with self._lock:
                        self.session.apply_essay(essay, i)
                        if self.pending_essays.get(i) == essay:
                            del self.pending_essays[i]
                        self.refused.discard(i)
                for i, flagged in flags:
                    self.store.save_flag(self.id, i, flagged)
                    with self._lock:
                        self.session.apply_flag(flagged, i)
                        if self.pending_flags.get(i) == flagged:
                            del self.pending_flags[i]
                        self.refused.discard(i)
                for i, level in certainty:
                    self.store.save_certainty(self.id, i, level)
                    with self._lock:
                        self.session.apply_certainty(level, i)
                        if self.pending_certainty.get(i, 0) == level:
                            del self.pending_certainty[i]
                for i, spent in seconds:
                    self.store.save_seconds(self.id, i, spent)
                    with self._lock:
                        self.session.apply_seconds(spent, i)
                        if self.pending_seconds.get(i) == spent:
                            del self.pending_seconds[i]
                if position is not None:
                    self.store.save_position(self.id, position)
                    with self._lock:
                        self._position_unsaved = self.session.position != position
            except database_errors() as error:
                with self._lock:
                    self.problem = _reason(error)
                    self.refused.update(
                        self.pending,
                        self.pending_essays,
                        self.pending_flags,
                        self.pending_certainty,
                    )
                return Change(False, self.problem)
            return Change(True)

    def submit(self, *, accept_loss: bool = False) -> Finished:
        """Store the verdict and close the attempt; the stored result.

        Changes not yet on disk are written first; if some are refused, `Unsaved` is
        raised unless `accept_loss` (those answers then count as unanswered). If the
        database refuses the final write, `AttemptError` is raised and the attempt stays
        open, so a later submit can succeed. Submitting again returns the same result.
        """
        with self._writing:
            if self.finished is not None:
                return self.finished
            unsaved_answers = lambda: sorted({*self.pending, *self.pending_essays})  # noqa: E731
            if not self.save().saved and unsaved_answers() and not accept_loss:
                raise Unsaved(unsaved_answers(), self.problem)
            with self._lock:
                lost = tuple(unsaved_answers())
                result, finished_at = self.session.grade()
            try:
                self.store.finish_attempt(self.id, result, finished_at)
            except database_errors() as error:
                raise AttemptError(
                    f"The exam is not submitted: {_reason(error)}. Your answers are kept;"
                    " press s to try again."
                ) from error
            with self._lock:
                self.pending.clear()
                self.pending_essays.clear()
                self.pending_flags.clear()
                self.pending_certainty.clear()
                self.pending_seconds.clear()
                self.refused.clear()
                self.session.close(result, finished_at)
            settings = self.session.settings
            self.finished = Finished(
                attempt_id=self.id,
                mode=settings.mode,
                started_at=self.session.started_at,
                deadline=self.session.deadline,
                seconds_used=max(0, int((finished_at - self.session.started_at).total_seconds())),
                retry_of=self.retry_of,
                result=result,
                retry=retry_offer(
                    self.id,
                    settings.mode,
                    result.passed,
                    self.is_retry,
                    finished_at,
                    settings.bank_ids,
                    started_at=self.session.started_at,
                    passport=self.store.passport,
                ),
                lost=lost,
            )
            return self.finished


class Attempts:
    """Every attempt's owner: the one place the UI starts, continues and reads attempts."""

    def __init__(
        self, store: Store, clock: Clock = SYSTEM_CLOCK, *, passport: date | None = None
    ) -> None:
        self.store = store
        self.clock = clock
        self.passport = passport

    @property
    def passport(self) -> date | None:
        """When the learner received a PSPO class passport; with it, a failed PSPO I simulation
        earns the free retry only when started within 14 days of that date."""
        return self.store.passport

    @passport.setter
    def passport(self, when: date | None) -> None:
        self.store.passport = when

    @property
    def exam_day(self) -> date | None:
        """The day of the learner's real exam: review is aimed at it."""
        return self.store.exam_day

    @exam_day.setter
    def exam_day(self, day: date | None) -> None:
        self.store.exam_day = day

    def load_exam_day(self, fallback: date | None = None) -> date | None:
        """Aim review at the learner's own exam day, as saved in the database; `fallback`
        (a personal database's older setting) when they never set one there."""
        saved = self.store.learner_settings()
        if "exam_day" not in saved:
            self.exam_day = fallback
            return fallback
        try:
            day = date.fromisoformat(saved["exam_day"]) if saved["exam_day"] else None
        except (TypeError, ValueError):
            day = None
        self.exam_day = day
        return day

    def remember_exam_day(self, day: date | None) -> None:
        """Set the learner's exam day and keep it in the database (their own setting)."""
        self.exam_day = day
        self.store.save_learner_setting("exam_day", day.isoformat() if day else None)

    # Starting and continuing

    def start(
        self,
        settings: ExamSettings,
        banks: Sequence[Bank],
        *,
        avoid: Collection[tuple[str, str]] = (),
        only: Sequence[tuple[str, str]] | None = None,
        retry_of: int | None = None,
    ) -> LiveAttempt:
        """Draw the questions, store the new attempt, and hand it back live."""
        chosen = [bank for bank in banks if bank.id in settings.bank_ids]
        questions = draw_questions(chosen, settings, avoid=avoid, only=only)
        if not questions:
            raise ExamSetupError("There are no questions to ask with these choices.")
        started_at = self.clock.now()
        deadline = started_at + timedelta(minutes=settings.minutes) if settings.minutes else None
        try:
            attempt_id = self.store.start_attempt(
                settings, questions, started_at=started_at, deadline=deadline, retry_of=retry_of
            )
        except database_errors() as error:
            raise ExamSetupError(_reason(error)) from error
        session = Session(
            questions, settings, started_at=started_at, deadline=deadline, clock=self.clock
        )
        return LiveAttempt(self.store, attempt_id, session, retry_of=retry_of)

    def start_retry(
        self, offer: RetryOffer, banks: Sequence[Bank], *, seed: int | None = None
    ) -> LiveAttempt:
        """Start the free retry of `offer`: same mode and banks, fresh questions where possible."""
        first = self._read(lambda: self.store.attempt_detail(offer.attempt_id), ExamSetupError)
        chosen = [bank for bank in banks if bank.id in first.summary.bank_ids]
        if not chosen:
            missing = ", ".join(first.summary.bank_ids)
            raise ExamSetupError(f"The retry needs the bank {missing}, which is not loaded now.")
        settings = plan_exam(first.summary.mode, chosen, seed=seed)
        asked = [item.question.key for item in first.items]
        return self.start(settings, chosen, avoid=asked, retry_of=offer.attempt_id)

    def resume(self, attempt_id: int) -> LiveAttempt:
        """Take an open attempt up again with its answers, flags, position and deadline."""
        stored = self._read(lambda: self.store.stored_attempt(attempt_id), AttemptError)
        if not stored.summary.open:
            raise AttemptError("This attempt is over; open it from History to go through it.")
        return LiveAttempt(
            self.store,
            attempt_id,
            self._session(stored, self.clock),
            retry_of=stored.summary.retry_of,
        )

    def abandon(self, attempt_id: int) -> None:
        """Give an open attempt up: kept with its answers, never graded, counted or nagged about."""
        try:
            self.store.abandon_attempt(attempt_id, self.clock.now())
        except database_errors() as error:
            raise AttemptError(f"The attempt is not abandoned: {_reason(error)}") from error

    def expire(self) -> list[int]:
        """Submit, as they stand and as of their deadline, open attempts whose time is up."""
        now = self.clock.now()
        done = []
        for attempt_id in self.store.expired_attempts(now):
            stored = self.store.stored_attempt(attempt_id)
            live = LiveAttempt(
                self.store,
                attempt_id,
                self._session(stored, _FrozenClock(now)),
                retry_of=stored.summary.retry_of,
            )
            live.submit()
            done.append(attempt_id)
        return done

    # Reading back

    def home(self, *, recent: int, mistakes_limit: int) -> HomeSummary:
        """What the home screen shows; attempts whose time ran out while away are graded first."""
        expired = self.expire()
        now = self.clock.now()
        store = self.store
        retry = store.pending_retry(now)
        return HomeSummary(
            unfinished=store.unfinished_attempt(),
            retry=retry,
            recent=store.recent_results(recent),
            mistakes_due=len(store.mistakes_due(now, mistakes_limit)),
            expired=len(expired),
            plan=store.exam_plan(now, store.exam_day) if store.exam_day is not None else None,
            passport_days=None if self.passport is None else passport_days_left(self.passport, now),
            retry_from=None if retry is None else self.summary(retry.attempt_id),
        )

    def outcome(self, attempt_id: int) -> Finished:
        """A finished attempt's stored verdict, by focus area, and the retry it still offers."""
        detail = self.store.attempt_detail(attempt_id)
        summary = detail.summary
        if summary.correct is None:
            raise AttemptError("This attempt has no result: it was never submitted.")
        tally: dict[str, list[int]] = {}
        titles: dict[str, str] = {}
        objectives: dict[str, list[int]] = {}
        revisit: list[tuple[int, str, str]] = []
        for item in detail.items:
            question = item.question
            counts = tally.setdefault(question.topic, [0, 0])
            counts[0] += bool(item.correct)
            counts[1] += 1
            titles.setdefault(question.topic, question.topic_title)
            group = question.objective_category or question.objective_title
            if group:
                counts = objectives.setdefault(group, [0, 0])
                counts[0] += bool(item.correct)
                counts[1] += 1
            if not item.correct and not question.is_essay:
                revisit.append((item.position, question.text, question.objective_title))
        topics = weakest_first(TopicScore(t, titles[t], c, n) for t, (c, n) in tally.items())
        by_objective = weakest_first(
            TopicScore(group, group, c, n) for group, (c, n) in objectives.items()
        )
        ungraded = summary.ungraded or 0
        result = Result(
            summary.correct,
            summary.total,
            summary.pass_mark,
            bool(summary.passed)
            if summary.passed is not None
            else not ungraded and is_pass(summary.correct, summary.total, summary.pass_mark),
            tuple(topics),
            ungraded=ungraded,
        )
        offer = self.store.pending_retry(self.clock.now())
        return Finished(
            attempt_id=attempt_id,
            mode=summary.mode,
            started_at=summary.started_at,
            deadline=summary.deadline,
            seconds_used=summary.seconds_used,
            retry_of=summary.retry_of,
            result=result,
            retry=offer if offer is not None and offer.attempt_id == attempt_id else None,
            by_objective=tuple(by_objective),
            revisit=tuple(revisit),
        )

    def grade_essay(self, attempt_id: int, position: int, grade: EssayGrade) -> Finished:
        """Record the learner's self-grade of one essay; the attempt's verdict as it now stands."""
        try:
            self.store.save_grade(attempt_id, position, grade)
        except database_errors() as error:
            raise AttemptError(f"The grade is not saved: {_reason(error)}") from error
        return self.outcome(attempt_id)

    def detail(self, attempt_id: int) -> AttemptDetail:
        """Every question of an attempt with the learner's answers. While the attempt is open,
        keys, explanations and right or wrong are left out, so nothing leaks into it."""
        detail = self.store.attempt_detail(attempt_id)
        if not detail.summary.open:
            return detail
        items = [
            replace(item, question=_without_key(item.question), correct=None)
            for item in detail.items
        ]
        return replace(detail, items=items, concealed=True)

    def started_at(self, attempt_id: int) -> datetime:
        """When an attempt started (to name the attempt a free retry retries)."""
        return self.store.attempt_detail(attempt_id).summary.started_at

    def export_csv(self, path: Path) -> int:
        """Write every attempt, newest first, as `po-exam export` does; how many there were."""
        from po_exam.cli_history import export_row, write_csv

        with path.open("w", encoding="utf-8", newline="") as stream:
            return write_csv((export_row(a) for a in self.store.iter_attempts()), stream)

    def summary(self, attempt_id: int) -> AttemptSummary:
        """One attempt's summary: mode, dates, score (to name the attempt a retry retries)."""
        return self.store.attempt_detail(attempt_id).summary

    def page(
        self,
        *,
        offset: int,
        limit: int,
        bank: str | None = None,
        mode: str | None = None,
        passed: bool | None = None,
        status: str | None = None,
    ) -> list[AttemptSummary]:
        """One page of attempts, newest first, filtered as history asks."""
        return self.store.list_attempts(
            offset=offset, limit=limit, bank=bank, mode=mode, passed=passed, status=status
        )

    def progress(self, trend: int) -> Progress:
        """The score trend, accuracy per topic (weakest first) and readiness."""
        from po_exam.exam.modes import SIMULATION_MODES

        counts = {level: (n, right) for level, n, right in self.store.certainty_levels()}
        return Progress(
            trend=self.store.score_trend(trend, modes=SIMULATION_MODES),
            all_modes=self.store.score_trend(trend),
            certainty=tuple(
                LevelCalibration(level, *counts.get(level, (0, 0))) for level in CERTAINTY_LEVELS
            ),
            topics=self.store.topic_accuracy(),
            readiness=self.store.readiness(self.clock.now()),
            outlook=outlook(self.store.simulation_answers(self.clock.now())),
            path=self.store.path_readiness(self.clock.now()),
        )

    def median_seconds(self, attempt_ids: Sequence[int]) -> dict[int, float]:
        """Median seconds per question of each attempt that kept time (History's column)."""
        return self.store.median_seconds(attempt_ids)

    def insight(self, attempt_id: int) -> Insight:
        """Calibration, pacing and partly right answers of a graded attempt."""
        detail = self.detail(attempt_id)
        answered = [
            Answered(
                item.position,
                item.question.topic,
                item.question.topic_title,
                bool(item.correct),
                item.certainty,
                item.seconds,
            )
            for item in detail.items
        ]
        settings = self._read(lambda: self.store.stored_attempt(attempt_id), AttemptError).settings
        mode = MODES.get(detail.summary.mode)
        minutes = settings.minutes or (mode.minutes if mode else None)
        graded = [a for a, item in zip(answered, detail.items, strict=True) if item.selection]
        return Insight(
            detail=detail,
            calibration=calibration(graded),
            pacing=pacing(answered, questions=detail.summary.total, minutes=minutes),
            partly_right=partly_right(
                (item.question.type, item.selection, item.question.correct) for item in detail.items
            ),
            certainty_asked=settings.certainty or any(item.certainty for item in detail.items),
        )

    def mistakes_due(self, limit: int) -> list[tuple[str, str]]:
        """(bank id, question id) of mistakes due for review now, the weakest first."""
        return self.store.mistakes_due(self.clock.now(), limit)

    def class_report(self) -> ClassReport:
        """The trainer's report over every learner on the database, as of now."""
        return self.store.class_report(self.clock.now())

    # Authors and trainers: item statistics, re-grading, key disputes

    def item_stats(self, banks: Sequence[Bank]) -> list[ItemStat]:
        """Per question of `banks`: answers, share right, discrimination, picks and flags."""
        return self.store.item_stats(banks)

    def changed_answers(self, versions: CurrentVersions) -> list[Regraded]:
        """Past answers whose question has changed in a loaded bank, not yet re-graded."""
        return self.store.changed_answers(versions)

    def rescore(self, changes: list[Regraded]) -> list[RescoredAttempt]:
        """Re-grade `changes` against the current keys, keeping the original verdicts."""
        try:
            return self.store.rescore(changes, self.clock.now())
        except database_errors() as error:
            raise AttemptError(f"Nothing was re-graded: {_reason(error)}") from error

    def open_disputes(self) -> dict[tuple[str, str], int]:
        """How many open key disputes each (bank id, question id) has."""
        return self.store.open_disputes()

    def dispute(self, attempt_id: int, item: ReviewItem, argument: str) -> int:
        """Record the learner's argument that `item`'s key is wrong; the dispute's id."""
        argument = argument.strip()
        if not argument:
            raise AttemptError("Write why you think the key is wrong before sending.")
        question = item.question
        try:
            return self.store.add_dispute(
                bank_id=question.bank_id,
                question_id=question.question_id,
                content_hash=item.content_hash,
                attempt_id=attempt_id,
                question=question.text,
                choice=[question.options[i] for i in sorted(item.selection)],
                key=[question.options[i] for i in sorted(question.correct)],
                argument=argument,
            )
        except database_errors() as error:
            raise AttemptError(f"The dispute is not saved: {_reason(error)}") from error

    # Helpers

    @staticmethod
    def _session(stored: StoredAttempt, clock: Clock) -> Session:
        return Session(
            stored.questions,
            stored.settings,
            started_at=stored.summary.started_at,
            deadline=stored.summary.deadline,
            answers=stored.answers,
            flags=stored.flags,
            position=stored.position,
            clock=clock,
            certainty=stored.certainty,
            seconds=stored.seconds,
            essays=stored.essays,
        )

    @staticmethod
    def _read(read: Callable[[], T], error: type[Exception]) -> T:
        try:
            return read()
        except database_errors() as problem:
            raise error(_reason(problem)) from problem


def _without_key(question: AskedQuestion) -> AskedQuestion:
    return replace(
        question, correct=frozenset(), explanation="", reference="", model_answer="", rubric=()
    )


def _reason(error: BaseException) -> str:
    """The database's complaint, in one line."""
    return str(error).splitlines()[0] if str(error) else type(error).__name__


class _FrozenClock:
    """A clock stopped at one moment: grading an expired attempt as of `now`."""

    def __init__(self, now: datetime) -> None:
        self._now = now

    def now(self) -> datetime:
        return self._now

    def monotonic(self) -> float:
        return 0.0
