"""The Store: attempts written as they happen, read back for resume, history and review."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Engine, Select, bindparam, exists
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session as DbSession
from sqlmodel import col, select

from po_exam.exam.asked import AskedQuestion
from po_exam.exam.clock import SYSTEM_CLOCK, Clock, as_utc
from po_exam.exam.essays import EssayGrade
from po_exam.exam.grading import Result, is_pass, percent, weakest_first
from po_exam.exam.insight import HIGH
from po_exam.exam.modes import MODES, ExamSettings
from po_exam.exam.outlook import WINDOW as OUTLOOK_WINDOW
from po_exam.exam.outlook import SimulationAnswers
from po_exam.exam.retry import RETRY_VALID, RetryOffer, retry_offer
from po_exam.exam.stats import PST_STEPS, READINESS_WINDOW, PathStep, Readiness, readiness
from po_exam.exam.versions import CurrentVersions, asked_hash
from po_exam.store import classroom, disputes, history, items, learners, rescore, review, topics
from po_exam.store.classroom import ClassReport
from po_exam.store.convert import (
    asked_question,
    asked_row,
    attempt_row,
    dump_ints,
    from_db,
    load_ints,
    settings_of,
    summary,
    to_db,
)
from po_exam.store.errors import StoreError
from po_exam.store.hot import HotReads, moment_of, stored_moment
from po_exam.store.models import (
    AnswerExport,
    AttemptDetail,
    AttemptSummary,
    LearnerInfo,
    ReviewItem,
    StoredAttempt,
    TopicAccuracy,
    TopicPoint,
)
from po_exam.store.tables import (
    AnswerRow,
    AskedQuestionRow,
    Attempt,
    AttemptBank,
    ReviewCard,
    same_position,
)
from po_exam.text import printable

if TYPE_CHECKING:
    from po_exam.banks.models import Bank


class Store:
    """Attempts, answers and review cards in one database; every write commits at once."""

    def __init__(
        self,
        engine: Engine,
        *,
        clock: Clock = SYSTEM_CLOCK,
        location: str = "",
        learner: LearnerInfo | None = None,
        all_learners: bool = False,
    ) -> None:
        self.engine = engine
        self.clock = clock
        self.location = location or str(engine.url)
        self._writer = engine.execution_options(write=True)
        self._hot = HotReads(engine)
        self.exam_day: date | None = None
        """The day of the learner's real exam, if set: review is scheduled towards it."""
        self.learner = learner
        """Whose attempts and review cards this store reads and writes (None: not chosen yet)."""
        self.all_learners = all_learners
        """Read every learner's attempts (the trainer's CLI `--all-learners`); never writes."""
        self.passport: date | None = None
        """When the learner received a PSPO class passport (None: today's retry rule)."""

    @property
    def shared(self) -> bool:
        """Whether the database is a server's, shared by a class (SQLite files are personal)."""
        return self.engine.dialect.name != "sqlite"

    # Learners: the one filter every query on attempts and review cards goes through

    def _learner_id(self) -> int:
        if self.learner is None:
            raise StoreError("Choose a learner first (--learner NAME or PO_EXAM_LEARNER).")
        return self.learner.id

    def _mine(self) -> list[ColumnElement[bool]]:
        """WHERE clauses keeping this learner's attempts (none with `all_learners`)."""
        if self.all_learners:
            return []
        return [col(Attempt.learner_id) == bindparam("learner", self._learner_id())]

    def _my_cards(self) -> list[ColumnElement[bool]]:
        """WHERE clauses keeping this learner's review cards."""
        if self.all_learners:
            return []
        return [col(ReviewCard.learner_id) == self._learner_id()]

    def _hot_params(self, params: dict[str, Any]) -> dict[str, Any]:
        return params if self.all_learners else {**params, "learner": self._learner_id()}

    def learners(self) -> list[LearnerInfo]:
        """Every learner on the database, by name."""
        with self._read() as session:
            return learners.all_learners(session)

    def use_learner(self, name: str, *, create: bool = True) -> LearnerInfo:
        """Read and write `name`'s history from now on (made, when new and `create`)."""
        with self._errors():
            found = learners.find_or_create(self._writer, name, self.clock.now(), create=create)
        self.learner, self.all_learners = found, False
        return found

    def learner_settings(self) -> dict[str, Any]:
        """This learner's own settings (exam date, certainty on/off, ...)."""
        with self._read() as session:
            return learners.settings_of(session, self._learner_id())

    def save_learner_setting(self, name: str, value: Any) -> None:
        """Remember one of this learner's settings in the database, committed at once."""
        with self._write() as session:
            learners.save_setting(session, self._learner_id(), name, value)

    def close(self) -> None:
        """Release the database connections."""
        self._hot.close()
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextmanager
    def _read(self) -> Iterator[DbSession]:
        with self._errors(), DbSession(self.engine) as session:
            yield session

    @contextmanager
    def _write(self) -> Iterator[DbSession]:
        with self._errors(), DbSession(self._writer) as session:
            yield session
            session.commit()

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except DBAPIError as error:
            raise StoreError(f"The database {self.location} failed: {error.orig}") from error
        except (
            self.engine.dialect.loaded_dbapi.Error
        ) as error:  # the hot reads use the driver itself
            raise StoreError(f"The database {self.location} failed: {error}") from error

    # Writing an attempt as it happens

    def start_attempt(
        self,
        settings: ExamSettings,
        questions: Sequence[AskedQuestion],
        *,
        started_at: datetime,
        deadline: datetime | None,
        retry_of: int | None = None,
    ) -> int:
        """Record a new attempt with its question snapshots; its id."""
        with self._write() as session:
            if retry_of is not None:
                self._check_retry(session, retry_of, started_at)
            row = attempt_row(settings, len(questions), started_at, deadline, retry_of)
            row.learner_id = self._learner_id()
            session.add(row)
            session.flush()
            assert row.id is not None
            for bank_id in dict.fromkeys(settings.bank_ids):
                session.add(AttemptBank(attempt_id=row.id, bank_id=bank_id))
            for position, question in enumerate(questions):
                session.add(asked_row(row.id, position, question))
            return row.id

    def save_answer(self, attempt_id: int, position: int, selection: frozenset[int]) -> None:
        """Store the selection at `position` (empty clears it), committed before returning."""
        with self._write() as session:
            answer = self._answer_row(session, attempt_id, position)
            answer.selection = dump_ints(selection)
            answer.answered_at = to_db(self.clock.now()) if selection else None
            session.add(answer)

    def save_certainty(self, attempt_id: int, position: int, certainty: int | None) -> None:
        """Store how certain the learner is of `position`'s answer (None clears it)."""
        if certainty is not None and certainty not in (1, 2, 3):
            raise StoreError(f"Certainty must be 1, 2 or 3, not {certainty}.")
        with self._write() as session:
            answer = self._answer_row(session, attempt_id, position)
            answer.certainty = certainty
            session.add(answer)

    def save_seconds(self, attempt_id: int, position: int, seconds: float) -> None:
        """Store the time spent on `position` so far (summed over visits)."""
        with self._write() as session:
            answer = self._answer_row(session, attempt_id, position)
            answer.seconds = max(0.0, float(seconds))
            session.add(answer)

    def save_essay(self, attempt_id: int, position: int, essay: str) -> None:
        """Store the essay written at `position` (blank clears it), committed before returning."""
        with self._write() as session:
            self._open_attempt(session, attempt_id)
            answer = self._answer_row(session, attempt_id, position)
            answer.essay = essay
            answer.answered_at = to_db(self.clock.now()) if essay.strip() else None
            session.add(answer)

    def save_grade(self, attempt_id: int, position: int, grade: EssayGrade) -> None:
        """Store the self-grade of the essay at `position` and the attempt's verdict as it
        now stands: graded once no essay is left ungraded."""
        with self._write() as session:
            row = self._attempt(session, attempt_id)
            if row.finished_at is None:
                raise StoreError(f"Attempt {attempt_id} is not submitted yet.")
            asked = {q.position: q for q in self._asked(session, attempt_id)}
            if position not in asked or asked[position].type != "essay":
                raise StoreError(f"Question {position + 1} of attempt {attempt_id} is no essay.")
            answers = self._answers(session, attempt_id)
            answer = answers.get(position) or AnswerRow(attempt_id=attempt_id, position=position)
            answer.grade = grade.dump()
            answer.correct = grade.meets
            session.add(answer)
            answers[position] = answer
            essays = [p for p, q in asked.items() if q.type == "essay"]
            ungraded = sum(not (answers.get(p) and answers[p].grade) for p in essays)
            row.correct = sum(bool(a.correct) for a in answers.values())
            row.ungraded = ungraded
            row.passed = None if ungraded else is_pass(row.correct, row.questions, row.pass_mark)
            session.add(row)

    def save_flag(self, attempt_id: int, position: int, flagged: bool) -> None:
        """Store whether `position` is flagged, committed before returning."""
        with self._write() as session:
            answer = self._answer_row(session, attempt_id, position)
            answer.flagged = flagged
            session.add(answer)

    def save_position(self, attempt_id: int, position: int) -> None:
        """Remember which question the learner was on, for resume."""
        with self._write() as session:
            row = self._open_attempt(session, attempt_id)
            row.position = position
            session.add(row)

    def finish_attempt(self, attempt_id: int, result: Result, finished_at: datetime) -> None:
        """Record the verdict, mark each answer right or wrong and reschedule review cards."""
        with self._write() as session:
            row = self._attempt(session, attempt_id)
            if row.finished_at is not None:
                return
            if row.abandoned_at is not None:
                raise StoreError(f"Attempt {attempt_id} was abandoned.")
            started = from_db(row.started_at)
            row.finished_at = to_db(finished_at)
            row.correct, row.passed = result.correct, result.passed
            row.ungraded = result.ungraded or None  # None: no essays to grade
            if result.ungraded:
                row.passed = None  # no verdict until every essay is self-graded
            row.seconds_used = max(0, int((as_utc(finished_at) - started).total_seconds()))
            session.add(row)
            answers = self._answers(session, attempt_id)
            graded: list[tuple[AskedQuestionRow, bool]] = []
            for asked in self._asked(session, attempt_id):
                answer = answers.get(asked.position) or AnswerRow(
                    attempt_id=attempt_id, position=asked.position
                )
                selection = load_ints(answer.selection)
                if asked.type == "essay":
                    session.add(answer)  # right or wrong once self-graded
                    continue
                answer.correct = selection == load_ints(asked.key)
                session.add(answer)
                graded.append((asked, answer.correct))
                if selection:
                    when = as_utc(finished_at)
                    review.review(
                        session,
                        (row.learner_id, asked.bank_id, asked.question_id),
                        answer.correct,
                        when,
                        self.exam_day,
                    )
            topics.record_finished(session, row.learner_id, attempt_id, row.finished_at, graded)

    def abandon_attempt(self, attempt_id: int, when: datetime) -> None:
        """Give an open attempt up: it is kept with its answers, never graded or counted."""
        with self._write() as session:
            row = self._open_attempt(session, attempt_id)
            row.abandoned_at = to_db(when)
            session.add(row)

    # Resume

    def unfinished_attempt(self) -> AttemptSummary | None:
        """The newest attempt neither submitted nor abandoned, if any."""
        with self._read() as session:
            query = history.newest_first([*self._mine(), *history.open_attempts()])
            row = session.exec(query.limit(1)).first()
            return summary(row) if row else None

    def stored_attempt(self, attempt_id: int) -> StoredAttempt:
        """An attempt as stored: questions, answers, flags and position, to take it up again."""
        with self._read() as session:
            row = self._attempt(session, attempt_id)
            questions = [asked_question(q) for q in self._asked(session, attempt_id)]
            answers = list(self._answers(session, attempt_id).values())
            selections = {a.position: load_ints(a.selection) for a in answers}
            return StoredAttempt(
                summary=summary(row),
                settings=settings_of(row),
                questions=questions,
                answers={i: chosen for i, chosen in selections.items() if chosen},
                flags=sorted(a.position for a in answers if a.flagged),
                position=row.position,
                certainty={a.position: a.certainty for a in answers if a.certainty},
                seconds={a.position: a.seconds for a in answers if a.seconds is not None},
                essays={a.position: a.essay for a in answers if a.essay},
            )

    def expired_attempts(self, now: datetime) -> list[int]:
        """Open attempts whose deadline has passed by `now`, oldest first."""
        with self._read() as session:
            ids = session.exec(
                select(Attempt.id)
                .where(*self._mine(), *history.open_attempts(), col(Attempt.deadline) <= to_db(now))
                .order_by(col(Attempt.id))
            ).all()
        return [i for i in ids if i is not None]

    # History

    def attempt_detail(self, attempt_id: int) -> AttemptDetail:
        """One attempt with every question as asked and what was answered."""
        with self._read() as session:
            row = self._attempt(session, attempt_id)
            answers = self._answers(session, attempt_id)
            found = []
            for asked in self._asked(session, attempt_id):
                question = asked_question(asked)
                answer = answers.get(asked.position)
                selection = load_ints(answer.selection) if answer else frozenset()
                graded = answer.correct if answer is not None else None
                found.append(
                    ReviewItem(
                        position=asked.position,
                        question=question,
                        selection=selection,
                        flagged=bool(answer and answer.flagged),
                        # As graded when the attempt was finished; as it stands while open.
                        correct=(None if question.is_essay else question.is_correct(selection))
                        if graded is None
                        else graded,
                        certainty=answer.certainty if answer else None,
                        seconds=answer.seconds if answer else None,
                        content_hash=asked.content_hash or asked_hash(question),
                        rescored=answer.rescored if answer is not None else None,
                        essay=printable(answer.essay) if answer and answer.essay else "",
                        grade=EssayGrade.load(answer.grade) if answer else None,
                    )
                )
            return AttemptDetail(summary(row), found)

    def list_attempts(
        self,
        *,
        offset: int = 0,
        limit: int = 50,
        bank: str | None = None,
        mode: str | None = None,
        passed: bool | None = None,
        status: str | None = None,
    ) -> list[AttemptSummary]:
        """Attempts newest first, one page, filtered by bank, mode, verdict or status."""
        shape = ("newest", self.all_learners, *history.filter_shape(bank, mode, passed, status))
        params = {"bank": bank, "mode": mode, "passed": passed, "limit": limit, "offset": offset}

        def build() -> Select[Any]:  # once per shape: the learner is a bound parameter
            filters = history.attempt_filters(bank, mode, passed, status)
            return history.newest_summaries([*self._mine(), *filters])

        with self._errors():
            return self._hot.summaries(shape, build, self._hot_params(params))

    def iter_attempts(
        self,
        *,
        bank: str | None = None,
        mode: str | None = None,
        passed: bool | None = None,
        status: str | None = None,
    ) -> Iterator[AttemptSummary]:
        """Every matching attempt, newest first, streamed in batches (for export)."""
        query = history.newest_first(
            [*self._mine(), *history.attempt_filters(bank, mode, passed, status)]
        )
        with self._read() as session:
            for row in session.exec(query.execution_options(yield_per=500)):
                yield summary(row)

    def count_attempts(
        self,
        *,
        bank: str | None = None,
        mode: str | None = None,
        passed: bool | None = None,
        status: str | None = None,
    ) -> int:
        """How many attempts match the history filters."""
        with self._read() as session:
            clauses = history.attempt_filters(bank, mode, passed, status)
            return history.count(session, [*self._mine(), *clauses])

    def recent_results(self, limit: int = 5) -> list[AttemptSummary]:
        """The last finished attempts of any mode, newest first."""
        with self._errors():
            return self._hot.summaries(
                ("recent", self.all_learners),
                lambda: history.recent_summaries(self._mine()),
                self._hot_params({"limit": limit}),
            )

    def score_trend(
        self, limit: int = 30, *, mode: str | None = None, modes: Sequence[str] | None = None
    ) -> list[AttemptSummary]:
        """The last `limit` finished attempts (of `mode`, or of `modes`), oldest first."""
        modes = [mode] if mode else (list(modes) if modes else None)
        with self._read() as session:
            query = history.finished_newest_first(modes).where(*self._mine())
            rows = session.exec(query.limit(limit)).all()
            return [summary(row) for row in reversed(rows)]

    def readiness(self, now: datetime) -> Readiness:
        """The share of the last five simulations passed and their mean score, up to `now`."""
        rows: list[Attempt] = []
        with self._read() as session:
            # One index walk per simulation mode (an IN over modes would sort every row).
            for mode in history.SIMULATIONS:
                if MODES[mode].essays:
                    continue  # essays are a step of their own (see path_readiness)
                query = history.finished_newest_first([mode]).where(
                    *self._mine(),
                    col(Attempt.finished_at) <= to_db(now),
                    col(Attempt.passed).is_not(None),  # essays left ungraded: not yet counted
                )
                rows += session.exec(query.limit(READINESS_WINDOW)).all()
        rows.sort(key=lambda row: (row.finished_at, row.id), reverse=True)
        return readiness(
            Result(row.correct or 0, row.questions, row.pass_mark, bool(row.passed))
            for row in rows[:READINESS_WINDOW]
        )

    def simulation_answers(self, now: datetime) -> list[SimulationAnswers]:
        """The last finished simulations up to `now`, newest first, each answer with whether
        it was right and whether its question was asked for the first time (in no attempt
        started earlier, of any mode)."""
        rows: list[Attempt] = []
        with self._read() as session:
            for mode in history.SIMULATIONS:
                if MODES[mode].essays:
                    continue  # essays have no key to forecast from
                query = history.finished_newest_first([mode]).where(
                    *self._mine(), col(Attempt.finished_at) <= to_db(now)
                )
                rows += session.exec(query.limit(OUTLOOK_WINDOW)).all()
            rows.sort(key=lambda row: (row.finished_at, row.id), reverse=True)
            found = []
            for row in rows[:OUTLOOK_WINDOW]:
                assert row.id is not None
                asked = self._asked(session, row.id)
                answers = self._answers(session, row.id)
                seen_before = self._seen_before(session, row)
                found.append(
                    SimulationAnswers(
                        row.id,
                        tuple(
                            (
                                bool(answers[q.position].correct)
                                if q.position in answers
                                else False,
                                (q.bank_id, q.question_id) not in seen_before,
                            )
                            for q in asked
                        ),
                    )
                )
        return found

    def _seen_before(self, session: DbSession, row: Attempt) -> set[tuple[str, str]]:
        """The questions of attempt `row` that were asked in an attempt started before it."""
        mine = AskedQuestionRow.__table__.alias("mine")  # type: ignore[attr-defined]
        query = (
            select(AskedQuestionRow.bank_id, AskedQuestionRow.question_id)
            .join(Attempt, col(Attempt.id) == col(AskedQuestionRow.attempt_id))
            .join(
                mine,
                (mine.c.bank_id == AskedQuestionRow.bank_id)
                & (mine.c.question_id == AskedQuestionRow.question_id),
            )
            .where(
                mine.c.attempt_id == row.id,
                col(Attempt.learner_id) == row.learner_id,  # asked to the same learner
                col(Attempt.started_at) < row.started_at,
            )
            .distinct()
        )
        return {(bank, question) for bank, question in session.exec(query).all()}

    def iter_answers(
        self,
        *,
        bank: str | None = None,
        mode: str | None = None,
        passed: bool | None = None,
        status: str | None = None,
    ) -> Iterator[AnswerExport]:
        """Every answer of every matching attempt, attempts newest first, positions in order."""
        ids = [a.id for a in self.iter_attempts(bank=bank, mode=mode, passed=passed, status=status)]
        with self._read() as session:
            for attempt_id in ids:
                answers = self._answers(session, attempt_id)
                for asked in self._asked(session, attempt_id):
                    answer = answers.get(asked.position)
                    yield AnswerExport(
                        attempt_id=attempt_id,
                        position=asked.position,
                        bank_id=asked.bank_id,
                        question_id=asked.question_id,
                        topic=asked.topic,
                        selection=load_ints(answer.selection) if answer else frozenset(),
                        key=load_ints(asked.key),
                        correct=answer.correct if answer else None,
                        seconds=answer.seconds if answer else None,
                        certainty=answer.certainty if answer else None,
                        answered_at=from_db(answer.answered_at) if answer else None,
                    )

    def certainty_levels(self) -> list[tuple[int, int, int]]:
        """(certainty level, answers, right) over every graded answer rated for certainty."""
        from sqlalchemy import Integer, case, func

        right = func.sum(case((col(AnswerRow.correct).is_(True), 1), else_=0), type_=Integer)
        query = (
            select(AnswerRow.certainty, func.count(), right)
            .join(Attempt, col(Attempt.id) == col(AnswerRow.attempt_id))
            .where(
                *self._mine(),
                col(AnswerRow.certainty).is_not(None),
                col(AnswerRow.correct).is_not(None),
            )
            .group_by(AnswerRow.certainty)
        )
        with self._read() as session:
            rows = session.exec(query).all()
        return sorted((int(level), int(n), int(right or 0)) for level, n, right in rows)

    def median_seconds(self, attempt_ids: Sequence[int]) -> dict[int, float]:
        """Median seconds per question of each attempt that kept time, by attempt id."""
        from po_exam.exam.insight import median_seconds

        found: dict[int, list[float]] = {}
        ids = list(dict.fromkeys(attempt_ids))
        with self._read() as session:
            for start in range(0, len(ids), 500):
                query = select(AnswerRow.attempt_id, AnswerRow.seconds).where(
                    col(AnswerRow.attempt_id).in_(ids[start : start + 500]),
                    col(AnswerRow.seconds).is_not(None),
                )
                for attempt_id, seconds in session.exec(query).all():
                    found.setdefault(attempt_id, []).append(seconds)
        return {i: m for i, times in found.items() if (m := median_seconds(times)) is not None}

    def exam_plan(self, now: datetime, exam_day: date) -> review.ExamPlan:
        """Days left to the exam, mistakes due today, and how many need strengthening."""
        with self._read() as session:
            return review.exam_plan(session, as_utc(now), exam_day, self._my_cards())

    def path_readiness(self, now: datetime) -> tuple[PathStep, ...]:
        """The PST steps, each with the best score of its last few graded attempts by `now`."""
        steps = []
        with self._read() as session:
            for step in PST_STEPS:
                rows: list[Attempt] = []
                for mode in step.modes:
                    query = history.finished_newest_first([mode]).where(
                        col(Attempt.finished_at) <= to_db(now),
                        col(Attempt.passed).is_not(None),  # essays left ungraded don't count
                    )
                    rows += session.exec(query.limit(READINESS_WINDOW)).all()
                rows.sort(key=lambda row: (row.finished_at, row.id), reverse=True)
                scores = [
                    percent(row.correct or 0, row.questions) for row in rows[:READINESS_WINDOW]
                ]
                steps.append(replace(step, best=max(scores) if scores else None))
        return tuple(steps)

    def topic_accuracy(
        self, *, since: datetime | None = None, bank: str | None = None
    ) -> list[TopicAccuracy]:
        """Per topic, the share answered right over finished attempts, weakest first.

        Read from the per-topic summaries (store/topics.py), not from every answer.
        """
        mine = not self.all_learners
        shape = ("topic-accuracy", since is not None, bank is not None, mine)
        params: dict[str, Any] = self._hot_params({"bank": bank})
        if since is not None:
            params["since"] = stored_moment(self.engine, since)
        with self._errors():
            rows = self._hot.rows(
                shape,
                lambda: topics.accuracy_select(since is not None, bank is not None, mine),
                params,
            )
        return weakest_first(
            TopicAccuracy(topic, printable(title), int(right or 0), int(total))
            for topic, title, right, total in rows
        )

    def topic_trend(self, topic: str, limit: int = 30) -> list[TopicPoint]:
        """One topic's score in each recent finished attempt, oldest first."""
        with self._errors():
            rows = self._hot.rows(
                ("topic-trend", self.all_learners),
                lambda: topics.trend_select(not self.all_learners),
                self._hot_params({"topic": topic, "limit": limit}),
            )
        points = [TopicPoint(i, moment_of(when), int(c), int(t)) for i, when, c, t in rows]
        return points[::-1]

    def class_report(self, now: datetime) -> ClassReport:
        """The trainer's report over every learner on the database (see store/classroom.py)."""
        with self._errors():
            return classroom.class_report(self.engine, now)

    # Free retry and review

    def pending_retry(self, now: datetime) -> RetryOffer | None:
        """The newest unused, unexpired free retry earned by a failed simulation."""
        retry = Attempt.__table__.alias("retry")  # type: ignore[attr-defined]
        used = exists().where(retry.c.retry_of == Attempt.id)
        query = history.finished_newest_first(history.SIMULATIONS).where(
            *self._mine(),
            col(Attempt.passed).is_(False),
            col(Attempt.retry_of).is_(None),
            col(Attempt.finished_at) > to_db(as_utc(now) - RETRY_VALID),
            ~used,
        )
        with self._read() as session:
            rows = session.exec(query.limit(20)).all()
        for row in rows:
            if row.id is None or row.finished_at is None:
                continue
            offer = retry_offer(
                row.id,
                row.mode,
                False,
                False,
                from_db(row.finished_at),
                summary(row).bank_ids,
                started_at=from_db(row.started_at),
                passport=self.passport,
            )
            if offer is not None and offer.valid(now):
                return offer
        return None

    def mistakes_due(self, now: datetime, limit: int = 20) -> list[tuple[str, str]]:
        """(bank id, question id) of questions once answered wrong and due again, weakest first."""
        with self._read() as session:
            return review.mistakes_due(
                session,
                as_utc(now),
                limit,
                self._confident(session),
                self.exam_day,
                self._my_cards(),
            )

    def _confident(self, session: DbSession) -> dict[tuple[str, str], set[datetime]]:
        """Each question answered wrongly at high certainty, with when those attempts ended."""
        query = (
            select(AskedQuestionRow.bank_id, AskedQuestionRow.question_id, Attempt.finished_at)
            .join(
                AnswerRow,
                same_position(),
            )
            .join(Attempt, col(Attempt.id) == col(AskedQuestionRow.attempt_id))
            .where(
                *self._mine(),
                col(AnswerRow.certainty) == HIGH,
                col(AnswerRow.correct).is_(False),
            )
        )
        found: dict[tuple[str, str], set[datetime]] = {}
        for bank, question, finished in session.exec(query).all():
            if finished is not None:
                found.setdefault((bank, question), set()).add(from_db(finished))
        return found

    # Authors: question versions, item statistics and key disputes

    def changed_answers(self, versions: CurrentVersions) -> list[rescore.Regraded]:
        """This learner's answers of finished attempts whose question has changed since (not
        yet re-graded)."""
        with self._read() as session:
            return list(rescore.changed_answers(session, versions, self._mine()))

    def rescore(
        self, changes: list[rescore.Regraded], when: datetime
    ) -> list[rescore.RescoredAttempt]:
        """Store the re-graded verdicts beside the original ones; each attempt's two scores."""
        with self._write() as session:
            return rescore.apply(session, changes, when)

    def item_stats(self, banks: Sequence[Bank]) -> list[items.ItemStat]:
        """Per question of `banks`: answers, share right, discrimination, picks and flags."""
        with self._read() as session:
            return items.item_stats(session, banks, disputes.open_counts(session))

    def add_dispute(self, **fields: Any) -> int:
        """Record a learner's dispute of a key (see `disputes.add`); its id."""
        with self._write() as session:
            if fields.get("attempt_id") is not None:
                self._attempt(session, fields["attempt_id"])  # this learner's own attempt
            return disputes.add(session, when=self.clock.now(), **fields)

    def disputes(
        self, *, bank: str | None = None, status: str | None = "open"
    ) -> list[disputes.DisputeRecord]:
        """Disputes oldest first, of one bank and status (None: all)."""
        with self._read() as session:
            return disputes.listed(session, bank, status, self._mine())

    def open_disputes(self) -> dict[tuple[str, str], int]:
        """How many open disputes each (bank id, question id) has."""
        with self._read() as session:
            return disputes.open_counts(session, self._mine())

    # Helpers

    def _check_retry(self, session: DbSession, original_id: int, now: datetime) -> None:
        original = self._attempt(session, original_id)
        taken = session.exec(select(Attempt.id).where(Attempt.retry_of == original_id)).first()
        offer = None
        if original.finished_at is not None and original.passed is not None:
            offer = retry_offer(
                original_id,
                original.mode,
                original.passed,
                original.retry_of is not None,
                from_db(original.finished_at),
                started_at=from_db(original.started_at),
                passport=self.passport,
            )
        if offer is None or taken is not None or not offer.valid(now):
            raise StoreError(f"Attempt {original_id} has no free retry to use.")

    def _attempt(self, session: DbSession, attempt_id: int) -> Attempt:
        row = session.get(Attempt, attempt_id)
        if row is not None and not self.all_learners and row.learner_id != self._learner_id():
            row = None  # another learner's attempt: not there, for this learner
        if row is None:
            raise StoreError(f"There is no attempt {attempt_id} in {self.location}.")
        return row

    def _open_attempt(self, session: DbSession, attempt_id: int) -> Attempt:
        row = self._attempt(session, attempt_id)
        if row.finished_at is not None:
            raise StoreError(f"Attempt {attempt_id} is already finished.")
        if row.abandoned_at is not None:
            raise StoreError(f"Attempt {attempt_id} was abandoned.")
        return row

    def _answer_row(self, session: DbSession, attempt_id: int, position: int) -> AnswerRow:
        attempt = self._open_attempt(session, attempt_id)
        if not 0 <= position < attempt.questions:
            raise StoreError(f"Attempt {attempt_id} has no question {position + 1}.")
        found = session.get(AnswerRow, (attempt_id, position))
        return found or AnswerRow(attempt_id=attempt_id, position=position)

    def _answers(self, session: DbSession, attempt_id: int) -> dict[int, AnswerRow]:
        rows = session.exec(select(AnswerRow).where(AnswerRow.attempt_id == attempt_id)).all()
        return {row.position: row for row in rows}

    def _asked(self, session: DbSession, attempt_id: int) -> Sequence[AskedQuestionRow]:
        return session.exec(
            select(AskedQuestionRow)
            .where(AskedQuestionRow.attempt_id == attempt_id)
            .order_by(col(AskedQuestionRow.position))
        ).all()
