"""Review before submitting: every question at a glance, the unanswered and flagged listed."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from po_exam.ui.formatting import (
    CHOSEN,
    FLAG,
    INCOMPLETE,
    RIGHT,
    UNANSWERED,
    UNSAVED,
    WRONG,
    plural,
)
from po_exam.ui.widgets.footer import Footer
from po_exam.ui.widgets.navigator import Navigator, QuestionState

LISTED = 12
"""How many question numbers a list shows before saying `and N more`."""


class ReviewScreen(ModalScreen[int | str | None]):
    """Dismisses with a question index to jump to, "submit", or None to go back."""

    CSS_PATH = "review.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back to exam"),
        Binding("s", "submit", "Submit"),
        Binding(
            "u",
            "first('unanswered')",
            "First unanswered",
            tooltip="Go to the first unanswered question",
        ),
        Binding(
            "f", "first('flagged')", "First flagged", tooltip="Go to the first flagged question"
        ),
    ]

    def __init__(
        self, states: tuple[QuestionState, ...], position: int, *, submitting: bool
    ) -> None:
        super().__init__()
        self.states = states
        self.position = position
        self.submitting = submitting
        self.unanswered = [
            i for i, s in enumerate(states) if not (s.answered or s.incomplete or s.unsaved)
        ]
        self.incomplete = [i for i, s in enumerate(states) if s.incomplete]
        self.unsaved = [i for i, s in enumerate(states) if s.unsaved]
        self.flagged = [i for i, s in enumerate(states) if s.flagged]

    def compose(self) -> ComposeResult:
        answered = sum(s.answered for s in self.states)
        counts = f"{len(self.unanswered)} unanswered · "
        if self.incomplete:
            counts += f"{len(self.incomplete)} incomplete · "
        if self.unsaved:
            counts += f"{len(self.unsaved)} not saved · "
        with Vertical(id="dialog"):
            yield Static(
                Text.assemble(
                    ("Review before submitting" if self.submitting else "Overview", "bold"),
                    f"   {answered} of {len(self.states)} answered · "
                    f"{counts}{len(self.flagged)} flagged",
                ),
                id="summary",
            )
            yield Navigator(id="navigator")
            graded = any(state.graded for state in self.states)
            answered = (
                f"{RIGHT} right  {WRONG} wrong  {CHOSEN} unchecked"
                if graded
                else (f"{RIGHT} answered")
            )
            yield Static(
                f"{answered}  {UNANSWERED} unanswered  {INCOMPLETE} too few  "
                f"{UNSAVED} not saved  {FLAG} flagged — Enter or a click jumps",
                id="legend",
            )
            yield Static(numbers_text("Unanswered", self.unanswered), id="unanswered")
            if self.incomplete:
                yield Static(
                    numbers_text("Incomplete (too few chosen)", self.incomplete), id="incomplete"
                )
            if self.unsaved:
                yield Static(numbers_text("Not saved yet", self.unsaved), id="unsaved")
            yield Static(numbers_text("Flagged", self.flagged), id="flagged")
            with Horizontal(id="buttons"):
                yield Button("Back to exam (esc)", id="back")
                yield Button("Submit… (s)", variant="primary", id="submit")
        # u and f are listed here, not only under F1.
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        navigator = self.query_one(Navigator)
        navigator.states = self.states
        navigator.show_question(self.position)
        if self.submitting:
            self.query_one("#submit").focus()
        else:
            navigator.focus()

    @on(Navigator.Jump)
    def _jump(self, event: Navigator.Jump) -> None:
        self.dismiss(event.index)

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        """Return to the question being answered."""
        self.dismiss(None)

    def action_first(self, which: str) -> None:
        """Jump to the first unanswered or flagged question."""
        found = self.unanswered if which == "unanswered" else self.flagged
        if found:
            self.dismiss(found[0])
        else:
            self.notify(f"No {which} questions.")

    @on(Button.Pressed, "#submit")
    def action_submit(self) -> None:
        """Ask for confirmation, then submit."""
        from po_exam.ui.screens.confirm import ConfirmScreen

        warning = ""
        blank = [i for i in self.unanswered if self.states[i].essay]
        unanswered = len(self.unanswered) - len(blank)
        if unanswered:
            warning += f" {plural(unanswered, 'unanswered question')} will count as wrong."
        if blank:
            warning += (
                f" {plural(len(blank), 'blank essay')} will have nothing to grade:"
                " a blank essay does not meet expectations."
            )
        if self.incomplete:
            warning += (
                f" {plural(len(self.incomplete), 'incomplete question')} will count as wrong."
            )
        if self.flagged:
            warning += f" {plural(len(self.flagged), 'question')} still flagged."

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.dismiss("submit")

        self.app.push_screen(
            ConfirmScreen(
                f"Submit the exam now?{warning} This cannot be undone.",
                yes="Submit",
                no="Not yet",
            ),
            confirmed,
        )


def numbers_text(label: str, positions: list[int]) -> Text:
    """`Unanswered: 3, 7, 12 … and 8 more`, numbered from 1."""
    text = Text.assemble((f"{label}: ", "bold"))
    if not positions:
        return text.append("none")
    shown = ", ".join(str(i + 1) for i in positions[:LISTED])
    more = f" … and {len(positions) - LISTED} more" if len(positions) > LISTED else ""
    return text.append(shown + more)
