"""Home: the banks found (and their problems), the modes, what is pending, the last results."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from po_exam.early import MISTAKES_LIMIT, RECENT
from po_exam.exam.modes import MODES, ExamSetupError, mode_title
from po_exam.ui.formatting import clock_text, date_text, percent_text, plural, verdict_text
from po_exam.ui.screens.base import AppScreen
from po_exam.ui.widgets.footer import Footer

if TYPE_CHECKING:
    from po_exam.attempts import Attempts, HomeSummary
    from po_exam.banks.problems import LoadResult, Problem
    from po_exam.exam.retry import RetryOffer
    from po_exam.store.models import AttemptSummary
    from po_exam.store.review import ExamPlan


class HomeScreen(AppScreen):
    """Where every session starts: pick a mode, resume, take a retry, look back."""

    CSS_PATH = "home.tcss"
    AUTO_FOCUS = "#modes"
    """The mode list, at once: the default would first focus the scrolling page (restyling
    all of it) and then the list."""
    BINDINGS = [
        Binding("enter", "start_mode", "Choose mode", show=False),
        Binding("c", "resume", "Continue exam"),
        Binding("x", "abandon", "Abandon exam"),
        Binding("r", "retry", "Free retry"),
        Binding("m", "mistakes", "Mistakes"),
        Binding("e", "exam_day", "Exam day", tooltip="Set the day of your real exam"),
        Binding("h", "history", "History"),
        Binding("p", "passport", "Passport"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.summary: HomeSummary | None = None
        self._full_summary = False
        """Whether `summary` came from the store (not the quick preview read before it)."""
        self._waiting: tuple[Callable[[], None], bool] | None = None
        """What the learner asked for before everything loaded: done once it has."""
        self._resumed = False
        """Whether the screen has been shown before (its first showing follows its mount)."""

    def compose(self) -> ComposeResult:
        yield Header()
        # The screen itself scrolls a long page: a scrolling container of its own would
        # cost Home's first paint an extra layout pass (about 25 ms on the benchmark).
        with Vertical(id="home"):
            # The banks and their problems first: a long Last results list never hides them.
            yield Static("Looking for question banks…", id="banks")
            yield Static(id="notices")
            with Horizontal(id="columns"):
                with Vertical(id="start"):
                    yield Static("Start", classes="heading")
                    yield OptionList(
                        *(Option(mode.title, mode.key) for mode in MODES.values()), id="modes"
                    )
                    yield Static(id="mode-about")
                with Vertical(id="status"):
                    yield Static("Opening your history…", id="pending")
                    yield Static("Last results", classes="heading")
                    yield Static(id="recent")
        yield Footer()

    def on_mount(self) -> None:
        self.app.show_early_view()  # before the watchers: they show it in the first frame
        self.watch(self.app, "bank_heads", self._show_bank_heads)
        self.watch(self.app, "home_preview", self._show_preview)
        self.watch(self.app, "bank_results", self._show_banks)
        self.watch(self.app, "attempts", self._refresh_summary)
        self.watch(self.app, "store_error", self._show_store_error)

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        if not self._resumed:
            # Shown for the first time, just after every widget was styled as it mounted:
            # styling them all again would only delay the first paint.
            self._resumed = True
            event.refresh_styles = False
        self._refresh_summary()

    def _show_bank_heads(self) -> None:
        heads = self.app.bank_heads
        if heads is None or self.app.bank_results is not None:
            return
        loaded = [(head.title, head.questions) for head in heads if head.ok]
        self._list_banks(loaded, [head.first_error for head in heads if not head.ok])
        self._run_waiting()

    def _show_banks(self) -> None:
        results = self.app.bank_results
        if results is None:
            return
        loaded = [(r.bank.title, len(r.bank.questions)) for r in results if r.ok and r.bank]
        errors = [result.first_error for result in results if not result.ok]
        self._list_banks(loaded, errors, repeated_text_notices(results))
        self._run_waiting()

    def _list_banks(
        self,
        loaded: list[tuple[str, int]],
        errors: list[Problem | None],
        repeated: list[str] = (),  # type: ignore[assignment]
    ) -> None:
        if loaded:
            lines = [f"{title} ({plural(count, 'question')})" for title, count in loaded]
            text = Text.assemble(("Banks: ", "bold"), "; ".join(lines))
        else:
            text = Text("No question bank could be loaded: add one with --bank FILE.", "bold red")
        self.query_one("#banks", Static).update(text)
        notices = notices_text([error for error in errors if error is not None], repeated)
        self.query_one("#notices", Static).update(notices)
        self.query_one("#notices").display = bool(notices)

    def _show_store_error(self) -> None:
        if self.app.store_error:
            self._waiting = None
            self.query_one("#pending", Static).update(
                Text(f"✗ No history: {self.app.store_error}", style="bold")
            )
        self.refresh_bindings()

    def _show_preview(self) -> None:
        preview = self.app.home_preview
        if preview is not None and not self._full_summary:
            self._show_summary(preview, full=False)

    def _refresh_summary(self) -> None:
        attempts = self.app.attempts
        if attempts is not None:
            self._load_summary(attempts)
            self._run_waiting()

    @work(thread=True, exclusive=True, group="home", exit_on_error=False)
    def _load_summary(self, attempts: Attempts) -> None:
        """Read what is pending and the last results (grading what ran out while away)."""
        summary = attempts.home(recent=RECENT, mistakes_limit=MISTAKES_LIMIT)
        self.app.call_from_thread(self._show_summary, summary)

    def _show_summary(self, summary: HomeSummary, *, full: bool = True) -> None:
        self.summary = summary
        self._full_summary = self._full_summary or full
        if summary.expired:
            self.notify(
                f"{plural(summary.expired, 'timed exam')} ran out of time while you were away and"
                " was submitted with the answers given; see Last results.",
                title="Time was up",
                timeout=15,
            )
        self.query_one("#pending", Static).update(pending_text(summary, self.app.clock.now()))
        self.query_one("#recent", Static).update(recent_text(summary.recent))
        self.refresh_bindings()
        self._run_waiting()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Keys for things that are not pending are hidden, not just greyed out.
        if action in ("resume", "abandon"):
            return self.summary is not None and self.summary.unfinished is not None
        if action == "retry":
            return self.summary is not None and self.summary.retry is not None
        if action == "mistakes":
            return self.summary is not None and self.summary.mistakes_due > 0
        if action == "history":
            return self.app.attempts is not None or self.app.home_preview is not None
        return True

    @on(OptionList.OptionHighlighted, "#modes")
    def _mode_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        mode = MODES.get(event.option.id or "")
        if mode is not None:
            self.query_one("#mode-about", Static).update(mode.description + " Enter to set up.")

    @on(OptionList.OptionSelected, "#modes")
    def _mode_chosen(self, event: OptionList.OptionSelected) -> None:
        self.open_setup(event.option.id or "")

    def action_start_mode(self) -> None:
        """Set up the highlighted mode."""
        modes = self.query_one("#modes", OptionList)
        if modes.highlighted is not None:
            self.open_setup(modes.get_option_at_index(modes.highlighted).id or "")

    def open_setup(self, mode: str) -> None:
        """Open the setup of `mode` (once the banks and history are loaded: a key pressed
        before waits for them)."""
        # The setup needs the banks and what is unfinished, not the store: Start does without
        # it when it can, so the store waits meanwhile (`hold_store`).
        self.app.hold_store()
        if self._ready(lambda: self.open_setup(mode), store=False):
            from po_exam.ui.screens.setup import SetupScreen

            unfinished = self.summary.unfinished if self.summary else None
            self.app.push_screen(SetupScreen(mode, unfinished=unfinished))

    def action_resume(self) -> None:
        """Continue the unfinished attempt where it was left."""
        if not self._ready(self.action_resume):
            return
        attempts = self.app.attempts
        if attempts is None or self.summary is None or self.summary.unfinished is None:
            return
        self._resume(attempts, self.summary.unfinished.id)

    @work(thread=True, exclusive=True, group="home-start", exit_on_error=False)
    def _resume(self, attempts: Attempts, attempt_id: int) -> None:
        """Read the attempt back and open the exam on it."""
        from po_exam.attempts import AttemptError

        try:
            live = attempts.resume(attempt_id)
        except AttemptError as error:
            self.app.call_from_thread(self._cannot, "Cannot continue the exam", error)
        else:
            self.app.call_from_thread(self.app.open_exam, live)

    def action_abandon(self) -> None:
        """Give the unfinished attempt up: it stays in History, marked abandoned."""
        if not self._ready(self.action_abandon):
            return
        attempts = self.app.attempts
        if attempts is None or self.summary is None or self.summary.unfinished is None:
            return
        attempt = self.summary.unfinished

        def abandon(yes: bool | None) -> None:
            if yes:
                self._abandon(attempts, attempt.id)

        from po_exam.ui.screens.confirm import ConfirmScreen

        self.app.push_screen(
            ConfirmScreen(abandon_question(attempt), yes="Abandon", no="Keep it"), abandon
        )

    @work(thread=True, exclusive=True, group="home-start", exit_on_error=False)
    def _abandon(self, attempts: Attempts, attempt_id: int) -> None:
        from po_exam.attempts import AttemptError

        try:
            attempts.abandon(attempt_id)
        except AttemptError as error:
            self.app.call_from_thread(self._cannot, "Cannot abandon the exam", error)
        else:
            self.app.call_from_thread(self._refresh_summary)

    def action_retry(self) -> None:
        """Take the free retry earned by a failed simulation."""
        if not self._ready(self.action_retry):
            return
        attempts = self.app.attempts
        if attempts is None or self.summary is None:
            return
        offer = self.summary.retry
        if offer is None:
            return

        def begin(yes: bool | None = True) -> None:
            if yes:
                self._start_retry(attempts, offer)

        if self.summary.unfinished is None:
            begin()
        else:
            question = (
                "You have an unfinished exam. Start the free retry anyway?"
                " The unfinished one stays in your history."
            )
            from po_exam.ui.screens.confirm import ConfirmScreen

            self.app.push_screen(ConfirmScreen(question, yes="Start retry", no="Back"), begin)

    @work(thread=True, exclusive=True, group="home-start", exit_on_error=False)
    def _start_retry(self, attempts: Attempts, offer: RetryOffer) -> None:
        """Draw and store the retry (an 80-question simulation is written here), then open it."""
        try:
            live = attempts.start_retry(offer, self.app.banks, seed=self.app.seed)
        except ExamSetupError as error:
            self.app.call_from_thread(self._cannot, "Cannot start the retry", error)
        else:
            self.app.call_from_thread(self.app.open_exam, live)

    def _cannot(self, title: str, error: Exception) -> None:
        self.notify(str(error), title=title, severity="error", markup=False)

    def action_mistakes(self) -> None:
        """Set up a review of the questions answered wrongly before."""
        self.open_setup("review")

    @work(thread=True, group="exam-day", exit_on_error=False)
    def _remember_exam_day(self, day: date | None) -> None:
        """Keep the exam day as the learner's own setting, in the database."""
        attempts = self.app.attempts
        if attempts is not None:
            attempts.remember_exam_day(day)

    def action_exam_day(self) -> None:
        """Set (or clear) the day of the real exam; review is aimed at it."""
        from po_exam.ui.screens.exam_day import CLEAR, ExamDayScreen

        if not self._ready(self.action_exam_day):
            return
        attempts = self.app.attempts
        assert attempts is not None

        def chosen(day: date | str | None) -> None:
            if day is None:
                return
            exam_day = None if day == CLEAR else day
            assert not isinstance(exam_day, str)
            attempts.exam_day = exam_day
            self._remember_exam_day(exam_day)
            self.notify(
                f"Exam day set: {exam_day.isoformat()}." if exam_day else "Exam day cleared."
            )
            self._refresh_summary()

        today = self.app.clock.now().date()
        self.app.push_screen(ExamDayScreen(attempts.exam_day, today), chosen)

    def action_passport(self) -> None:
        """Record (or clear) the date the PSPO class passport was received."""
        from po_exam.ui.screens.passport import NOTHING, PassportScreen

        attempts = self.app.attempts
        if attempts is None:
            self._ready()
            return

        def chosen(when: date | str | None) -> None:
            if when is None:
                return
            self.app.set_passport(None if when == NOTHING else when)  # type: ignore[arg-type]
            self._refresh_summary()

        self.app.push_screen(PassportScreen(attempts.passport), chosen)

    def action_history(self) -> None:
        """Show every past attempt."""
        if self._ready(self.action_history):
            from po_exam.ui.screens.history import HistoryScreen

            self.app.push_screen(HistoryScreen())

    def _ready(self, then: Callable[[], None], *, store: bool = True) -> bool:
        """Whether the banks and the store are loaded (with `store` false: the banks and
        what Home shows, from the quick read if the store is still opening). If not, `then`
        runs once they are (the last key pressed wins): Home answers keys from its first
        view on."""
        if self.app.store_error:
            self.notify(self.app.store_error, severity="warning", markup=False)  # names a path
            return False
        if not self._loaded(store):
            self._waiting = (then, store)
            return False
        return True

    def _loaded(self, store: bool) -> bool:
        if self.app.bank_results is None:
            return False
        return self.app.attempts is not None if store else self.summary is not None

    def _run_waiting(self) -> None:
        waiting = self._waiting
        if waiting is not None and self._loaded(waiting[1]):
            self._waiting = None
            self.call_later(waiting[0])


def notices_text(errors: Sequence[object], others: Sequence[str] = ()) -> Text:
    """Each bank left out (and each other bank notice) on one line, cut with … at the edge;
    `bank lint` says all."""
    lines = [Text(f"⚠ Bank left out: {' '.join(str(error).split())}") for error in errors]
    lines += [Text(f"⚠ {' '.join(line.split())}") for line in others]
    if errors:
        lines.append(Text("po-exam bank lint FILE shows every problem of a bank.", style="dim"))
    return Text("\n").join(lines)


def repeated_text_notices(results: tuple[LoadResult, ...] | list[LoadResult]) -> list[str]:
    """One line per loaded bank whose questions repeat another bank's text, naming both."""
    from po_exam.banks.discovery import ACROSS_BANKS

    notices = []
    for result in results:
        repeats = [p for p in result.warnings if ACROSS_BANKS in p.message]
        if result.ok and result.bank is not None and repeats:
            first = repeats[0].message.split(";")[0]
            notices.append(
                f"{result.bank.title}: {plural(len(repeats), 'question')} repeat another bank's"
                f" text ({first}; po-exam bank validate lists them)"
            )
    return notices


def recent_text(recent: list[AttemptSummary]) -> Text:
    """The last results, one line each: date, mode, score, verdict."""
    if not recent:
        return Text("No finished attempts yet.", style="dim")
    text = Text()
    for attempt in recent:
        mode = mode_title(attempt.mode)
        if attempt.retry_of is not None:
            mode += " (retry)"
        text.append(f"{date_text(attempt.started_at)}  {mode}\n", style="dim")
        text.append(f"  {attempt.correct}/{attempt.total} ({percent_text(attempt.percent)})  ")
        verdict = verdict_text(attempt.passed, ungraded=attempt.ungraded, mode=attempt.mode)
        text.append(verdict, style="green" if attempt.passed else "red")
        if ran_out(attempt):
            text.append(" · time ran out", style="bold")
        text.append("\n")
    return text


def ran_out(attempt: AttemptSummary) -> bool:
    """Whether a timed attempt was submitted by its clock (on time or while the app was closed)."""
    return (
        attempt.deadline is not None
        and attempt.finished_at is not None
        and attempt.finished_at >= attempt.deadline
    )


def pending_text(summary: HomeSummary, now: datetime) -> Text:
    """What waits for the learner: an unfinished attempt, a free retry, mistakes due."""
    lines: list[Text] = []
    if summary.unfinished is not None:
        attempt = summary.unfinished
        line = Text.assemble(("▶ Unfinished: ", "bold"), mode_title(attempt.mode))
        line.append(f", started {date_text(attempt.started_at)}")
        if attempt.deadline is not None:
            left = attempt.deadline - now
            line.append(f", {clock_text(left)} left" if left.total_seconds() > 0 else ", time up")
        line.append(" — press c to continue, x to abandon")
        lines.append(line)
    if summary.retry is not None:
        days = summary.retry.days_left(now)
        earned = summary.retry_from
        what = mode_title(summary.retry.mode)
        if earned is not None:
            what = (
                f"{mode_title(earned.mode)} of {date_text(earned.started_at)}"
                f" ({earned.correct}/{earned.total}, {percent_text(earned.percent)})"
            )
        lines.append(
            Text.assemble(
                ("★ Free retry ", "bold"),
                f"of your {what}: {plural(days, 'day')} left — press r",
            )
        )
    if summary.passport_days is not None:
        days = summary.passport_days
        if days > 0:
            window = f"{plural(days, 'day')} left to start a PSPO I simulation with the free retry"
        elif days == 0:
            window = "today is the last day to start a PSPO I simulation with the free retry"
        else:
            window = "closed: a failed PSPO I simulation earns no free retry now"
        lines.append(Text.assemble(("✈ Passport window: ", "bold"), window, " (p changes it)"))
    if summary.mistakes_due:
        lines.append(
            Text.assemble(
                ("↻ Mistakes due: ", "bold"), f"{summary.mistakes_due} — press m to review them"
            )
        )
    if summary.plan is not None:
        lines.append(plan_text(summary.plan))
    return Text("\n").join(lines) if lines else Text("Nothing pending. Choose a mode to start.")


def plan_text(plan: ExamPlan) -> Text:
    """Days left to the exam, what is due today, and the reviews a day that reach the target."""
    day = plan.exam_day.isoformat()
    if plan.days_left < 0:
        return Text(f"◆ Exam day {day} has passed — press e to set the next one.", style="dim")
    if plan.days_left == 0:
        return Text.assemble(("◆ Exam today", "bold"), f" ({day}). Good luck!")
    line = Text.assemble(
        ("◆ Exam in ", "bold"), (plural(plan.days_left, "day"), "bold"), f" ({day}): "
    )
    line.append(f"{plural(plan.due_today, 'question')} due today. ")
    target = f"{plan.retention * 100:.0f} %"
    if plan.below_target:
        line.append(
            f"Plan: {plural(plan.below_target, 'mistake')} below {target} recall on the day —"
            f" review about {plan.per_day} a day."
        )
    else:
        line.append(f"Every mistake is at {target} recall for the day. Keep practising.")
    return line


def abandon_question(attempt: AttemptSummary) -> str:
    """The confirmation asked before abandoning `attempt`."""
    return (
        f"Abandon the unfinished {mode_title(attempt.mode)} of {date_text(attempt.started_at)}?"
        " It stays in History, marked abandoned, with its answers; it never counts as a pass"
        " or a fail, and its keys become visible."
    )
