"""Practice feedback: right or wrong, with the explanation and reference, before moving on."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from po_exam.exam.asked import AskedQuestion
from po_exam.ui.widgets.footer import Footer
from po_exam.ui.widgets.question_review import QuestionReview

MORE = "More below: Enter or PgDn reads on, ↓ a line at a time."
DONE = "Press Enter to continue."


class FeedbackScroll(VerticalScroll, can_focus=False):
    """The feedback text; the screen's keys scroll it at once (↓↓↓ quickly: three lines)."""

    @property
    def more_below(self) -> bool:
        """Whether part of the feedback is still out of view."""
        return self.scroll_y < self.max_scroll_y


class FeedbackScreen(ModalScreen[None]):
    """Shows how the learner did on one question; Enter reads on, then moves on."""

    CSS_PATH = "feedback.tcss"
    BINDINGS = [
        Binding("enter,space,n", "continue", "Continue", key_display="Enter"),
        Binding("escape", "close", "Skip the rest"),
        Binding("down,j", "scroll(1)", "Scroll", key_display="↑↓"),
        Binding("up,k", "scroll(-1)", "Scroll", show=False),
        Binding("pagedown", "page(1)", "Page", key_display="PgDn/PgUp"),
        Binding("pageup", "page(-1)", "Page", show=False),
    ]

    def __init__(self, number: int, question: AskedQuestion, selection: frozenset[int]) -> None:
        super().__init__()
        self.number = number
        self.question = question
        self.selection = selection

    def compose(self) -> ComposeResult:
        with Vertical(id="panel"):
            with FeedbackScroll(id="scroll"):
                yield QuestionReview(self.number, self.question, self.selection, id="review")
            yield Static(DONE, id="hint")
        yield Footer(show_command_palette=False)  # this dialog's keys, not the exam's

    def on_mount(self) -> None:
        right = self.question.is_correct(self.selection)
        self.query_one("#panel").set_class(right, "-right")
        self.query_one("#panel").set_class(not right, "-wrong")
        self.call_after_refresh(self._show_hint)

    @property
    def scroller(self) -> FeedbackScroll:
        """The scrolling feedback text."""
        return self.query_one(FeedbackScroll)

    def _show_hint(self) -> None:
        self.query_one("#hint", Static).update(MORE if self.scroller.more_below else DONE)

    def action_scroll(self, lines: int) -> None:
        """Scroll the feedback by `lines`, without animation."""
        self.scroller.scroll_relative(y=lines, animate=False, immediate=True)
        self._show_hint()

    def action_page(self, pages: int) -> None:
        """Scroll the feedback by a page."""
        height = max(1, self.scroller.scrollable_content_region.height - 1)
        self.scroller.scroll_relative(y=pages * height, animate=False, immediate=True)
        self._show_hint()

    def action_continue(self) -> None:
        """Read on while part of the feedback is out of view; then go on to the next question."""
        if self.scroller.more_below:
            self.action_page(1)
        else:
            self.dismiss(None)

    def action_close(self) -> None:
        """Close the feedback at once (Escape), read or not."""
        self.dismiss(None)
