"""Shown when the history database cannot be opened: what is wrong, never a traceback."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static


class StoreErrorScreen(ModalScreen[None]):
    """Explains the database problem; the file is left untouched."""

    CSS_PATH = "store_error.tcss"
    BINDINGS = [
        Binding("q", "app.quit", "Quit"),
        Binding("escape", "dismiss", "Browse without history"),
    ]

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("✗ Your history database cannot be opened", id="title")
            yield Static(self.message, id="message", markup=False)  # it names a path
            yield Static(
                "q quits · Esc looks around without history (exams cannot be started).",
                id="hint",
            )
