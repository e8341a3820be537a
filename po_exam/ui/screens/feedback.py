"""Practice feedback: right or wrong, with the explanation and reference, before moving on."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from po_exam.exam.asked import AskedQuestion
from po_exam.ui.widgets.question_review import QuestionReview


class FeedbackScreen(ModalScreen[None]):
    """Shows how the learner did on one question; any of its keys moves on."""

    CSS_PATH = "feedback.tcss"
    BINDINGS = [
        Binding("enter,space,n", "continue", "Continue"),
        Binding("escape", "continue", "Continue", show=False),
    ]

    def __init__(self, number: int, question: AskedQuestion, selection: frozenset[int]) -> None:
        super().__init__()
        self.number = number
        self.question = question
        self.selection = selection

    def compose(self) -> ComposeResult:
        with Vertical(id="panel"):
            with VerticalScroll():
                yield QuestionReview(self.number, self.question, self.selection, id="review")
            yield Static("Press Enter to continue.", id="hint")

    def on_mount(self) -> None:
        right = self.question.is_correct(self.selection)
        self.query_one("#panel").set_class(right, "-right")
        self.query_one("#panel").set_class(not right, "-wrong")

    def action_continue(self) -> None:
        """Close the feedback and go on to the next question."""
        self.dismiss(None)
