"""The exam: one question at a time, the countdown, flags, navigation, submit."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Static

from po_exam.attempts import AnswerLocked, AttemptError, SessionClosed, Unsaved
from po_exam.exam.insight import certainty_name
from po_exam.exam.modes import MODES, mode_title
from po_exam.ui.formatting import (
    CHOSEN,
    FLAG,
    INCOMPLETE,
    LETTERS,
    RIGHT,
    UNANSWERED,
    UNSAVED,
    WRONG,
    plural,
)
from po_exam.ui.screens.base import AppScreen
from po_exam.ui.widgets.countdown import Countdown
from po_exam.ui.widgets.essay import PASTE_WORDS, EssayArea
from po_exam.ui.widgets.footer import Footer
from po_exam.ui.widgets.navigator import Navigator, QuestionState
from po_exam.ui.widgets.options import OptionPicker

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.timer import Timer

    from po_exam.attempts import Change, Finished, LiveAttempt
    from po_exam.exam.session import Session

WIDE = 110
"""From this many columns on, the navigator stays beside the question."""
RETRY_SECONDS = 3
"""How often answers the database refused are written again."""
ESSAY_SAVE_DELAY = 0.8
"""Seconds after the last keystroke an essay is saved (it is also saved on leaving it)."""

OPTION_KEYS = [
    Binding(key, f"choose({index})", "Choose", show=False)
    for index in range(len(LETTERS))
    for key in (str(index + 1), LETTERS[index].lower())
]


class ExamScreen(AppScreen):
    """Takes one attempt; every answer and flag is stored before it shows as given."""

    CSS_PATH = "exam.tcss"
    BINDINGS = [
        Binding("1", "choose(0)", "Choose", key_display="1-8/a-h"),
        *OPTION_KEYS[1:],
        Binding("enter", "enter", "Next", show=False),
        Binding("w", "write", "Write", show=False),
        Binding("right,n", "next", "Next", key_display="→"),
        Binding("left,p", "previous", "Prev", key_display="←"),
        Binding("m", "flag", "Flag"),
        *(
            Binding("k", f"certainty({level})", label, tooltip="How sure are you? (never graded)")
            for level, label in enumerate(("Sure?", "Low", "Mid", "High"))
        ),
        Binding("o", "overview", "Overview"),
        Binding("s", "submit", "Submit"),
        Binding("q,escape", "leave", "Leave"),
    ]

    def __init__(self, live: LiveAttempt) -> None:
        super().__init__()
        self.live = live
        self.mode = MODES.get(live.session.settings.mode)
        self.warned: int | None = None
        """The question already warned about having too few options chosen."""
        self.submitting = False
        self._saving = 0
        """Save workers running now."""
        self._refused = False
        """Whether the last save was refused (so the next good one says all is saved)."""
        self._essay_timer: Timer | None = None
        """The pending debounced save of the essay being typed."""
        self._hints: list[str] = []
        """Toasts about the current question's selection, dropped once it changes."""

    @property
    def session(self) -> Session:
        """The attempt's state as saved."""
        return self.live.session

    def compose(self) -> ComposeResult:
        with Horizontal(id="bar"):
            mode = self.live.session.settings.mode
            # A retry's bar names it in the short title, so "free retry" fits at 80 columns.
            title = f"{mode_title(mode, short=True)} · free retry" if self.live.is_retry else None
            yield Static(title or mode_title(mode), id="mode")
            yield Static(id="progress")
            yield Countdown(id="countdown")
        with Horizontal(id="body"):
            with VerticalScroll(id="question"):
                yield Static(id="about")
                yield Static(id="text")
                yield Static(id="choose")
                yield OptionPicker(id="options")
                yield EssayArea(id="essay")
            with Vertical(id="side"):
                yield Static("All questions", classes="heading")
                yield Navigator(columns=5, id="navigator")
                yield Static(
                    legend_text(self.live.session.feedback_each)
                    + (
                        "\n◔◑● sure: low, mid, high" if self.live.session.settings.certainty else ""
                    ),
                    id="legend",
                )
        # The palette still opens with Ctrl+P; its footer hint makes room for the exam keys.
        yield Footer(show_command_palette=False)

    def on_resize(self, event: events.Resize) -> None:
        # Wide terminals keep the navigator in view; narrow ones open it with `o`.
        self.set_class(event.size.width >= WIDE, "-wide")

    def on_mount(self) -> None:
        self.app.release_store()  # the exam shows: the store may open now
        self.set_class(self.app.size.width >= WIDE, "-wide")
        self._show_question(first=True)
        if not self.session.current.is_essay:
            self.query_one(OptionPicker).focus()
        self._tick()
        if self.session.remaining() is not None:
            self.set_interval(1, self._tick)
        self.set_interval(RETRY_SECONDS, self._retry_unsaved)

    def _tick(self) -> None:
        if not self.session.submitted:
            self.query_one(Countdown).remaining = self.session.remaining()

    # What is shown

    def _show_question(self, *, first: bool = False) -> None:
        question = self.session.current
        picker = self.query_one(OptionPicker)
        essay = self.query_one(EssayArea)
        picker.display = not question.is_essay
        essay.display = question.is_essay
        if question.is_essay:
            with essay.prevent(EssayArea.Changed):
                essay.load_text(self.live.essay(self.session.position))
            essay.read_only = self.session.closed
            if first or essay.has_focus:  # moving on keeps the learner writing or not
                essay.focus()
        else:
            picker.question = question
            if self.focused is None or essay.has_focus:
                picker.focus()
        self.query_one("#text", Static).update(Text(question.text))
        self.query("#question").first().scroll_home(animate=False)
        self._show_state()
        self.query_one(Navigator).show_question(self.session.position)
        self.refresh_bindings()

    def _show_state(self) -> None:
        """What changes with answers, flags and saves: marks, counts, the choice shown."""
        session = self.session
        position = session.position
        self.query_one(OptionPicker).selection = self.live.selection(position)
        about = Text(f"Question {position + 1}", style="dim")
        if not (self.mode and self.mode.simulation):
            # The real assessment does not name the focus area of a question; practice does.
            about.append(f" · {session.current.topic_title}")
        if self.live.is_flagged(position):
            about.append(f"   {FLAG} flagged", style="bold yellow")
        if session.is_checked(position):
            about.append("   answer checked", style="dim italic")
        if session.settings.certainty:
            level = self.live.certainty(position)
            about.append(
                f"   sure: {certainty_name(level)}" if level else "   k: how sure?",
                style="cyan" if level else "dim",
            )
        if position in self.live.refused:
            about.append(f"   {UNSAVED} not saved yet", style="bold red")
        self.query_one("#about", Static).update(about)
        self._show_choose()
        self._show_progress()
        self.query_one(Navigator).states = self.states()

    def _show_choose(self) -> None:
        session = self.session
        question = session.current
        if question.is_essay:
            words = len(self.live.essay(session.position).split())
            editing = self.query_one(EssayArea).has_focus
            keys = "Esc to move around" if editing else "Enter or w to write"
            self.query_one("#choose", Static).update(
                Text.assemble(
                    f"Write your answer — {plural(words, 'word')}.",
                    (f"   {keys}; saved as you type; no pasting.", "dim"),
                )
            )
            return
        selection = self.live.selection(session.position)
        choose = self.query_one("#choose", Static)
        last = LETTERS[len(question.options) - 1]
        how = Text(f"   key A-{last} or 1-{len(question.options)}, or ↑↓ and Space", style="dim")
        too_many = session.too_many(session.position, selection)
        if question.type == "multiple":
            text = Text(f"Choose {question.choose} — {len(selection)} selected")
            if too_many:
                text.append(f": too many, unselect {too_many}")
            choose.set_class(bool(too_many), "-too-many")
        elif question.type == "true_false":
            text = Text("True or false?")
        else:
            text = Text("Choose one.")
        text.append_text(how)
        choose.update(text)

    def _show_progress(self) -> None:
        session = self.session
        states = self.states()
        flagged = sum(state.flagged for state in states)
        progress = f"{session.position + 1} / {session.count} · {flagged} flagged"
        if session.feedback_each:
            right, checked = self.live.checked_right()
            progress += f" · {right} of {checked} right"
        else:
            progress += f" · {sum(state.answered for state in states)} answered"
        if self.live.refused:
            progress += f" · {len(self.live.refused)} not saved"
        self.query_one("#progress", Static).update(progress)

    def states(self) -> tuple[QuestionState, ...]:
        """Answered (fully), too few chosen, not saved, flagged: per question, for the navigator.

        In practice a checked answer shows right or wrong, never just "answered".
        """
        session = self.session
        graded = session.feedback_each
        return tuple(
            QuestionState(
                answered=status.answered and not status.incomplete,
                flagged=status.flagged,
                incomplete=status.incomplete and not status.unsaved,
                unsaved=status.unsaved,
                certainty=self.live.certainty(i) if self.session.settings.certainty else None,
                right=(
                    session.questions[i].is_correct(self.live.selection(i))
                    if graded and session.is_checked(i)
                    else None
                ),
                graded=graded,
                essay=session.questions[i].is_essay,
            )
            for i, status in enumerate(self.live.statuses())
        )

    # Answering: each change is committed to the store before it shows as given

    def action_choose(self, option: int) -> None:
        """Pick (or, for multiple answer, toggle) an option."""
        if self.session.current.is_essay:
            self.notify("This question is an essay: press Enter or w to write your answer.")
            return
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

    def _change(self, change: Callable[[], object]) -> bool:
        """Make a change to the live attempt; False, having said why, when it cannot be made
        (the answer is locked, the time is up) or the attempt is being submitted."""
        if self.submitting:
            return False
        try:
            change()
        except AnswerLocked as locked:
            self.notify(str(locked), severity="warning")
            return False
        except SessionClosed:
            self._time_up()
            return False
        return True

    def _choose(self, option: int) -> None:
        if not self._change(lambda: self.live.choose(option)):
            return
        self._drop_hints()  # "choose 1 more" is stale once the selection changed
        self._show_state()
        self.query_one(OptionPicker).highlighted = option
        self._save()

    def action_flag(self) -> None:
        """Flag the question to come back to it (or unflag it)."""
        if not self._change(self.live.toggle_flag):
            return
        self._show_state()
        self._save()

    def action_certainty(self, _level: int) -> None:
        """Say how sure you are of this answer: none, low, medium, high (never graded)."""
        if not self._change(self.live.rate_certainty):
            return
        self._show_state()
        self.refresh_bindings()
        self._save()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "certainty":
            if not self.session.settings.certainty or self.session.current.is_essay:
                return False
            return parameters[0] == (self.live.certainty(self.session.position) or 0)
        # An essay is written, not picked: the option keys are hidden there.
        return not (action == "choose" and self.is_mounted and self.session.current.is_essay)

    # Essays: noted as typed, saved at most ESSAY_SAVE_DELAY behind and on leaving

    def action_write(self) -> None:
        """Go into the essay editor."""
        if self.session.current.is_essay and not self.session.closed:
            self.query_one(EssayArea).focus()
            self._show_choose()

    @on(EssayArea.Changed, "#essay")
    def _typed(self, event: EssayArea.Changed) -> None:
        if not self.session.current.is_essay:
            return
        if not self._change(lambda: self.live.write(event.text_area.text)):
            return
        if self._essay_timer is not None:
            self._essay_timer.stop()
        self._essay_timer = self.set_timer(ESSAY_SAVE_DELAY, self._save_essay)
        self._show_choose()
        self._show_progress()

    def _save_essay(self) -> None:
        self._essay_timer = None
        if self.live.pending_essays:
            self._save()

    def _flush_essay(self) -> None:
        """Save the essay being typed now (leaving it must not wait for the timer)."""
        if self._essay_timer is not None:
            self._essay_timer.stop()
        self._save_essay()

    def on_descendant_focus(self) -> None:
        if self.is_mounted and self.session.current.is_essay:
            self._show_choose()

    def on_descendant_blur(self) -> None:
        self.on_descendant_focus()

    @on(EssayArea.PasteRefused)
    def _paste_refused(self, event: EssayArea.PasteRefused) -> None:
        self.notify(
            f"Pasting {plural(event.words, 'word')} is not allowed: write your answer yourself,"
            f" as the real assessment forbids pasting prepared answers (up to {PASTE_WORDS}"
            " words may be pasted).",
            title="Paste refused",
            severity="warning",
        )

    @on(EssayArea.Done)
    def _done_writing(self) -> None:
        self._flush_essay()
        self.set_focus(None)
        self._show_choose()

    # Saving: off the UI thread, in the order the changes were made

    def _save(self) -> None:
        self._saving += 1
        self._write()

    @work(thread=True, group="exam-save", exit_on_error=False)
    def _write(self) -> None:
        """Write the changes not yet on disk (the attempt's lock keeps them in order)."""
        try:
            change = self.live.save()
        finally:
            self.app.call_from_thread(self._written)
        self.app.call_from_thread(self._saved, change)

    def _written(self) -> None:
        self._saving -= 1

    def _saved(self, change: Change) -> None:
        if not self.is_attached:
            return
        if not change.saved and not self._refused:
            self.notify(
                f"{change.problem}. Your choice is kept, marked {UNSAVED}, and saved as soon as"
                " the database accepts it.",
                title="Not saved",
                severity="error",
                timeout=30,
                markup=False,  # the database's complaint may name a path with [brackets]
            )
        elif change.saved and self._refused:
            self.notify("Every answer is saved now.", title="Saved")
        self._refused = not change.saved
        self._show_state()

    def _retry_unsaved(self) -> None:
        if self.live.unsaved() and not self._saving and not self.submitting:
            self._save()

    def unsaved_warning(self) -> str:
        """What leaving now would lose, said plainly ("" when everything is saved)."""
        refused = sorted(self.live.refused)
        if not refused:
            return ""
        numbers = ", ".join(str(i + 1) for i in refused)
        return (
            f" The database has not accepted your changes to question {numbers}"
            f" ({self.live.problem}); leaving now loses them."
        )

    # Moving around

    def action_enter(self) -> None:
        """Enter: in practice, check the answer (saying so when there is none); else next."""
        if self.session.current.is_essay:
            self.action_write()
            return
        position = self.session.position
        if self.session.feedback_each and not self.live.selection(position):
            last = len(self.session.current.options)
            self._hint(
                f"Choose an answer first (A-{LETTERS[last - 1]} or 1-{last}), then Enter checks"
                " it. → or n skips this question for now.",
                title="Nothing chosen",
            )
            return
        self.action_next()

    def action_next(self) -> None:
        """Go to the next question (in practice, check the answer first)."""
        session = self.session
        position = session.position
        if self.live.wants_check(position):
            if self._too_few(position):
                return
            self._check(position)
        elif not session.feedback_each and self._too_few(position):
            return
        elif position == session.count - 1:
            self.action_submit()
        else:
            self._goto(position + 1)

    def _too_few(self, position: int) -> bool:
        """Warn once before leaving a multiple-answer question with options still to choose."""
        question = self.session.questions[position]
        missing = self.session.missing(position, self.live.selection(position))
        if not missing or self.warned == position:
            return False
        self.warned = position
        then = (
            "Press Enter again to check it as it is."
            if self.session.feedback_each
            else "Move on again to leave it so; it counts as wrong unless complete."
        )
        self._hint(
            f"Choose {missing} more (this question wants {question.choose}). {then}",
            severity="warning",
        )
        return True

    def _hint(self, message: str, **options: Any) -> None:
        """A toast about the current question, taken down as soon as it no longer applies."""
        self._drop_hints()
        self._hints.append(message)
        self.notify(message, **options)

    def _drop_hints(self) -> None:
        """Take down the hints about a selection that has changed or a question left."""
        if not self._hints:
            return
        hints, self._hints = set(self._hints), []
        stale = [toast for toast in self.app._notifications if toast.message in hints]
        for toast in stale:
            self.app._unnotify(toast, refresh=False)
        if stale:
            self.app._refresh_notifications()

    def action_previous(self) -> None:
        """Go to the previous question."""
        self._goto(self.session.position - 1)

    def _goto(self, index: int) -> None:
        if 0 <= index < self.session.count and index != self.session.position:
            if self._essay_timer is not None:
                self._essay_timer.stop()
                self._essay_timer = None
            self._drop_hints()
            self.live.goto(index)
            self._show_question()
            self.refresh_bindings()
            self._save()

    @on(Navigator.Jump)
    def _jump(self, event: Navigator.Jump) -> None:
        self._goto(event.index)
        self.query_one(OptionPicker).focus()

    def _check(self, position: int) -> None:
        from po_exam.ui.screens.feedback import FeedbackScreen

        self.live.check()
        self._drop_hints()  # nothing may cover the feedback
        self._show_state()
        question = self.session.questions[position]
        selection = self.live.selection(position)
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
            + self.unsaved_warning()
        )

        def leave(yes: bool | None) -> None:
            if yes:
                if self.live.pending_essays:
                    self.live.save()  # the essay typed since the last save, before leaving
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
        if self.session.submitted or self.submitting or not self.is_attached:
            return
        self.notify("Time is up: the exam is submitted with the answers given.", title="Time")
        self._submit(accept_loss=True)

    def _submit(self, *, accept_loss: bool = False) -> None:
        if self.session.submitted or self.submitting:
            return
        self.submitting = True
        self._finish(accept_loss)

    @work(thread=True, group="exam-submit", exit_on_error=False)
    def _finish(self, accept_loss: bool) -> None:
        """Store the verdict (the one grading there is), then show the results."""
        try:
            finished = self.live.submit(accept_loss=accept_loss)
        except Unsaved as unsaved:
            self.app.call_from_thread(self._ask_to_lose, unsaved)
        except AttemptError as error:
            self.app.call_from_thread(self._not_submitted, str(error))
        else:
            self.app.call_from_thread(self._show_results, finished)

    def _ask_to_lose(self, unsaved: Unsaved) -> None:
        from po_exam.ui.screens.confirm import ConfirmScreen

        self.submitting = False
        self._refused = True
        self._show_state()

        def decided(yes: bool | None) -> None:
            if yes:
                self._submit(accept_loss=True)

        self.app.push_screen(
            ConfirmScreen(f"{unsaved} Submit anyway?", yes="Submit anyway", no="Keep trying"),
            decided,
        )

    def _not_submitted(self, message: str) -> None:
        self.submitting = False
        self.notify(message, title="Not submitted", severity="error", timeout=30, markup=False)
        self._show_state()

    def _show_results(self, finished: Finished) -> None:
        from po_exam.ui.screens.results import ResultsScreen

        self.submitting = False
        self.app.go_home()
        mode = MODES.get(finished.mode)
        if mode is not None and (mode.essays or mode.by_objective):
            # Read back: objectives and essays come from the stored attempt.
            grading = bool(finished.result.ungraded)  # read again once grading is done
            self.app.push_screen(ResultsScreen(finished.attempt_id, grading=grading))
        else:
            self.app.push_screen(ResultsScreen(finished.attempt_id, finished))
        if finished.result.ungraded:
            from po_exam.ui.screens.self_grade import SelfGradeScreen

            self.app.push_screen(SelfGradeScreen(finished.attempt_id))
        if finished.lost:
            numbers = ", ".join(str(i + 1) for i in finished.lost)
            self.app.notify(
                f"The database never accepted the answers to question {numbers}:"
                " they were submitted as unanswered.",
                title="Not saved",
                severity="error",
                timeout=30,
            )


def legend_text(practice: bool) -> str:
    """What the navigator's marks mean; in practice ✓ and ✗ are the verdicts of checked answers."""
    if practice:
        return (
            f"{RIGHT} right  {WRONG} wrong\n{CHOSEN} chosen, not checked\n{UNANSWERED} unanswered\n"
            f"{INCOMPLETE} too few chosen\n{UNSAVED} not saved yet\n{FLAG} flagged"
        )
    return (
        f"{RIGHT} answered\n{UNANSWERED} unanswered\n{INCOMPLETE} too few chosen\n"
        f"{UNSAVED} not saved yet\n{FLAG} flagged"
    )
