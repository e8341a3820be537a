"""The po-exam Textual app: paints at once, then opens the store and finds banks in workers."""

from __future__ import annotations

import errno
import threading
from collections.abc import Iterable, Sequence
from concurrent.futures import Future
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.geometry import Size
from textual.reactive import var
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from po_exam.exam.clock import SYSTEM_CLOCK, Clock
from po_exam.text import printable
from po_exam.ui.glyphs import in_browser, use_browser_glyphs
from po_exam.ui.screens.home import HomeScreen
from po_exam.ui.settings import PASSPORT_SETTING, load_settings, save_setting

if TYPE_CHECKING:  # the models pull in pydantic: not on the way to the first paint
    from po_exam.attempts import Attempts, HomeSummary, LiveAttempt
    from po_exam.banks.models import Bank
    from po_exam.banks.problems import LoadResult
    from po_exam.exam.versions import CurrentVersions
    from po_exam.quick import BankHead, HomeView, StoreOnTheWay
    from po_exam.store.db import Store

MIN_WIDTH, MIN_HEIGHT = 80, 24
STORE_HOLD_S = 2.0
"""The longest the store waits to open while the learner sets up and starts an exam."""
TERMINAL_CHECK_S = 2.0
"""How often the app checks that its terminal is still there (`_watch_terminal`)."""


class PoExamApp(App[None]):
    """Practise for the PSPO I assessment: simulations, practice, results and history."""

    TITLE = "po-exam"
    SUB_TITLE = "Product Owner exam practice"
    CSS_PATH = ["app.tcss", "screens/home.tcss"]
    """Home's styles are read with the app's: the first screen then needs no second parse."""
    BINDINGS = [
        Binding("f1", "help", "Help", key_display="F1"),
        Binding("question_mark", "help", "Help", show=False),
        Binding("ctrl+t", "class_report", "Class report", show=False),
    ]

    store: var[Store | None] = var(None)
    """The attempt database, once its worker has opened it."""
    attempts: var[Attempts | None] = var(None)
    """The owner of every attempt, on `store`: the screens start, take and read attempts here."""
    bank_results: var[tuple[LoadResult, ...] | None] = var(None)
    """Every bank file found (loaded or not), once discovery has finished."""
    store_error: var[str | None] = var(None)
    """Why the database could not be opened, shown instead of a traceback."""
    bank_heads: var[tuple[BankHead, ...] | None] = var(None)
    """The banks as the cache lists them, read before the full load (None: not read, or
    the cache could not tell; `bank_results` follows and supersedes them)."""
    home_preview: var[HomeSummary | None] = var(None)
    """Home's pending items and last results read through the driver before the store
    opens (None: not read, or not readable that way); `attempts.home()` supersedes it."""

    def __init__(
        self,
        db_url: str | None = None,
        bank_paths: Sequence[Path] = (),
        *,
        clock: Clock = SYSTEM_CLOCK,
        builtin_banks: bool = True,
        user_banks: bool = True,
        seed: int | None = None,
        learner: str | None = None,
        early: Future[HomeView] | None = None,
    ) -> None:
        if in_browser():
            use_browser_glyphs()
        super().__init__()
        self.db_url = db_url
        self.learner = learner
        """Who is practising (--learner / PO_EXAM_LEARNER); None: the default, or ask."""
        self.bank_paths = tuple(bank_paths)
        self.clock = clock
        self.builtin_banks = builtin_banks
        self.user_banks = user_banks
        self.seed = seed
        """A fixed draw seed (tests and demos); None draws a fresh one each time."""
        self._early = early
        """Home's first view, read since launch (po_exam/early.py); None: read it here."""
        self._early_shown = False
        """Whether Home's first frame showed that view (then the full load follows at once)."""
        self._on_the_way: tuple[StoreOnTheWay, Attempts] | None = None
        """What starts an exam before the store is open, once asked for (`early_attempts`)."""
        self._store_outcome: tuple[Store | None, str] | None = None
        """The store as its worker opened it, or why not (None: still opening). Set in that
        worker, so a stand-in is settled even if the app is closing meanwhile."""
        self._outcome_lock = threading.Lock()
        self._store_may_open = threading.Event()
        """Clear while the learner is on the way into an exam before the store opened
        (`hold_store`): opening it then imports the ORM, which would slow the setup and the
        first question as both want the interpreter lock; the exam starts without it."""
        self._store_may_open.set()
        saved_theme = load_settings().get("theme")
        if isinstance(saved_theme, str) and saved_theme in self.available_themes:
            self.theme = saved_theme

    def get_default_screen(self) -> Screen:
        """Home, at the bottom of the stack. As the default screen (rather than a mode) it
        is mounted without re-parsing and re-applying every style first: less work before
        the first paint."""
        return HomeScreen()

    def watch_theme(self, theme: str) -> None:
        """Keep the theme the learner picked for the next run."""
        if self.is_running:
            save_setting("theme", theme)

    def on_mount(self) -> None:
        # Start the slow work only once the home screen is on the terminal.
        self.call_after_refresh(self._start_loading)
        self.call_after_refresh(self._check_size)
        self._watch_terminal()

    def _watch_terminal(self) -> None:
        """Quit once the terminal has gone away without a hang-up signal (a terminal
        emulator that died, a pty closed under a process in a session of its own): Textual's
        input thread would otherwise spin on the closed terminal at full CPU for ever.
        Every answer is on disk already. Only for a real terminal (not headless, not the
        browser)."""
        try:
            from textual.drivers.linux_driver import LinuxDriver
        except ImportError:  # not a POSIX system
            return
        driver = self._driver
        if not isinstance(driver, LinuxDriver) or not driver.input_tty:
            return
        import termios

        descriptor = driver.fileno

        def check() -> None:
            try:
                termios.tcgetattr(descriptor)
            except (termios.error, OSError) as error:
                if error.args and error.args[0] in (errno.EIO, errno.EBADF, errno.ENXIO):
                    self.exit()

        self.set_interval(TERMINAL_CHECK_S, check, name="terminal gone?")

    def show_early_view(self) -> None:
        """Take Home's first view from the read started at launch, if it has finished:
        called as Home mounts, so that its first frame lists the banks and last results."""
        early = self._early
        if early is not None and early.done() and early.exception() is None:
            self._early = None
            view = early.result()
            self.bank_heads, self.home_preview = view.heads, view.preview
            self._early_shown = True

    def _start_loading(self) -> None:
        if self._early_shown:
            self._load_everything()
        else:
            self._read_quickly()

    @work(thread=True, group="startup", exit_on_error=False)
    def _read_quickly(self) -> None:
        """What Home needs, without the ORM or pydantic (po_exam/quick.py): from the read
        started at launch, or read now; then the rest."""
        heads: tuple[BankHead, ...] | None = None
        preview: HomeSummary | None = None
        try:
            from po_exam.early import MISTAKES_LIMIT, RECENT
            from po_exam.paths import learner_name
            from po_exam.quick import home_view

            if self._early is not None:
                if self._early.exception() is not None:  # waits for it; the full load tells
                    return
                view = self._early.result()
            else:
                view = home_view(
                    self.db_url,
                    self.bank_paths,
                    now=self.clock.now(),
                    recent=RECENT,
                    mistakes_limit=MISTAKES_LIMIT,
                    learner=learner_name(self.learner),
                    builtin=self.builtin_banks,
                    user=self.user_banks,
                )
            heads, preview = view.heads, view.preview
        finally:  # whatever the quick read found, the full load follows once it is shown
            self.call_from_thread(self._show_quick_read, heads, preview)

    def _show_quick_read(
        self, heads: tuple[BankHead, ...] | None, preview: HomeSummary | None
    ) -> None:
        self.bank_heads, self.home_preview = heads, preview
        self.call_after_refresh(self._load_everything)

    def _load_everything(self) -> None:
        self._check_database()
        self._load()

    @work(thread=True, group="startup", exit_on_error=False)
    def _check_database(self) -> None:
        """SQLite's integrity check of the database file, in C code without the GIL: on the
        second core while the banks load and the ORM is imported, so that opening the store
        finds its verdict ready (po_exam/store/integrity.py)."""
        from po_exam.quick import check_integrity

        check_integrity(self.db_url)

    @work(thread=True, group="startup", exit_on_error=False)
    def _load(self) -> None:
        """The banks first (setting up an exam needs them), then the database: one after
        the other, as both are mostly Python holding the GIL, so the banks are ready at
        about half the time they took side by side."""
        try:
            self._find_banks()
        finally:
            self._store_may_open.wait(STORE_HOLD_S)
            self._open_store()

    def _open_store(self) -> None:
        """Open the database (SQLAlchemy is imported here, after the first paint)."""
        try:
            from po_exam.attempts import Attempts  # noqa: F401 - a broken install shows here
            from po_exam.store.db import StoreError, open_store
        except Exception as error:  # a broken install must not look like a crash
            self._settle_stand_in(None, f"The database layer is missing: {error}")
            self.call_from_thread(self._store_failed, f"The database layer is missing: {error}")
            return
        try:
            store = open_store(self.db_url, clock=self.clock, learner=self.learner)
            names = [learner.name for learner in store.learners()] if store.learner is None else []
        except StoreError as error:
            self._settle_stand_in(None, str(error))
            self.call_from_thread(self._store_failed, str(error))
        except Exception as error:
            self._settle_stand_in(None, f"{type(error).__name__}: {error}")
            self.call_from_thread(self._store_failed, f"{type(error).__name__}: {error}")
        else:
            if store.learner is None:  # a shared database: ask who is practising
                self.call_from_thread(self._ask_learner, store, names)
            else:
                self._settle_stand_in(store, "")
                self.call_from_thread(self._store_opened, store, self._attempts_on(store))

    def _settle_stand_in(self, store: Store | None, why: str) -> None:
        """Hand the opened store (or why it failed) to a stand-in an exam started on, from
        the worker itself: its waiting writes must never outlive the app."""
        with self._outcome_lock:
            self._store_outcome = (store, why)
            stand_in = self._on_the_way[0] if self._on_the_way is not None else None
        if stand_in is not None:
            if store is not None:
                stand_in.opened(store)
            else:
                stand_in.failed(why)

    def _attempts_on(self, store: Store) -> Attempts:
        """The attempt service on `store`, aimed at the learner's exam day if they set one."""
        from po_exam.attempts import Attempts
        from po_exam.ui.settings import load_exam_day

        attempts = Attempts(store, self.clock, passport=saved_passport())
        # Each learner's own exam day; a personal database keeps the one set before learners.
        personal = not store.shared and store.learner is not None
        attempts.load_exam_day(load_exam_day() if personal else None)
        return attempts

    def _ask_learner(self, store: Store, names: list[str]) -> None:
        from po_exam.ui.screens.learner import LearnerScreen

        def chosen(name: str | None) -> None:
            if name is None:
                self.exit()
            else:
                self._use_learner(store, name)

        self.push_screen(LearnerScreen(names), chosen)

    @work(thread=True, group="startup", exit_on_error=False)
    def _use_learner(self, store: Store, name: str) -> None:
        """Make or find the learner on the database, then let the screens use the store."""
        from po_exam.store.db import StoreError

        try:
            store.use_learner(name)
        except StoreError as error:
            self.call_from_thread(
                self.notify, str(error), title="Learner", severity="error", markup=False
            )
            names = [learner.name for learner in store.learners()]
            self.call_from_thread(self._ask_learner, store, names)
            return
        self.call_from_thread(self._store_opened, store, self._attempts_on(store))

    def _find_banks(self) -> None:
        """Load the built-in, user and `--bank` banks (YAML parsing happens here)."""
        from po_exam.banks.discovery import discover_banks

        results: tuple[LoadResult, ...] = ()
        try:
            results = tuple(
                discover_banks(self.bank_paths, builtin=self.builtin_banks, user=self.user_banks)
            )
        finally:  # even when discovery fails (the worker reports why), stop "Looking for banks"
            self.call_from_thread(setattr, self, "bank_results", results)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.report_failed_worker(event)

    def report_failed_worker(self, event: Worker.StateChanged) -> None:
        """Tell the learner a background read failed; the app carries on (no traceback)."""
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            error = event.worker.error
            self.notify(
                printable(str(error) or type(error).__name__),
                title="Could not load",
                severity="error",
                timeout=20,
                markup=False,  # an exception's text may hold a path with [brackets]
            )

    def hold_store(self) -> None:
        """Let the store wait (at most `STORE_HOLD_S`) while an exam is being set up and
        started before it opened; `release_store` ends the wait."""
        if self.attempts is None and not self.store_error:
            self._store_may_open.clear()

    def release_store(self) -> None:
        """The exam shows, or will wait for the store, or the setup was left: open it now."""
        self._store_may_open.set()

    def early_attempts(self) -> Attempts | None:
        """While the store is still opening: an attempt service that starts an exam at once
        on the learner's own SQLite file (po_exam/quick.py's `StoreOnTheWay`), its answers
        then written by the store as soon as it is open; None once the store is open or
        failed, or on a database the quick read could not read (a shared one, an upgrade
        due, another learner): the store decides those."""
        if self.attempts is not None or self.store_error or self.home_preview is None:
            return None
        with self._outcome_lock:
            if self._store_outcome is not None:
                return None  # opened or failed: the app is about to hear which
            if self._on_the_way is None:
                from po_exam.attempts import Attempts
                from po_exam.quick import StoreOnTheWay

                passport = saved_passport()
                stand_in = StoreOnTheWay(self.db_url, passport=passport)
                service = Attempts(stand_in, self.clock, passport=passport)  # type: ignore[arg-type] - it forwards to one
                self._on_the_way = (stand_in, service)
            return self._on_the_way[1]

    def _store_opened(self, store: Store, attempts: Attempts) -> None:
        self.store = store
        self.attempts = attempts
        if store.learner is not None and (store.shared or store.learner.name != "default"):
            self.sub_title = f"{self.SUB_TITLE} · {store.learner.name}"

    def _store_failed(self, message: str) -> None:
        from po_exam.ui.screens.store_error import StoreErrorScreen

        self.store_error = message
        self.push_screen(StoreErrorScreen(message))

    @property
    def banks(self) -> list[Bank]:
        """The banks that loaded without errors, in discovery order."""
        return [r.bank for r in self.bank_results or () if r.ok and r.bank is not None]

    @property
    def versions(self) -> CurrentVersions:
        """The loaded questions' current versions: built once per set of loaded banks, each
        question hashed only when a debrief or history first asks about it."""
        from po_exam.exam.versions import CurrentVersions

        results = self.bank_results
        cached = getattr(self, "_versions", None)
        if cached is None or cached[0] is not results:
            cached = (results, CurrentVersions(self.banks))
            self._versions = cached
        return cached[1]

    def open_exam(self, live: LiveAttempt) -> None:
        """Show the exam screen on `live`, above the home screen only."""
        from po_exam.ui.screens.exam import ExamScreen

        self.go_home()
        self.push_screen(ExamScreen(live))

    async def action_quit(self) -> None:
        """Quit; during an exam, ask first (the exam stays saved and can be continued)."""
        from po_exam.ui.screens.confirm import ConfirmScreen
        from po_exam.ui.screens.exam import ExamScreen

        exams = [screen for screen in self.screen_stack if isinstance(screen, ExamScreen)]
        if not exams:
            self.exit()
            return

        def quit_(yes: bool | None) -> None:
            if yes:
                self.exit()

        question = (
            "Quit po-exam? Your answers are saved; continue the exam from Home next time."
            + exams[0].unsaved_warning()
        )
        await self.push_screen(ConfirmScreen(question, yes="Quit", no="Stay"), quit_)

    def set_passport(self, when: date | None) -> None:
        """Record the passport date (None clears it) for the retry rule, and remember it."""
        if self.attempts is not None:
            self.attempts.passport = when
        save_setting(PASSPORT_SETTING, when.isoformat() if when else None)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette (Ctrl+P): the app's own commands first, then Textual's (theme, keys…)."""
        from po_exam.exam.modes import MODES

        for mode in MODES.values():
            yield SystemCommand(
                f"Start: {mode.title}", mode.description, partial(self.command_setup, mode.key)
            )
        yield SystemCommand(
            "History", "Every past attempt, your progress and topics", self.command_history
        )
        yield SystemCommand(
            "Set exam date",
            "The day of your real exam: Home counts down and review is aimed at it",
            self.command_exam_day,
        )
        yield SystemCommand(
            "Export history to CSV",
            "Write every attempt to a CSV file in the data folder (as po-exam export does)",
            self.command_export,
        )
        yield from super().get_system_commands(screen)

    def _exam_open(self) -> bool:
        from po_exam.ui.screens.exam import ExamScreen

        if any(isinstance(screen, ExamScreen) for screen in self.screen_stack):
            self.notify("Leave the exam first (q): it stays saved.", severity="warning")
            return True
        return False

    def command_setup(self, mode: str) -> None:
        """Open the setup of `mode` from anywhere but an exam."""
        if self._exam_open():
            return
        self.go_home()
        home = self.screen_stack[0]
        if isinstance(home, HomeScreen):
            home.open_setup(mode)

    def command_history(self) -> None:
        """Open History from anywhere but an exam."""
        if self._exam_open():
            return
        self.go_home()
        home = self.screen_stack[0]
        if isinstance(home, HomeScreen):
            home.action_history()

    def command_exam_day(self) -> None:
        """Open the exam-day dialog from anywhere but an exam."""
        if self._exam_open():
            return
        self.go_home()
        home = self.screen_stack[0]
        if isinstance(home, HomeScreen):
            home.action_exam_day()

    def command_export(self) -> None:
        """Write the history as CSV in the data folder, off the UI thread."""
        if self.attempts is None:
            self.notify(self.store_error or "The history is still opening.", markup=False)
            return
        self._export(self.attempts)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def _export(self, attempts: Attempts) -> None:
        from po_exam.paths import user_data_dir

        stamp = self.clock.now().astimezone().strftime("%Y%m%d-%H%M%S")
        path = user_data_dir() / f"po-exam-history-{stamp}.csv"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            count = attempts.export_csv(path)
        except OSError as error:
            self.call_from_thread(
                self.notify,
                printable(f"Cannot write {path}: {error.strerror or error}"),
                title="Not exported",
                severity="error",
                markup=False,
            )
            return
        self.call_from_thread(
            self.notify,
            printable(f"{count} attempt{'s' if count != 1 else ''} written to {path}"),
            title="History exported",
            timeout=15,
            markup=False,
        )

    def go_home(self) -> None:
        """Close every screen above the home screen."""
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def action_class_report(self) -> None:
        """Show the trainer's report over every learner on the database."""
        from po_exam.ui.screens.classroom import ClassReportScreen

        if self.attempts is not None and not isinstance(self.screen, ClassReportScreen):
            self.push_screen(ClassReportScreen())

    def action_help(self) -> None:
        """Show every key binding."""
        from po_exam.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(type(self.screen)))

    def on_resize(self, event: events.Resize) -> None:
        self._check_size(event.size)

    def _check_size(self, size: Size | None = None) -> None:
        from po_exam.ui.screens.too_small import TooSmallScreen

        size = size or self.size
        small = size.width < MIN_WIDTH or size.height < MIN_HEIGHT
        showing = isinstance(self.screen, TooSmallScreen)
        if small and not showing:
            self.push_screen(TooSmallScreen())
        elif not small and showing:
            self.pop_screen()


def saved_passport() -> date | None:
    """The passport date kept in the settings; None when unset or unreadable."""
    raw = load_settings().get(PASSPORT_SETTING)
    try:
        return date.fromisoformat(raw) if isinstance(raw, str) else None
    except ValueError:
        return None


def run_app(
    db_url: str | None,
    bank_paths: Sequence[Path],
    learner: str | None = None,
    early: Future[HomeView] | None = None,
) -> None:
    """Open the app on the database at `db_url` with the extra banks `bank_paths`; `early`
    is Home's first view if its read was started at launch (po_exam/early.py)."""
    app = PoExamApp(db_url, bank_paths, learner=learner, early=early)
    try:
        app.run()
    finally:
        if app.store is not None:
            app.store.close()
    if app.return_code:  # a crash (Textual printed it) must not look like success
        raise SystemExit(app.return_code)
