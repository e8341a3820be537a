"""Shown over everything while the terminal is smaller than the app needs."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Static


class TooSmallScreen(ModalScreen[None]):
    """Says how big the terminal is and how big it must be; goes away once it is."""

    CSS_PATH = "too_small.tcss"

    def compose(self) -> ComposeResult:
        yield Static(id="message")

    def on_mount(self) -> None:
        self._explain()

    def on_resize(self, event: events.Resize) -> None:
        self._explain()

    def _explain(self) -> None:
        from po_exam.ui.app import MIN_HEIGHT, MIN_WIDTH

        width, height = self.app.size
        self.query_one("#message", Static).update(
            f"This terminal is {width}x{height}.\n"
            f"po-exam needs at least {MIN_WIDTH}x{MIN_HEIGHT}: please enlarge the window.\n"
            "Nothing is lost meanwhile; Ctrl+Q quits."
        )
