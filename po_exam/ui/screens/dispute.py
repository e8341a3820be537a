"""Dispute this key: the learner argues, in their own words, that a question's key is wrong."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static, TextArea

from po_exam.ui.formatting import letters

if TYPE_CHECKING:
    from po_exam.store.models import ReviewItem

PLACEHOLDER = "Why is the key wrong? You may quote the Scrum Guide."


class DisputeScreen(ModalScreen[str | None]):
    """Asks for the argument; dismisses with it (Ctrl+S) or None (Esc)."""

    CSS_PATH = "dispute.tcss"
    BINDINGS = [
        Binding("ctrl+s", "send", "Send", priority=True, tooltip="Save the dispute"),
        Binding("escape", "cancel", "Cancel", tooltip="Close without saving"),
    ]

    def __init__(self, item: ReviewItem, number: int) -> None:
        super().__init__()
        self.item = item
        self.number = number

    def compose(self) -> ComposeResult:
        question = self.item.question
        chosen = letters(self.item.selection) if self.item.selection else "nothing"
        with Vertical(id="dialog"):
            yield Static(
                Text.assemble(
                    (f"Dispute this key · question {self.number}", "bold"),
                    f" · {question.bank_id}/{question.question_id}",
                ),
                id="title",
            )
            yield Static(Text(question.text), id="stem")  # never markup: bank text
            yield Static(
                Text(f"You chose {chosen}; the key is {letters(question.correct)}."), id="choice"
            )
            yield TextArea(
                id="argument", soft_wrap=True, show_line_numbers=False, placeholder=PLACEHOLDER
            )
            with Horizontal(id="buttons"):
                yield Button("Send (Ctrl+S)", variant="primary", id="send")
                yield Button("Cancel (Esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#argument", TextArea).focus()

    @on(Button.Pressed, "#send")
    def action_send(self) -> None:
        """Send the argument; an empty one is refused with a notice."""
        argument = self.query_one("#argument", TextArea).text.strip()
        if not argument:
            self.notify("Write why you think the key is wrong first.", severity="warning")
            return
        self.dismiss(argument)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without saving anything."""
        self.dismiss(None)
