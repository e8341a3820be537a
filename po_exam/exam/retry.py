"""The free retry: a failed simulation earns one more attempt within 14 days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from po_exam.exam.clock import as_utc
from po_exam.exam.modes import MODES

RETRY_VALID = timedelta(days=14)


def grants_retry(mode_key: str, passed: bool, is_retry: bool) -> bool:
    """Whether finishing an attempt so earns a free retry: a failed simulation, not a retry."""
    mode = MODES.get(mode_key)
    return mode is not None and mode.simulation and not passed and not is_retry


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
) -> RetryOffer | None:
    """The offer a finished attempt earns, or None when it earns none."""
    if not grants_retry(mode_key, passed, is_retry):
        return None
    return RetryOffer(attempt_id, retry_expires(finished_at), mode_key, bank_ids)
