"""Who is practising? Asked on start when the database is shared by a class."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

NEW = "\0new"


class LearnerScreen(ModalScreen[str | None]):
    """Pick a learner from the database's list, or type a new name; dismisses with the name
    (None: quit)."""

    DEFAULT_CSS = """
    LearnerScreen { align: center middle; }
    LearnerScreen #dialog {
        width: 60; height: auto; max-height: 22; border: thick $primary; padding: 1 2;
        background: $surface;
    }
    LearnerScreen OptionList { height: auto; max-height: 12; }
    LearnerScreen Input { display: none; }
    LearnerScreen.-new Input { display: block; }
    """
    BINDINGS = [
        Binding("n", "new", "New learner"),
        Binding("escape", "quit", "Quit"),
    ]

    def __init__(self, names: list[str]) -> None:
        super().__init__()
        self.names = names

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("This database is shared by a class. Who are you?", id="question")
            yield OptionList(
                *(Option(Text(name), id=name) for name in self.names),
                Option("+ New learner… (n)", id=NEW),
                id="learners",
            )
            yield Input(placeholder="Your name, then Enter", max_length=64, id="name")

    def on_mount(self) -> None:
        if self.names:
            self.query_one(OptionList).focus()
        else:
            self.action_new()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == NEW:
            self.action_new()
        else:
            self.dismiss(event.option.id)

    @on(Input.Submitted)
    def _named(self, event: Input.Submitted) -> None:
        name = " ".join(event.value.split())
        if name:
            self.dismiss(name)
        else:
            self.notify("Type your name first.", severity="warning")

    def action_new(self) -> None:
        """Type a new learner's name."""
        self.add_class("-new")
        self.query_one(Input).focus()

    def action_quit(self) -> None:
        """Leave without choosing (the app closes)."""
        self.dismiss(None)
