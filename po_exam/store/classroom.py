"""The trainer's class report: per learner and per focus area, in a handful of queries.

Everything is aggregated by the database (one pass over the graded answers for the focus
areas) or, for the few simulations each learner has, in Python; no query per learner.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Engine, case, func, select
from sqlmodel import col

from po_exam.exam.clock import as_utc
from po_exam.exam.grading import Result
from po_exam.exam.retry import retry_offer
from po_exam.exam.stats import READINESS_WINDOW, Readiness, readiness
from po_exam.store.convert import from_db
from po_exam.store.history import SIMULATIONS
from po_exam.store.tables import AnswerRow, AskedQuestionRow, Attempt, Learner, same_position
from po_exam.text import printable

WEAKEST = 3
"""How many of a learner's weakest focus areas the report names."""


@dataclass(frozen=True, slots=True)
class FocusArea:
    """Answers right over answers graded in one focus area (topic)."""

    topic: str
    title: str
    right: int
    total: int

    @property
    def percent(self) -> float:
        return 100.0 * self.right / self.total if self.total else 0.0


@dataclass(frozen=True, slots=True)
class LearnerReport:
    """One learner's line in the class report."""

    name: str
    attempts: int
    simulations: int
    best_percent: float | None
    latest_percent: float | None
    readiness: Readiness
    weakest: tuple[FocusArea, ...]
    retry: str
    """"until YYYY-MM-DD" (a free retry is waiting), "used", "expired" or "" (none earned)."""


@dataclass(frozen=True, slots=True)
class ClassReport:
    """Every learner, and the class's accuracy in each focus area (weakest first)."""

    learners: list[LearnerReport]
    focus_areas: list[FocusArea] = field(default_factory=list)


def class_report(engine: Engine, now: datetime) -> ClassReport:
    """The report over every learner on the database, as of `now`."""
    now = as_utc(now)
    with engine.connect() as connection:
        names = dict(connection.execute(select(Learner.id, Learner.name)).all())
        counts = dict(
            connection.execute(
                select(Attempt.learner_id, func.count()).group_by(col(Attempt.learner_id))
            ).all()
        )
        sims = connection.execute(
            select(
                Attempt.learner_id,
                Attempt.id,
                Attempt.mode,
                Attempt.correct,
                Attempt.questions,
                Attempt.pass_mark,
                Attempt.passed,
                Attempt.finished_at,
                Attempt.retry_of,
            )
            .where(col(Attempt.finished_at).is_not(None), col(Attempt.mode).in_(SIMULATIONS))
            .order_by(col(Attempt.finished_at).desc(), col(Attempt.id).desc())
        ).all()
        used = {
            row[0]
            for row in connection.execute(
                select(Attempt.retry_of).where(col(Attempt.retry_of).is_not(None))
            )
        }
        right = func.sum(case((col(AnswerRow.correct).is_(True), 1), else_=0))
        areas = connection.execute(
            select(
                Attempt.learner_id,
                AskedQuestionRow.topic,
                func.max(AskedQuestionRow.topic_title),
                right,
                func.count(),
            )
            .select_from(AskedQuestionRow)
            .join(Attempt, col(Attempt.id) == AskedQuestionRow.attempt_id)
            .join(
                AnswerRow,
                same_position(),
            )
            .where(col(Attempt.finished_at).is_not(None), col(AnswerRow.correct).is_not(None))
            .group_by(col(Attempt.learner_id), col(AskedQuestionRow.topic))
        ).all()
    by_learner: dict[int, list] = defaultdict(list)
    for row in sims:
        by_learner[row[0]].append(row)
    learner_areas: dict[int, list[FocusArea]] = defaultdict(list)
    class_areas: dict[str, list] = {}
    for learner_id, topic, title, right_, total in areas:
        area = FocusArea(printable(topic), printable(title or topic), int(right_ or 0), total)
        learner_areas[learner_id].append(area)
        found = class_areas.setdefault(area.topic, [area.title, 0, 0])
        found[1] += area.right
        found[2] += area.total
    learners = [
        _learner(
            printable(name),
            counts.get(learner_id, 0),
            by_learner[learner_id],
            learner_areas[learner_id],
            used,
            now,
        )
        for learner_id, name in sorted(names.items(), key=lambda item: item[1].casefold())
    ]
    focus = [FocusArea(topic, t, r, n) for topic, (t, r, n) in class_areas.items()]
    return ClassReport(learners, _weakest_first(focus))


def _weakest_first(areas: list[FocusArea]) -> list[FocusArea]:
    return sorted(areas, key=lambda a: (a.percent, -a.total, a.topic))


def _learner(
    name: str,
    attempts: int,
    sims: list,
    areas: list[FocusArea],
    used: set[int],
    now: datetime,
) -> LearnerReport:
    results = [Result(r.correct or 0, r.questions, r.pass_mark, bool(r.passed)) for r in sims]
    percents = [result.percent for result in results]
    return LearnerReport(
        name=name,
        attempts=attempts,
        simulations=len(sims),
        best_percent=max(percents) if percents else None,
        latest_percent=percents[0] if percents else None,
        readiness=readiness(results[:READINESS_WINDOW]),
        weakest=tuple(_weakest_first(areas)[:WEAKEST]),
        retry=_retry_state(sims, used, now),
    )


def _retry_state(sims: list, used: set[int], now: datetime) -> str:
    """The newest free retry a failed simulation earned: waiting, used, expired, or none."""
    for row in sims:  # newest first
        offer = retry_offer(
            row.id, row.mode, bool(row.passed), row.retry_of is not None, from_db(row.finished_at)
        )
        if offer is None:
            continue
        if row.id in used:
            return "used"
        if offer.valid(now):
            return f"until {offer.expires_at:%Y-%m-%d}"
        return "expired"
    return ""
