"""Item statistics: how each question of a bank fares in the finished attempts of a database.

Per question: how many were asked it, the share right (difficulty index), the point-biserial
correlation of the item with the rest of the attempt's score (discrimination), how often
each option was picked overall and by the top third of attempts, and flags for authors.

One grouped query does the counting: rows are grouped by question, the options as shown,
the selection, and whether the attempt is in the top third, with the sums the correlation
needs. Python then only folds these groups (far fewer than answers) per question.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import Float, and_, bindparam, case, cast, func, literal_column
from sqlmodel import Session, col, select

from po_exam.store.tables import AnswerRow, AskedQuestionRow, Attempt, same_position

if TYPE_CHECKING:
    from po_exam.banks.models import Bank

MIN_ANSWERS = 20
"""Fewer answers than this give no figures: "too few answers" instead."""
TOO_EASY = 0.95
TOO_HARD = 0.25

FLAG_TEXT = {
    "too-easy": "too easy (over 95 % right)",
    "too-hard": "too hard (under 25 % right)",
    "unused-distractor": "a distractor nobody picks",
    "negative-discrimination": "negative discrimination",
    "possible-mis-key": "possible mis-key",
    "disputed": "open key disputes",
    "too-few-answers": "too few answers",
}


@dataclass(frozen=True, slots=True)
class OptionStat:
    """How often one option was picked."""

    text: str
    key: bool
    picks: int
    top_picks: int
    """Picks by attempts in the top third of scores."""


@dataclass(frozen=True, slots=True)
class ItemStat:
    """One question's figures over the finished attempts that asked it."""

    bank_id: str
    question_id: str
    text: str
    asked: int
    blank: int
    right: int
    discrimination: float | None
    options: tuple[OptionStat, ...]
    disputes: int = 0
    flags: tuple[str, ...] = field(default=())

    @property
    def enough(self) -> bool:
        """Whether enough attempts asked it for its figures to mean something."""
        return self.asked >= MIN_ANSWERS

    @property
    def difficulty(self) -> float | None:
        """The share right (the difficulty index, 0-1), None with too few answers."""
        return self.right / self.asked if self.enough else None

    def as_dict(self) -> dict[str, Any]:
        """The figures as plain data, for JSON."""
        return {
            "bank": self.bank_id,
            "question": self.question_id,
            "text": self.text,
            "asked": self.asked,
            "blank": self.blank,
            "right": self.right,
            "difficulty": None if self.difficulty is None else round(self.difficulty, 4),
            "discrimination": (
                None if self.discrimination is None else round(self.discrimination, 4)
            ),
            "options": [
                {"text": o.text, "key": o.key, "picks": o.picks, "top_third_picks": o.top_picks}
                for o in self.options
            ],
            "open_disputes": self.disputes,
            "flags": list(self.flags),
        }


@dataclass(slots=True)
class _Tally:
    n: int = 0
    blank: int = 0
    right: int = 0
    sum_rest: float = 0.0
    sum_rest2: float = 0.0
    sum_right_rest: float = 0.0
    picks: dict[str, int] = field(default_factory=dict)
    top_picks: dict[str, int] = field(default_factory=dict)


def top_third_cut(session: Session) -> float:
    """The score share (0-1) an attempt needs to be in the top third of finished attempts."""
    share = cast(Attempt.correct, Float) / Attempt.questions
    finished = and_(col(Attempt.correct).is_not(None), col(Attempt.questions) > 0)
    count = session.exec(select(func.count()).select_from(Attempt).where(finished)).one()
    if not count:
        return 2.0  # nobody is in the top third of nothing
    rank = max(0, math.ceil(count / 3) - 1)
    cut = session.exec(
        select(share).where(finished).order_by(share.desc()).limit(1).offset(rank)
    ).one()
    return float(cut)


def grouped_query(bank_ids: Sequence[str], cut: float) -> Any:
    """The one aggregate behind item statistics (also timed bare by the benchmark)."""
    right = case((col(AnswerRow.correct).is_(True), 1), else_=0)
    rest = case(
        (
            col(Attempt.questions) > 1,
            cast(col(Attempt.correct) - right, Float) / (col(Attempt.questions) - 1),
        ),
        else_=0.0,
    )
    # The cut is written into the statement, so that the selected and the grouped CASE read
    # the same (PostgreSQL groups by an expression only when it is the very same text).
    threshold = bindparam("cut", cut, type_=Float, literal_execute=True)
    top = case(
        (cast(Attempt.correct, Float) / Attempt.questions >= threshold, literal_column("1")),
        else_=literal_column("0"),
    )
    keys = (
        col(AskedQuestionRow.bank_id),
        col(AskedQuestionRow.question_id),
        col(AskedQuestionRow.options),
        col(AnswerRow.selection),
        top,
    )
    return (
        select(
            *keys,
            func.count(),
            func.sum(right),
            func.sum(rest),
            func.sum(rest * rest),
            func.sum(right * rest),
        )
        .join(
            AnswerRow,
            same_position(),
        )
        .join(Attempt, col(Attempt.id) == col(AskedQuestionRow.attempt_id))
        .where(
            # `bank_id || ''`: no index on purpose. Reading asked questions in the order
            # they were written keeps the answer and attempt lookups beside each other;
            # walking the bank index instead jumps about the file (3-4x slower in SQLite).
            col(AskedQuestionRow.bank_id).concat("").in_(list(bank_ids)),
            col(AskedQuestionRow.type) != "essay",
            col(Attempt.correct).is_not(None),
            col(Attempt.questions) > 0,
        )
        .group_by(*keys)
    )


def tally_groups(rows: Iterable[Sequence[Any]]) -> dict[tuple[str, str], _Tally]:
    """Fold the grouped rows per question: counts, correlation sums, picks by option text."""
    tallies: dict[tuple[str, str], _Tally] = {}
    shown: dict[str, list[str]] = {}
    chosen: dict[str, list[int]] = {}
    for bank_id, question_id, options, selection, top, n, right, s_rest, s_rest2, s_xy in rows:
        tally = tallies.get((bank_id, question_id))
        if tally is None:
            tally = tallies[(bank_id, question_id)] = _Tally()
        tally.n += n
        tally.right += right or 0
        tally.sum_rest += s_rest or 0.0
        tally.sum_rest2 += s_rest2 or 0.0
        tally.sum_right_rest += s_xy or 0.0
        texts = shown.get(options)
        if texts is None:
            texts = shown[options] = [str(t).strip() for t in json.loads(options)]
        positions = chosen.get(selection)
        if positions is None:
            positions = chosen[selection] = json.loads(selection) if selection else []
        if not positions:
            tally.blank += n
        for position in positions:
            if 0 <= position < len(texts):
                text = texts[position]
                tally.picks[text] = tally.picks.get(text, 0) + n
                if top:
                    tally.top_picks[text] = tally.top_picks.get(text, 0) + n
    return tallies


def point_biserial(tally: _Tally) -> float | None:
    """The correlation of right (1) or wrong (0) with the rest of the attempt's score share."""
    n, sx, sy = tally.n, tally.right, tally.sum_rest
    spread_x = n * sx - sx * sx  # x is 0 or 1: the sum of squares is the sum
    spread_y = n * tally.sum_rest2 - sy * sy
    if n < 2 or spread_x <= 0 or spread_y <= 1e-12:
        return None
    return (n * tally.sum_right_rest - sx * sy) / math.sqrt(spread_x * spread_y)


def item_stats(
    session: Session, banks: Sequence[Bank], disputes: dict[tuple[str, str], int] | None = None
) -> list[ItemStat]:
    """Figures for every choice question of `banks`, in bank and file order."""
    cut = top_third_cut(session)
    rows = session.exec(grouped_query([b.id for b in banks], cut)).all()  # type: ignore[call-overload]
    tallies = tally_groups(rows)
    disputes = disputes or {}
    stats = []
    for bank in banks:
        for question in bank.questions:
            if question.type == "essay":
                continue
            key = (bank.id, question.id)
            stats.append(_item(bank.id, question, tallies.get(key, _Tally()), disputes.get(key, 0)))
    return stats


def _item(bank_id: str, question: Any, tally: _Tally, disputes: int) -> ItemStat:
    choices = [c.strip() for c in question.choices]
    keyed = {choices[i] for i in question.correct_indices}
    options = [
        OptionStat(text, text in keyed, tally.picks.get(text, 0), tally.top_picks.get(text, 0))
        for text in choices
    ]
    older = set(tally.picks) - set(choices)
    if older:  # picks of option texts the question no longer has
        options.append(
            OptionStat(
                "(options no longer in the question)",
                False,
                sum(tally.picks[t] for t in older),
                sum(tally.top_picks.get(t, 0) for t in older),
            )
        )
    discrimination = point_biserial(tally) if tally.n >= MIN_ANSWERS else None
    flags: list[str] = []
    if tally.n < MIN_ANSWERS:
        flags.append("too-few-answers")
    else:
        share = tally.right / tally.n
        if share > TOO_EASY:
            flags.append("too-easy")
        if share < TOO_HARD:
            flags.append("too-hard")
        current = options[: len(choices)]
        if any(not o.key and o.picks == 0 for o in current):
            flags.append("unused-distractor")
        if discrimination is not None and discrimination < 0:
            flags.append("negative-discrimination")
        keys_top = [o.top_picks for o in current if o.key]
        if keys_top and any(not o.key and o.top_picks > min(keys_top) for o in current):
            flags.append("possible-mis-key")
    if disputes:
        flags.append("disputed")
    return ItemStat(
        bank_id,
        question.id,
        question.text,
        tally.n,
        tally.blank,
        tally.right,
        discrimination,
        tuple(options),
        disputes,
        tuple(flags),
    )
