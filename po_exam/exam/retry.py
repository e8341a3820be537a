"""The free retry: a failed simulation earns one more attempt within 14 days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from po_exam.exam.clock import as_utc
from po_exam.exam.modes import MODES

RETRY_VALID = timedelta(days=14)
PASSPORT_WINDOW_DAYS = 14
"""PSPO class participants who attempt PSPO I within 14 days of receiving their free passport
and do not score 85 % get a second attempt at no additional cost."""
PASSPORT_MODES = ("pspo1",)
"""The simulations the passport rule applies to: the PSPO I assessment's."""


def in_passport_window(started_at: datetime, passport: date) -> bool:
    """Whether an attempt started at `started_at` lies within 14 days of receiving the passport
    (day 0 is the day it was received; day 14 is the last day in the window)."""
    return 0 <= (as_utc(started_at).date() - passport).days <= PASSPORT_WINDOW_DAYS


def passport_days_left(passport: date, now: datetime) -> int:
    """Whole days still in the passport window after today (0 on its last day or once closed);
    -1 once it has closed."""
    left = PASSPORT_WINDOW_DAYS - (as_utc(now).date() - passport).days
    return max(-1, min(left, PASSPORT_WINDOW_DAYS))


def grants_retry(
    mode_key: str,
    passed: bool,
    is_retry: bool,
    *,
    started_at: datetime | None = None,
    passport: date | None = None,
) -> bool:
    """Whether finishing an attempt so earns a free retry: a failed simulation, not a retry.

    With a passport date, a PSPO I simulation earns it only when started within 14 days of
    receiving the passport, as the real rule says; without one, every failed simulation does.
    """
    mode = MODES.get(mode_key)
    if mode is None or not mode.simulation or passed or is_retry:
        return False
    if passport is None or mode_key not in PASSPORT_MODES or started_at is None:
        return True
    return in_passport_window(started_at, passport)


def was_the_retry(mode_key: str, passed: bool, is_retry: bool) -> bool:
    """Whether a failed simulation was itself the free retry, so it earns no further one."""
    mode = MODES.get(mode_key)
    return mode is not None and mode.simulation and not passed and is_retry


def retry_expires(finished_at: datetime) -> datetime:
    """When the retry earned by an attempt finished at `finished_at` lapses."""
    return as_utc(finished_at) + RETRY_VALID


@dataclass(frozen=True, slots=True)
class RetryOffer:
    """A free retry waiting to be taken: which attempt earned it and until when."""

    attempt_id: int
    expires_at: datetime
    mode: str = "pspo1"
    bank_ids: tuple[str, ...] = ()

    def valid(self, now: datetime) -> bool:
        """Whether the retry can still be taken at `now`."""
        return as_utc(now) < self.expires_at

    def days_left(self, now: datetime) -> int:
        """Whole days left, counting a started day (0 once expired)."""
        left = self.expires_at - as_utc(now)
        if left <= timedelta(0):
            return 0
        return -(-left // timedelta(days=1))


def retry_offer(
    attempt_id: int,
    mode_key: str,
    passed: bool,
    is_retry: bool,
    finished_at: datetime,
    bank_ids: tuple[str, ...] = (),
    *,
    started_at: datetime | None = None,
    passport: date | None = None,
) -> RetryOffer | None:
    """The offer a finished attempt earns, or None when it earns none."""
    if not grants_retry(mode_key, passed, is_retry, started_at=started_at, passport=passport):
        return None
    return RetryOffer(attempt_id, retry_expires(finished_at), mode_key, bank_ids)
