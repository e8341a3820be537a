"""Setup: the banks and, where the mode allows, topics, count, time limit and pass mark."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import (
    Button,
    Checkbox,
    Header,
    Input,
    Label,
    SelectionList,
    Static,
)

from po_exam.banks.models import Bank
from po_exam.exam.modes import (
    MODES,
    PRACTICE_QUESTIONS,
    ExamSettings,
    ExamSetupError,
    Mode,
    bank_defaults,
    default_banks,
    mode_title,
    plan_exam,
)
from po_exam.exam.pool import collect_pool
from po_exam.ui.formatting import plural
from po_exam.ui.screens.base import AppScreen
from po_exam.ui.screens.confirm import ConfirmScreen
from po_exam.ui.widgets.choices import ChoiceList, TickBox
from po_exam.ui.widgets.footer import Footer

if TYPE_CHECKING:
    from po_exam.attempts import Attempts
    from po_exam.store.models import AttemptSummary

REVIEW_LIMIT = 200


class SetupScreen(AppScreen):
    """Choose what the attempt draws from; simulations show their fixed rules instead."""

    CSS_PATH = "setup.tcss"
    AUTO_FOCUS = ""  # on_mount focuses the banks without scrolling the rules away
    BINDINGS = [
        Binding("ctrl+s", "start", "Start"),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    def __init__(self, mode: str, *, unfinished: AttemptSummary | None = None) -> None:
        super().__init__()
        self.mode: Mode = MODES[mode]
        self.unfinished = unfinished
        """An attempt still open, so starting another is confirmed first."""
        self.sub_title = f"Set up: {self.mode.title}"
        self.due: list[tuple[str, str]] = []
        self._starting: ExamSettings | None = None
        """The exam to start once the store is open (Start pressed while it was opening)."""

    def compose(self) -> ComposeResult:
        mode = self.mode
        yield Header()
        # The page scrolls as focus moves; it is not a Tab stop of its own.
        with VerticalScroll(id="setup", can_focus=False):
            yield Static(Text(mode.title, style="bold"), id="title")
            yield Static(rules_text(mode), id="rules")
            yield Label(
                "Question banks: Space ticks or unticks, a all, n none, o only this",
                classes="heading",
                id="banks-heading",
            )
            ticked = {bank.id for bank in default_banks(mode, self.app.banks)}
            yield ChoiceList[str](
                *((Text(bank_label(bank)), bank.id, bank.id in ticked) for bank in self.app.banks),
                id="banks",
            )
            if mode.key in ("practice", "custom", "cspo"):
                yield Label("Topics (Tab from the banks): Space, a, n, o", classes="heading")
                yield ChoiceList[str](id="topics")
                with Horizontal(id="numbers"):
                    with Vertical():
                        yield Label("Questions", id="count-label")
                        yield Input(type="integer", id="count")
                    with Vertical():
                        yield Label("Minutes (empty: untimed)")
                        yield Input(
                            str(mode.minutes or ""),
                            placeholder="untimed",
                            type="integer",
                            id="minutes",
                        )
                    if mode.key == "custom":
                        with Vertical():
                            yield Label("Pass mark %")
                            yield Input(str(mode.pass_mark), type="integer", id="pass-mark")
            if mode.key == "review":
                yield Static("Looking for your mistakes…", id="due")
                with Vertical(id="numbers"):
                    yield Label("Questions (at most)")
                    yield Input("20", type="integer", id="count")
            yield TickBox(
                "Say how sure you are of each answer (k in the exam; never graded)",
                mode.certainty,
                id="certainty",
            )
            yield Static(id="problem")
            yield Button("Start ▶", variant="primary", id="start")
        yield Footer()

    def on_mount(self) -> None:
        self._fill_topics()
        # Opened while the store may still be opening: what needs it waits for it.
        if not self._starts_early:
            self.app.release_store()  # the mistakes due are the store's to tell: open it now
        self.watch(self.app, "attempts", self._store_opened)
        self.watch(self.app, "store_error", self._store_failed, init=False)
        # The first choice has the focus; Start is Ctrl+S (or Enter in a number) from anywhere.
        self.query_one("#banks").focus(scroll_visible=False)

    @property
    def _starts_early(self) -> bool:
        """Whether Start can begin before the store is open (po_exam/quick.py): not Review my
        mistakes, whose questions are those the store says are due."""
        return self.mode.key != "review"

    def _store_opened(self) -> None:
        attempts = self.app.attempts
        if attempts is None:
            return
        if self.mode.key == "review":
            self._load_due(attempts)
        elif self._starting is not None:  # Start was pressed before the store was open
            settings, self._starting = self._starting, None
            self._start(attempts, settings, None)

    def _store_failed(self) -> None:
        if self.app.store_error and self._starting is not None:
            self._starting = None
            self._problem(ExamSetupError(self.app.store_error))

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _load_due(self, attempts: Attempts) -> None:
        """Fetch the mistakes due for review, the weakest first."""
        due = attempts.mistakes_due(REVIEW_LIMIT)
        self.app.call_from_thread(self._show_due, due)

    def _show_due(self, due: list[tuple[str, str]]) -> None:
        loaded = {(bank.id, question.id) for bank in self.app.banks for question in bank.questions}
        self.due = [key for key in due if key in loaded]
        banks = self.query_one("#banks", ChoiceList)
        for bank_id in dict.fromkeys(bank_id for bank_id, _ in self.due):
            banks.select(bank_id)  # a mistake's bank is ticked, whatever its level
        if self.due:
            message = f"{plural(len(self.due), 'question')} you got wrong are due for review."
        else:
            message = (
                "No mistakes are due right now. Questions you get wrong come back for review"
                " after a while, spaced so that the weakest return first."
            )
        self.query_one("#due", Static).update(message)

    @on(SelectionList.SelectedChanged, "#banks")
    def _fill_topics(self) -> None:
        if not self.query("#topics"):
            return
        topics = self.query_one("#topics", SelectionList)
        chosen = self._chosen_banks()
        titles: dict[str, str] = {}
        for bank in chosen:
            for topic_id, topic in bank.topics.items():
                titles.setdefault(topic_id, topic.title)
        topics.clear_options()
        topics.add_options([(Text(title), topic_id, True) for topic_id, title in titles.items()])
        self._fill_count()

    @on(SelectionList.SelectedChanged, "#topics")
    def _fill_count(self) -> None:
        """Show the number of questions an empty field asks for, and how many there are."""
        if not self.query("#count-label"):
            return  # Review: its count is a limit, not drawn from topics
        banks = self._chosen_banks()
        topics = self._chosen_topics()
        available = len(collect_pool(banks, tuple(topics) if topics is not None else None))
        default = bank_defaults(banks).get("questions", PRACTICE_QUESTIONS)
        # In the hint, not the label: three fields share 80 columns in Custom.
        self.query_one("#count", Input).placeholder = (
            f"empty: {min(default, available)} (of {available})" if available else "none available"
        )

    def _chosen_banks(self) -> list[Bank]:
        picked = set(self.query_one("#banks", SelectionList).selected)
        return [bank for bank in self.app.banks if bank.id in picked]

    @on(Button.Pressed, "#start")
    @on(Input.Submitted)
    @on(ChoiceList.Confirmed)
    def action_start(self) -> None:
        """Check the choices and start the attempt."""
        try:
            settings = plan_exam(
                self.mode.key,
                self._chosen_banks(),
                questions=self._number("#count"),
                minutes=self._number("#minutes"),
                pass_mark=self._number("#pass-mark"),
                topics=self._chosen_topics(),
                seed=self.app.seed,
                certainty=self.query_one("#certainty", Checkbox).value,
            )
            if self.mode.key == "review" and not self.due:
                raise ExamSetupError(
                    "There are no mistakes due for review yet."
                    if self.app.attempts is not None
                    else "Still looking for your mistakes: a moment."
                )
        except ExamSetupError as error:
            self._problem(error)
            return
        if self.unfinished is None:
            self._begin(settings)
            return
        question = (
            f"Your {mode_title(self.unfinished.mode)} exam is unfinished. Start a new one anyway?"
            " The unfinished one stays in your history (abandon it from Home with x)."
        )

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._begin(settings)

        self.app.push_screen(ConfirmScreen(question, yes="Start new", no="Back"), confirmed)

    def _begin(self, settings: ExamSettings) -> None:
        attempts = self.app.attempts
        if attempts is None and self._starts_early:
            attempts = self.app.early_attempts()  # starts now; the store takes over its answers
        if attempts is None:
            self.app.release_store()  # the exam needs it: open it now
            if self.app.store_error:
                self._problem(ExamSetupError(self.app.store_error))
            else:  # opening: the exam starts the moment it is open
                self._starting = settings
                self._note("Opening your history… the exam starts as soon as it is open.")
            return
        self._start(attempts, settings, self.due if self.mode.key == "review" else None)

    @work(thread=True, exclusive=True, group="setup-start", exit_on_error=False)
    def _start(
        self, attempts: Attempts, settings: ExamSettings, only: list[tuple[str, str]] | None
    ) -> None:
        """Draw and store the attempt (80 questions are written here, off the UI thread)."""
        try:
            live = attempts.start(settings, self.app.banks, only=only)
        except ExamSetupError as error:
            self.app.call_from_thread(self._problem, error)
        else:
            self.app.call_from_thread(self.app.open_exam, live)

    def _note(self, message: str) -> None:
        note = self.query_one("#problem", Static)
        note.update(Text(message))
        note.add_class("-shown")

    def on_unmount(self) -> None:
        self.app.release_store()  # left, or replaced by the exam

    def _problem(self, error: ExamSetupError) -> None:
        self.app.release_store()
        problem = self.query_one("#problem", Static)
        problem.update(Text(f"✗ {error}", style="bold"))
        problem.add_class("-shown")

    def _number(self, selector: str) -> int | None:
        found = self.query(selector)
        if not found:
            return None
        value = found.first(Input).value.strip()
        if not value:
            return None
        try:
            return int(value)
        except ValueError:
            raise ExamSetupError(f"{value!r} is not a whole number.") from None

    def _chosen_topics(self) -> list[str] | None:
        found = self.query("#topics")
        if not found:
            return None
        topics = found.first(SelectionList)
        if len(topics.selected) == topics.option_count:
            return None
        return list(topics.selected)


def rules_text(mode: Mode) -> Text:
    """What the mode fixes or lets the learner choose, in one or two lines."""
    if mode.essays:
        return Text.assemble(
            f"{mode.questions} essays · {mode.minutes} minutes · {mode.pass_mark} % must meet or"
            " exceed expectations.\n",
            (
                "Write each answer yourself (pasting is off); after submitting, tick the rubric",
                "dim",
            ),
            (" points each answer covered beside the model answer.", "dim"),
        )
    if mode.simulation:
        return Text.assemble(
            f"{mode.questions} questions · {mode.minutes} minutes · pass mark {mode.pass_mark} %"
            " · the score at the end.\n",
            ("These rules are fixed, as in the real assessment. ", "dim"),
            ("Flag questions and revisit them before you submit.", "dim"),
        )
    return Text(mode.description)


def bank_label(bank: Bank) -> str:
    """A bank as listed for choosing: title and size."""
    return f"{bank.title} ({plural(len(bank.questions), 'question')})"
