"""Time as the exam sees it: a wall clock for dates and a monotonic clock for countdowns."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Where the exam reads the time from (injected so tests control it)."""

    def now(self) -> datetime:
        """The current wall-clock time, timezone-aware UTC."""
        ...

    def monotonic(self) -> float:
        """Seconds on a clock that never jumps (for the countdown)."""
        ...


class SystemClock:
    """The real clocks of this machine."""

    def now(self) -> datetime:
        """The current wall-clock time, timezone-aware UTC."""
        return datetime.now(UTC)

    def monotonic(self) -> float:
        """Seconds on the system's monotonic clock."""
        return time.monotonic()


SYSTEM_CLOCK: Clock = SystemClock()


class FakeClock:
    """A clock that moves only when told to: for tests and replays."""

    def __init__(self, now: datetime, monotonic: float = 1000.0) -> None:
        if now.tzinfo is None:
            raise ValueError("FakeClock needs a timezone-aware datetime")
        self._now = now.astimezone(UTC)
        self._monotonic = monotonic

    def now(self) -> datetime:
        """The fake wall-clock time."""
        return self._now

    def monotonic(self) -> float:
        """The fake monotonic reading."""
        return self._monotonic

    def advance(self, seconds: float) -> None:
        """Let `seconds` pass on both clocks."""
        self._now += timedelta(seconds=seconds)
        self._monotonic += seconds

    def set_wall(self, now: datetime) -> None:
        """Move only the wall clock, as a user changing the system time would."""
        self._now = now.astimezone(UTC)


def as_utc(moment: datetime) -> datetime:
    """`moment` as timezone-aware UTC (naive values are taken to be UTC already)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
