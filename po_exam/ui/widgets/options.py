"""The answer options of one question: pick by key, arrows or mouse; the screen decides."""

from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from po_exam.exam.asked import AskedQuestion
from po_exam.ui.formatting import LETTERS


class OptionRow(Static):
    """One option: its marker, letter and text, wrapped with a hanging indent."""

    def __init__(self, index: int, text: str) -> None:
        super().__init__(id=f"option-{index}")
        self.index = index
        self.text = text

    def show(self, selected: bool, multiple: bool) -> None:
        """Draw the row as selected or not (box for multiple answer, circle for single)."""
        boxes = ("[ ]", "[✓]") if multiple else ("( )", "(●)")
        marker = boxes[selected]
        grid = Table.grid(padding=(0, 1))
        grid.add_column(width=3, no_wrap=True)
        grid.add_column(width=2, no_wrap=True)
        grid.add_column(ratio=1)
        grid.add_row(marker, Text(f"{LETTERS[self.index]}.", style="bold"), Text(self.text))
        self.set_class(selected, "-selected")
        self.update(grid)


class OptionPicker(Vertical, can_focus=True):
    """The options of a question; posts `Chosen` and lets its screen change the selection."""

    BINDINGS = [
        Binding("up", "move(-1)", "Previous option", show=False),
        Binding("down", "move(1)", "Next option", show=False),
        Binding("space", "choose_highlighted", "Choose highlighted option", show=False),
    ]

    question: reactive[AskedQuestion | None] = reactive(None, recompose=True)
    selection: reactive[frozenset[int]] = reactive(frozenset)
    highlighted: reactive[int] = reactive(0)

    @dataclass
    class Chosen(Message):
        """The learner picked (or unpicked) option `option` (display position)."""

        option: int

    def compose(self) -> ComposeResult:
        if self.question is None:
            return
        for index, text in enumerate(self.question.options):
            row = OptionRow(index, text)
            row.show(index in self.selection, self.question.type == "multiple")
            row.set_class(index == self.highlighted, "-highlighted")
            yield row

    def watch_question(self) -> None:
        self.highlighted = 0

    def watch_selection(self, selection: frozenset[int]) -> None:
        multiple = self.question is not None and self.question.type == "multiple"
        for row in self.query(OptionRow):
            row.show(row.index in selection, multiple)

    def watch_highlighted(self, highlighted: int) -> None:
        for row in self.query(OptionRow):
            row.set_class(row.index == highlighted, "-highlighted")
            if row.index == highlighted:
                row.scroll_visible()

    def action_move(self, step: int) -> None:
        """Move the highlight up or down the options."""
        if self.question is not None:
            self.highlighted = (self.highlighted + step) % len(self.question.options)

    def action_choose_highlighted(self) -> None:
        """Pick the highlighted option."""
        if self.question is not None:
            self.post_message(self.Chosen(self.highlighted))

    def on_click(self, event: events.Click) -> None:
        row = event.widget
        while row is not None and not isinstance(row, OptionRow):
            row = row.parent
        if isinstance(row, OptionRow):
            self.focus()
            self.highlighted = row.index
            self.post_message(self.Chosen(row.index))
