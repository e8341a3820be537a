"""Setting the day of the learner's real exam: review is then aimed at it."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

CLEAR = "clear"


def parse_exam_day(text: str, today: date) -> date | str:
    """The day typed (YYYY-MM-DD), or why it is refused; `CLEAR` for an empty entry."""
    text = text.strip()
    if not text:
        return CLEAR
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return f"{text!r} is not a date: type it as YYYY-MM-DD, e.g. {today.isoformat()}."
    if day < today:
        return f"{day.isoformat()} has passed: give the day of an exam still ahead."
    return day


class ExamDayScreen(ModalScreen[date | str | None]):
    """Asks for the exam day; dismisses with the day, `CLEAR`, or None when cancelled."""

    CSS_PATH = "confirm.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, current: date | None, today: date) -> None:
        super().__init__()
        self.current = current
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(
                Text(
                    "The day of your real exam (YYYY-MM-DD). Review is then spaced so that your"
                    " mistakes are due again before that day. Leave it empty to clear it;"
                    " Esc cancels."
                ),
                id="question",
            )
            yield Input(
                self.current.isoformat() if self.current else "",
                placeholder=self.today.isoformat(),
                id="day",
            )
            yield Static(id="problem")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        found = parse_exam_day(event.value, self.today)
        if isinstance(found, str) and found != CLEAR:
            self.query_one("#problem", Static).update(Text(f"✗ {found}", style="bold"))
            return
        self.dismiss(found)

    def action_cancel(self) -> None:
        """Keep the exam day as it was."""
        self.dismiss(None)
