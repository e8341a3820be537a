"""The exam: one question at a time, the countdown, flags, navigation, submit."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from po_exam.exam.modes import MODES
from po_exam.exam.session import Session, SessionClosed
from po_exam.ui.formatting import FLAG, LETTERS, RIGHT, UNANSWERED, plural
from po_exam.ui.widgets.countdown import Countdown
from po_exam.ui.widgets.navigator import Navigator, QuestionState
from po_exam.ui.widgets.options import OptionPicker

if TYPE_CHECKING:
    from po_exam.store.db import Store
    from po_exam.ui.app import PoExamApp

WIDE = 110
"""From this many columns on, the navigator stays beside the question."""

OPTION_KEYS = [
    Binding(key, f"choose({index})", "Choose", show=False)
    for index in range(len(LETTERS))
    for key in (str(index + 1), LETTERS[index].lower())
]


class ExamScreen(Screen[None]):
    """Takes one attempt; every answer and flag is stored before the next question shows."""

    CSS_PATH = "exam.tcss"
    BINDINGS = [
        Binding("1", "choose(0)", "Choose", key_display="1-8/a-h"),
        *OPTION_KEYS[1:],
        Binding("enter", "next", "Next", show=False),
        Binding("right,n", "next", "Next", key_display="→"),
        Binding("left,p", "previous", "Prev", key_display="←"),
        Binding("m", "flag", "Flag"),
        Binding("o", "overview", "Overview"),
        Binding("s", "submit", "Submit"),
        Binding("q,escape", "leave", "Leave"),
    ]

    app: PoExamApp  # type: ignore[assignment]

    def __init__(self, attempt_id: int, session: Session, *, retry: bool = False) -> None:
        super().__init__()
        self.attempt_id = attempt_id
        self.session = session
        self.retry = retry
        self.mode = MODES.get(session.settings.mode)
        self.feedback_each = session.settings.feedback == "each"
        # In practice an answered question has had its feedback (also after a resume).
        self.checked: set[int] = set(session.answers) if self.feedback_each else set()
        self.warned: int | None = None
        """The question already warned about having too few options chosen."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="bar"):
            title = self.mode.title if self.mode else "Exam"
            yield Static(f"{title} · free retry" if self.retry else title, id="mode")
            yield Static(id="progress")
            yield Countdown(id="countdown")
        with Horizontal(id="body"):
            with VerticalScroll(id="question"):
                yield Static(id="about")
                yield Static(id="text")
                yield Static(id="choose")
                yield OptionPicker(id="options")
            with Vertical(id="side"):
                yield Static("All questions", classes="heading")
                yield Navigator(columns=5, id="navigator")
                yield Static(
                    f"{RIGHT} answered\n{UNANSWERED} unanswered\n{FLAG} flagged", id="legend"
                )
        # The palette still opens with Ctrl+P; its footer hint makes room for the exam keys.
        yield Footer(show_command_palette=False)

    def on_resize(self, event: events.Resize) -> None:
        # Wide terminals keep the navigator in view; narrow ones open it with `o`.
        self.set_class(event.size.width >= WIDE, "-wide")

    def on_mount(self) -> None:
        self.set_class(self.app.size.width >= WIDE, "-wide")
        self._show_question()
        self.query_one(OptionPicker).focus()
        self._tick()
        if self.session.remaining() is not None:
            self.set_interval(1, self._tick)

    def _tick(self) -> None:
        if not self.session.submitted:
            self.query_one(Countdown).remaining = self.session.remaining()

    # What is shown

    def _show_question(self) -> None:
        session = self.session
        question = session.current
        position = session.position
        picker = self.query_one(OptionPicker)
        picker.question = question
        picker.selection = session.selection(position)
        about = Text(f"Question {position + 1}", style="dim")
        if not (self.mode and self.mode.simulation):
            # The real assessment does not name the focus area of a question; practice does.
            about.append(f" · {question.topic_title}")
        if session.is_flagged(position):
            about.append(f"   {FLAG} flagged", style="bold yellow")
        if position in self.checked:
            about.append("   answer checked", style="dim italic")
        self.query_one("#about", Static).update(about)
        self.query_one("#text", Static).update(Text(question.text))
        self.query("#question").first().scroll_home(animate=False)
        self._show_choose()
        self._show_progress()
        navigator = self.query_one(Navigator)
        navigator.states = self.states()
        navigator.show_question(position)

    def _show_choose(self) -> None:
        question = self.session.current
        picked = len(self.session.selection(self.session.position))
        choose = self.query_one("#choose", Static)
        last = LETTERS[len(question.options) - 1]
        how = Text(f"   key A-{last} or 1-{len(question.options)}, or ↑↓ and Space", style="dim")
        if question.type == "multiple":
            text = Text(f"Choose {question.choose} — {picked} selected")
            if picked > question.choose:
                text.append(f": too many, unselect {picked - question.choose}")
            choose.set_class(picked > question.choose, "-too-many")
        elif question.type == "true_false":
            text = Text("True or false?")
        else:
            text = Text("Choose one.")
        text.append_text(how)
        choose.update(text)

    def _show_progress(self) -> None:
        session = self.session
        flagged = len(session.flagged())
        progress = f"{session.position + 1} / {session.count} · {flagged} flagged"
        if self.feedback_each:
            right = sum(session.questions[i].is_correct(session.selection(i)) for i in self.checked)
            progress += f" · {right} of {len(self.checked)} right"
        else:
            progress += f" · {session.answered_count} answered"
        self.query_one("#progress", Static).update(progress)

    def states(self) -> tuple[QuestionState, ...]:
        """Answered and flagged, per question, for the navigator."""
        session = self.session
        return tuple(
            QuestionState(session.is_answered(i), session.is_flagged(i))
            for i in range(session.count)
        )

    # Answering: each change is committed to the store before anything else shows

    def action_choose(self, option: int) -> None:
        """Pick (or, for multiple answer, toggle) an option."""
        count = len(self.session.current.options)
        if option < count:
            self._choose(option)
        else:  # e.g. `f`, tried for "flag" on a four-option question
            self.notify(
                f"This question has options A-{LETTERS[count - 1]} (1-{count}); m flags it."
            )

    @on(OptionPicker.Chosen)
    def _picked(self, event: OptionPicker.Chosen) -> None:
        self._choose(event.option)

    def _choose(self, option: int) -> None:
        position = self.session.position
        if position in self.checked:
            self.notify("This answer has been checked already.", severity="warning")
            return
        try:
            selection = self.session.toggle_option(option)
        except SessionClosed:
            self._time_up()
            return
        self._save(lambda store: store.save_answer(self.attempt_id, position, selection))
        self.query_one(OptionPicker).selection = selection
        self.query_one(OptionPicker).highlighted = option
        self._show_choose()
        self._show_progress()
        self.query_one(Navigator).states = self.states()

    def action_flag(self) -> None:
        """Flag the question to come back to it (or unflag it)."""
        position = self.session.position
        try:
            flagged = self.session.toggle_flag()
        except SessionClosed:
            self._time_up()
            return
        self._save(lambda store: store.save_flag(self.attempt_id, position, flagged))
        self._show_question()

    # Moving around

    def action_next(self) -> None:
        """Go to the next question (in practice, check the answer first)."""
        position = self.session.position
        if (
            self.feedback_each
            and self.session.is_answered(position)
            and position not in self.checked
        ):
            if self._too_few(position):
                return
            self._check(position)
        elif position == self.session.count - 1:
            self.action_submit()
        else:
            self._goto(position + 1)

    def _too_few(self, position: int) -> bool:
        """Warn once before checking a multiple-answer question with options still to choose."""
        question = self.session.questions[position]
        missing = question.choose - len(self.session.selection(position))
        if missing <= 0 or self.warned == position:
            return False
        self.warned = position
        self.notify(
            f"Choose {missing} more (this question wants {question.choose})."
            " Press Enter again to check it as it is.",
            severity="warning",
        )
        return True

    def action_previous(self) -> None:
        """Go to the previous question."""
        self._goto(self.session.position - 1)

    def _goto(self, index: int) -> None:
        if 0 <= index < self.session.count and index != self.session.position:
            self.session.goto(index)
            self._save(lambda store: store.save_position(self.attempt_id, index))
            self._show_question()

    @on(Navigator.Jump)
    def _jump(self, event: Navigator.Jump) -> None:
        self._goto(event.index)
        self.query_one(OptionPicker).focus()

    def _check(self, position: int) -> None:
        from po_exam.ui.screens.feedback import FeedbackScreen

        self.checked.add(position)
        self._show_progress()
        question = self.session.questions[position]
        selection = self.session.selection(position)
        last = position == self.session.count - 1

        def after(_: None) -> None:
            if last:
                self.action_submit()
            else:
                self._goto(position + 1)

        self.app.push_screen(FeedbackScreen(position + 1, question, selection), after)

    def action_overview(self) -> None:
        """See every question at a glance and jump to one."""
        self._open_review(submitting=False)

    def action_submit(self) -> None:
        """Review unanswered and flagged questions, then submit."""
        self._open_review(submitting=True)

    def _open_review(self, *, submitting: bool) -> None:
        from po_exam.ui.screens.review import ReviewScreen

        def chosen(outcome: int | str | None) -> None:
            if outcome == "submit":
                self._submit()
            elif isinstance(outcome, int):
                self._goto(outcome)

        self.app.push_screen(
            ReviewScreen(self.states(), self.session.position, submitting=submitting), chosen
        )

    def action_leave(self) -> None:
        """Leave the exam; it stays saved and can be continued from the home screen."""
        from po_exam.ui.screens.confirm import ConfirmScreen

        timed = " The clock keeps running." if self.session.deadline is not None else ""
        question = (
            "Leave this exam? Your answers are saved and you can continue it from the home screen."
            + timed
        )

        def leave(yes: bool | None) -> None:
            if yes:
                self.app.go_home()

        self.app.push_screen(ConfirmScreen(question, yes="Leave", no="Stay"), leave)

    # The end

    @on(Countdown.Warned)
    def _warn(self, event: Countdown.Warned) -> None:
        self.notify(
            f"{plural(event.minutes, 'minute')} left.",
            title="Time",
            severity="warning" if event.minutes > 1 else "error",
        )

    @on(Countdown.Expired)
    def _time_up(self) -> None:
        if self.session.submitted or not self.is_attached:
            return
        self.notify("Time is up: the exam was submitted with the answers given.", title="Time")
        self._submit()

    def _submit(self) -> None:
        from po_exam.ui.screens.results import ResultsScreen

        if self.session.submitted:
            return
        result = self.session.submit()
        finished_at = self.session.finished_at or self.app.clock.now()
        if not self._save(lambda store: store.finish_attempt(self.attempt_id, result, finished_at)):
            return
        self.app.go_home()
        self.app.push_screen(ResultsScreen(self.attempt_id))

    def _save(self, write: Callable[[Store], None]) -> bool:
        """Run one write on the store now; say so plainly if the database refuses it."""
        from po_exam.store.db import StoreError

        store = self.app.store
        assert store is not None, "an exam runs only once the store is open"
        try:
            write(store)
        except StoreError as error:
            self.notify(str(error), title="Not saved", severity="error", timeout=30, markup=False)
            return False
        return True
