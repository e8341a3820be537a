"""Home's first view, read in a thread started before Textual is imported.

`po-exam` with no command starts this at launch. The thread reads the bank cache and
the database (po_exam/quick.py: `marshal` and the `sqlite3` driver, no ORM, about 30 ms
of work) while the main thread imports Textual and builds the app. When the view is
ready by the time Home mounts, Home's first frame already lists the banks and the last
results; otherwise they follow as soon as it is. A slow disk or a database locked by
another process never holds up the first paint.

This module imports only the standard library: it runs before anything else is loaded.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING

RECENT = 5
"""How many last results Home lists."""
MISTAKES_LIMIT = 50
"""The most mistakes due Home counts (a review takes at most this many)."""

if TYPE_CHECKING:
    from po_exam.exam.clock import Clock
    from po_exam.quick import HomeView


def read_home_early(
    url: str | None,
    extra: Sequence[Path] = (),
    *,
    learner: str | None = None,
    clock: Clock | None = None,
    builtin: bool = True,
    user: bool = True,
) -> Future[HomeView]:
    """Start reading Home's first view in a daemon thread; the view's future, failed with
    the error when the read raised."""
    future: Future[HomeView] = Future()

    def read() -> None:
        try:
            from po_exam import quick
            from po_exam.exam.clock import SYSTEM_CLOCK

            now = (clock or SYSTEM_CLOCK).now()
            view = quick.home_view(
                url,
                extra,
                now=now,
                recent=RECENT,
                mistakes_limit=MISTAKES_LIMIT,
                learner=learner,
                builtin=builtin,
                user=user,
            )
        except BaseException as error:  # the app falls back on the full load
            future.set_exception(error)
            return
        future.set_result(view)

    # A daemon: a read held up by a locked file never keeps the app from exiting.
    threading.Thread(target=read, name="po-exam-early-read", daemon=True).start()
    return future
