"""How the app writes times, dates, scores and verdicts: words and symbols, never colour alone."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

RIGHT = "✓"
WRONG = "✗"
FLAG = "⚑"
UNANSWERED = "·"
INCOMPLETE = "~"
"""A multiple-answer question with fewer options chosen than it asks for."""
CHOSEN = "•"
"""Practice: an answer chosen but not checked yet (✓ and ✗ there mean right and wrong)."""
UNSAVED = "!"
"""A choice the database has not accepted yet."""
LETTERS = "ABCDEFGH"
CERTAINTY_MARKS = {1: "◔", 2: "◑", 3: "●"}
"""Low, medium and high certainty in the navigator."""


def clock_text(left: timedelta) -> str:
    """A countdown reading in minutes and seconds, as exam timers show it: `59:07`, `90:00`."""
    minutes, seconds = divmod(max(0, int(left.total_seconds())), 60)
    return f"{minutes:02d}:{seconds:02d}"


def duration_text(seconds: int | None) -> str:
    """Time used, in minutes and seconds: `41 min 05 s`."""
    if seconds is None:
        return "—"
    minutes, seconds = divmod(max(0, seconds), 60)
    return f"{minutes} min {seconds:02d} s"


def minutes_text(seconds: int | None) -> str:
    """Time used, compact: `41:05`."""
    if seconds is None:
        return "—"
    return clock_text(timedelta(seconds=seconds))


def date_text(moment: datetime | None) -> str:
    """A moment in the learner's local time: `2026-03-02 10:15`."""
    if moment is None:
        return "—"
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def percent_text(percent: float | None) -> str:
    """A score in per cent, cut (never rounded up) to one decimal: 5/8 is `62.5 %`, 67/80 is
    `83.7 %` (83.75), 68/80 is `85 %`; so a score shown as reaching the pass mark reached it."""
    if percent is None:
        return "—"
    tenths = math.floor(percent * 10 + 1e-6)  # 1e-6: 57/100 computes as 56.999…
    whole, tenth = divmod(tenths, 10)
    return f"{whole} %" if tenth == 0 else f"{whole}.{tenth} %"


def verdict_text(
    passed: bool | None, *, abandoned: bool = False, ungraded: int | None = None, mode: str = ""
) -> str:
    """PASS / FAIL with a symbol, so the verdict does not depend on colour; an attempt with
    essays left to self-grade says so, and a self-check (no verdict) says that."""
    from po_exam.exam.modes import MODES

    if abandoned:
        return "abandoned"
    if ungraded:
        return f"{ungraded} to grade"
    found = MODES.get(mode)
    if found is not None and not found.verdict and passed is not None:
        return "self-check"
    if passed is None:
        return "unfinished"
    return f"{RIGHT} PASS" if passed else f"{WRONG} FAIL"


def letters(selection: frozenset[int]) -> str:
    """Option positions as letters: `A, C`; `none` when empty."""
    return ", ".join(LETTERS[i] for i in sorted(selection)) or "none"


def plural(count: int, word: str) -> str:
    """`1 question`, `2 questions`."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
