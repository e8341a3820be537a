"""Recording the date a PSPO class passport was received (empty clears it)."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from po_exam.exam.retry import PASSPORT_WINDOW_DAYS

NOTHING = "clear"
"""Dismissed with this when the learner cleared the date."""


def parse_passport(value: str) -> date | None:
    """A YYYY-MM-DD date; None for an empty value; ValueError with a message otherwise."""
    value = value.strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a date: write it as YYYY-MM-DD.") from None


class PassportScreen(ModalScreen[date | str | None]):
    """Asks when the passport was received; dismisses with the date, NOTHING, or None (Esc)."""

    CSS_PATH = "passport.tcss"
    BINDINGS = [Binding("escape", "dismiss(None)", "Back")]

    def __init__(self, current: date | None) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(
                Text(
                    "When did you receive your PSPO class passport? With a date, a failed PSPO I"
                    f" simulation earns the free retry only if started within"
                    f" {PASSPORT_WINDOW_DAYS} days of it, as the real rule says. Leave it empty"
                    " for the usual rule. Enter saves, Esc goes back."
                ),
                id="question",
            )
            yield Input(
                self.current.isoformat() if self.current else "",
                placeholder="YYYY-MM-DD",
                id="passport",
            )
            yield Static(id="problem")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        try:
            when = parse_passport(event.value)
        except ValueError as error:
            self.query_one("#problem", Static).update(Text(f"✗ {error}", style="bold"))
            return
        self.dismiss(NOTHING if when is None else when)
