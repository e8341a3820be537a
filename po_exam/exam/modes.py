"""The exam modes and the settings of one attempt, checked before any question is drawn."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from po_exam.exam.pool import collect_pool

if TYPE_CHECKING:  # the models pull in pydantic, which the UI's first paint must not wait for
    from po_exam.banks.models import Bank

Feedback = Literal["end", "each"]

PRACTICE_QUESTIONS = 20
"""How many questions practice, review and custom ask when neither learner nor bank says."""

DEFAULT_PASS_MARK = 85


@dataclass(frozen=True)
class Mode:
    """A way to sit the exam: its fixed or default rules."""

    key: str
    title: str
    description: str
    questions: int | None
    minutes: int | None
    pass_mark: int
    feedback: Feedback
    simulation: bool
    short: str
    """The title for narrow columns."""
    certainty: bool = False
    """Whether the learner rates their certainty per answer unless they choose otherwise."""
    levels: tuple[str, ...] = ("pspo-i",)
    """The bank levels (`bank.level`) ticked by default; a simulation draws from these only."""
    also: tuple[str, ...] = ()
    """Further bank levels a simulation accepts when the learner ticks them."""
    essays: bool = False
    """Whether the attempt is written (essays, self-graded) rather than picked."""
    verdict: bool = True
    """Whether the result is pass or did not pass (a CSPO self-check has none)."""
    by_objective: bool = False
    """Whether the results report by learning-objective category."""
    meets_at: int = 60
    exceeds_at: int = 100
    """Self-grading thresholds: the weighted share of rubric points ticked (percent) from
    which an essay is proposed to meet, and to exceed, expectations."""


MODES: dict[str, Mode] = {
    mode.key: mode
    for mode in (
        Mode(
            "pspo1",
            "PSPO I simulation",
            "80 questions in 60 minutes, 85 % to pass, the score at the end.",
            80,
            60,
            85,
            "end",
            True,
            "PSPO I",
        ),
        Mode(
            "pspo2",
            "PSPO II style",
            "40 questions in 60 minutes, 85 % to pass, the score at the end.",
            40,
            60,
            85,
            "end",
            True,
            "PSPO II",
            levels=("pspo-ii",),
            also=("pspo-i",),
        ),
        Mode(
            "pst",
            "PST readiness",
            "80 questions in 60 minutes, 95 % to pass: the bar for trainer candidates.",
            80,
            60,
            95,
            "end",
            True,
            "PST",
        ),
        Mode(
            "practice",
            "Practice",
            "Chosen topics and count, untimed unless asked, explanation after each answer.",
            None,
            None,
            85,
            "each",
            False,
            "Practice",
            True,
        ),
        Mode(
            "review",
            "Review my mistakes",
            "Questions answered wrongly before, the weakest first.",
            None,
            None,
            85,
            "each",
            False,
            "Mistakes",
            True,
        ),
        Mode(
            "custom",
            "Custom",
            "Your count, time limit and pass mark.",
            None,
            None,
            85,
            "end",
            False,
            "Custom",
        ),
        Mode(
            "pspo3",
            "PSPO III style",
            "24 essays in 150 minutes, self-graded against model answers; 85 % must meet.",
            24,
            150,
            85,
            "end",
            True,
            "PSPO III",
            levels=("pspo-iii",),
            essays=True,
        ),
        Mode(
            "cspo",
            "CSPO self-check",
            "Check yourself by CSPO learning objective; untimed unless asked, no pass or fail.",
            None,
            None,
            85,
            "end",
            False,
            "CSPO",
            levels=("cspo",),
            verdict=False,
            by_objective=True,
        ),
    )
}


REAL_EXAM_PASS_MARK = MODES["pspo1"].pass_mark
"""The pass mark of the real PSPO I assessment, the line readiness is measured against."""


def mode_title(key: str, *, short: bool = False) -> str:
    """A mode's title (or its short title) by key; an unknown key (an older database) as is."""
    mode = MODES.get(key)
    if mode is None:
        return key
    return mode.short if short else mode.title


@dataclass(frozen=True)
class ExamSettings:
    """Everything needed to draw, time and grade one attempt (and to reproduce it)."""

    mode: str
    bank_ids: tuple[str, ...]
    questions: int
    minutes: int | None
    pass_mark: int
    topics: tuple[str, ...] | None
    seed: int
    feedback: Feedback
    certainty: bool = False
    """Whether certainty is rated per answer (it never changes the grade)."""


class ExamSetupError(ValueError):
    """The requested exam cannot be set up; the message is shown to the learner as is."""


def plan_exam(
    mode_key: str,
    banks: Sequence[Bank],
    *,
    questions: int | None = None,
    minutes: int | None = None,
    pass_mark: int | None = None,
    topics: Sequence[str] | None = None,
    seed: int | None = None,
    certainty: bool | None = None,
) -> ExamSettings:
    """Settle the settings of an attempt: the mode's rules, then the bank's defaults, checked."""
    mode = MODES.get(mode_key)
    if mode is None:
        raise ExamSetupError(f"Unknown mode {mode_key!r}; choose one of {', '.join(MODES)}.")
    if not banks:
        raise ExamSetupError("Choose at least one question bank.")
    if mode.simulation:
        _check_levels(mode, banks)
    if mode.simulation:
        # A simulation mirrors the real assessment: its rules are not negotiable.
        questions, minutes, pass_mark, topics = mode.questions, mode.minutes, mode.pass_mark, None
    else:
        defaults = _bank_defaults(banks)
        asked = questions
        questions = _first(questions, defaults.get("questions"), PRACTICE_QUESTIONS)
        if asked is None and mode.key != "review":
            # Left empty: the default number, or every question there is when there are fewer.
            available = len(collect_pool(banks, _check_topics(banks, topics)))
            questions = min(questions, available) or questions
        if minutes is None and mode.key == "custom":
            minutes = defaults.get("minutes")
        pass_mark = _first(pass_mark, defaults.get("pass_mark"), mode.pass_mark)
    assert questions is not None and pass_mark is not None
    chosen = _check_topics(banks, topics)
    _check_numbers(questions, minutes, pass_mark)
    if mode.key != "review":
        _check_pool(banks, chosen, questions, essays=mode.essays)
    return ExamSettings(
        mode=mode.key,
        bank_ids=tuple(bank.id for bank in banks),
        questions=questions,
        minutes=minutes,
        pass_mark=pass_mark,
        topics=chosen,
        seed=seed if seed is not None else random.SystemRandom().randrange(2**31),
        feedback=mode.feedback,
        certainty=mode.certainty if certainty is None else certainty,
    )


def _first(*choices: int | None) -> int:
    """The first choice that was made (an explicit 0 counts, and is then refused)."""
    return next(choice for choice in choices if choice is not None)


def bank_defaults(banks: Sequence[Bank]) -> dict[str, int]:
    """Each default (questions, minutes, pass_mark) from the first bank that sets it."""
    found: dict[str, int] = {}
    for bank in banks:
        if bank.bank.defaults is None:
            continue
        for name, value in bank.bank.defaults.model_dump(exclude_none=True).items():
            found.setdefault(name, value)
    return found


_bank_defaults = bank_defaults


def _check_topics(banks: Sequence[Bank], topics: Sequence[str] | None) -> tuple[str, ...] | None:
    if topics is None:
        return None
    if not topics:
        raise ExamSetupError("Choose at least one topic.")
    known = {topic for bank in banks for topic in bank.topics}
    unknown = [topic for topic in topics if topic not in known]
    if unknown:
        raise ExamSetupError(f"The selected banks have no topic {', '.join(unknown)}.")
    return tuple(dict.fromkeys(topics))


def _check_numbers(questions: int, minutes: int | None, pass_mark: int) -> None:
    if questions < 1:
        raise ExamSetupError("An exam needs at least one question.")
    if minutes is not None and minutes < 1:
        raise ExamSetupError("A time limit must be at least one minute.")
    if not 1 <= pass_mark <= 100:
        raise ExamSetupError("The pass mark must be between 1 and 100 %.")


def default_banks(mode: Mode, banks: Sequence[Bank]) -> list[Bank]:
    """The banks a mode draws from unless the learner chooses: those of its levels (else, when
    there is none, those of the levels it also accepts: PSPO II style on PSPO I banks)."""
    own = [bank for bank in banks if bank.bank.level in mode.levels]
    return own or [bank for bank in banks if bank.bank.level in mode.also]


def _check_levels(mode: Mode, banks: Sequence[Bank]) -> None:
    """A simulation draws only from banks of its step: no PSPO II or CSPO question in PSPO I."""
    accepted = (*mode.levels, *mode.also)
    other = [bank.title for bank in banks if bank.bank.level not in accepted]
    if other:
        steps = " or ".join(LEVEL_TITLES[level] for level in accepted)
        raise ExamSetupError(
            f"The {mode.title} draws only from {steps} banks; untick {', '.join(other)}."
        )


LEVEL_TITLES = {"pspo-i": "PSPO I", "pspo-ii": "PSPO II", "pspo-iii": "PSPO III", "cspo": "CSPO"}
"""Each bank level's name, as learners know the step."""


def _check_pool(
    banks: Sequence[Bank], topics: tuple[str, ...] | None, questions: int, *, essays: bool = False
) -> None:
    available = len(collect_pool(banks, topics, essays=essays))
    if available < questions:
        where = "on these topics" if topics is not None else "in all"
        raise ExamSetupError(
            f"The selected banks have {available} questions {where}; {questions} are needed."
        )


SIMULATION_MODES = tuple(key for key, mode in MODES.items() if mode.simulation)
"""The modes that mirror a real assessment: the only ones readiness counts."""
