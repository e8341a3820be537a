"""Home's first view, read at launch in a process of its own, beside the import of Textual.

`po-exam` with no command starts this at launch. The read (po_exam/quick.py: the bank
cache through `marshal`, the database through the `sqlite3` driver, no ORM) imports and
runs about 45 ms of Python. In a thread, all of that would hold the interpreter lock the
main thread needs to import Textual and paint Home, and a forked child would make the
parent pay to copy every page it then writes. So it runs in a fresh interpreter (on the
other core) that sends the view back pickled through a pipe; the app only unpickles a few
small objects, whose classes live here and in modules the app loads anyway. Where no
interpreter can be started it runs in a thread.

When the view is ready by the time Home mounts, Home's first frame already lists the
banks and the last results; otherwise they follow as soon as it is. A slow disk or a
database locked by another process never holds up the first paint, and a failed read
only means the full load shows Home, as before.

This module imports only the standard library: it runs before anything else is loaded.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import threading
from collections.abc import Sequence
from concurrent.futures import Future
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

RECENT = 5
"""How many last results Home lists."""
MISTAKES_LIMIT = 50
"""The most mistakes due Home counts (a review takes at most this many)."""
CHILD_SECONDS = 30
"""A read still running after this long is ended: Home has long been loaded by then."""

if TYPE_CHECKING:
    from po_exam.banks.problems import Problem
    from po_exam.exam.clock import Clock
    from po_exam.store.summaries import HomeSummary


class BankHead(NamedTuple):
    """What Home lists of one bank file: its title and size, or why it is left out."""

    path: Path
    bank_id: str | None
    title: str
    questions: int
    first_error: Problem | None

    @property
    def ok(self) -> bool:
        """Whether the bank loads (it has no errors)."""
        return self.bank_id is not None and self.first_error is None


class HomeView(NamedTuple):
    """Home's first view: the banks as the cache lists them and the pending items and last
    results (each None when the quick read cannot tell: the full load does)."""

    heads: tuple[BankHead, ...] | None
    preview: HomeSummary | None


class Request(NamedTuple):
    """What to read: `quick.home_view`'s arguments, as they cross to the reading process."""

    url: str | None
    extra: tuple[Path, ...]
    now: datetime
    learner: str | None
    builtin: bool
    user: bool

    def read(self) -> HomeView:
        from po_exam import quick

        return quick.home_view(
            self.url,
            self.extra,
            now=self.now,
            recent=RECENT,
            mistakes_limit=MISTAKES_LIMIT,
            learner=self.learner,
            builtin=self.builtin,
            user=self.user,
        )


def read_home_early(
    url: str | None,
    extra: Sequence[Path] = (),
    *,
    learner: str | None = None,
    clock: Clock | None = None,
    builtin: bool = True,
    user: bool = True,
    process: bool = True,
) -> Future[HomeView]:
    """Start reading Home's first view (in a process of its own, or in a daemon thread
    with `process=False` or when no process can be started); the view's future, failed
    with the error when the read raised."""
    from po_exam.exam.clock import SYSTEM_CLOCK

    request = Request(url, tuple(extra), (clock or SYSTEM_CLOCK).now(), learner, builtin, user)
    future: Future[HomeView] = Future()
    # A frozen build's executable is the app itself, not an interpreter to run code with.
    if process and sys.executable and not getattr(sys, "frozen", False):
        try:
            _read_in_process(request, future)
            return future
        except OSError:  # no process to spare: read here
            pass
    _read_in_thread(request, future)
    return future


def _read_in_thread(request: Request, future: Future[HomeView]) -> None:
    def run() -> None:
        try:
            view = request.read()
        except BaseException as error:  # the app falls back on the full load
            future.set_exception(error)
            return
        future.set_result(view)

    # A daemon: a read held up by a locked file never keeps the app from exiting.
    threading.Thread(target=run, name="po-exam-early-read", daemon=True).start()


CHILD_CODE = "import po_exam.early as e; e.child_main()"
"""What the reading process runs (with the app's `sys.path`, see `_read_in_process`)."""


def _read_in_process(request: Request, future: Future[HomeView], code: str = CHILD_CODE) -> None:
    """Start the reading process; a daemon thread, blocked on its pipe (so holding no
    lock), collects the outcome. The process sees the app's `sys.path` and its
    environment, and never the terminal: its standard input and errors go nowhere."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    process = subprocess.Popen(
        # -S: no site packages to scan (the path above already holds them); -P: not the
        # working directory first, where another `po_exam` may sit; the request as hex on
        # the command line: nothing to write, nothing to block on.
        [sys.executable, "-S", "-P", "-c", code, pickle.dumps(request).hex()],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
    )

    def collect() -> None:
        assert process.stdout is not None
        with process.stdout:
            data = process.stdout.read()
        process.wait()
        try:
            ok, outcome = pickle.loads(data)
        except Exception as error:  # the process ended before writing all of it
            why = f"the early read ended ({process.returncode}) without a view: {error!r}"
            future.set_exception(RuntimeError(why))
            return
        if ok:
            future.set_result(outcome)
        else:
            future.set_exception(outcome)

    threading.Thread(target=collect, name="po-exam-early-read", daemon=True).start()


def child_main() -> None:
    """The reading process: read the request from the command line, write the pickled
    outcome, (True, view) or (False, error), to standard output."""
    import signal

    if hasattr(signal, "alarm"):  # never outlive the app for long (the pipe ends it too)
        signal.alarm(CHILD_SECONDS)
    try:
        request = pickle.loads(bytes.fromhex(sys.argv[1]))
        outcome: tuple[bool, object] = (True, request.read())
    except Exception as error:
        outcome = (False, error)
    try:
        data = pickle.dumps(outcome)
    except Exception as error:  # an error that does not pickle: say what it was
        data = pickle.dumps((False, RuntimeError(repr(error))))
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
