"""A tick list driven from the keyboard: ticks drawn as ✓ (not colour alone), all/none/only keys."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from rich.segment import Segment
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.strip import Strip
from textual.widgets import Checkbox, SelectionList

from po_exam.ui.formatting import RIGHT

Value = TypeVar("Value")

TICKED, UNTICKED = RIGHT, " "


class ChoiceList(SelectionList[Value]):
    """A SelectionList whose box shows ✓ when ticked, with keys to tick all, none or only one."""

    BINDINGS = [
        Binding("a", "tick_all", "All", tooltip="Tick every entry"),
        Binding("n", "tick_none", "None", tooltip="Untick every entry"),
        Binding("o", "tick_only", "Only this", tooltip="Tick the highlighted entry only"),
        # Space ticks; Enter is the form's "go" (it does not tick, so it cannot untick by surprise).
        Binding("enter", "confirm", "Start", show=False),
    ]

    @dataclass
    class Confirmed(Message):
        """Enter was pressed on the list: the screen goes ahead with the choices."""

        choices: ChoiceList[object]

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        index = self.scroll_offset.y + y
        if not 0 <= index < self.option_count:
            return strip
        segments = list(strip)
        if len(segments) < 4:
            return strip
        ticked = self.get_option_at_index(index).value in self.selected
        _text, style, control = segments[1]
        segments[1] = Segment(TICKED if ticked else UNTICKED, style, control)
        return Strip(segments, strip.cell_length)

    def action_confirm(self) -> None:
        """Tell the screen the choices are made."""
        self.post_message(self.Confirmed(self))

    def action_tick_all(self) -> None:
        """Tick every entry."""
        self.select_all()

    def action_tick_none(self) -> None:
        """Untick every entry."""
        self.deselect_all()

    def action_tick_only(self) -> None:
        """Tick the highlighted entry and untick the rest."""
        if self.highlighted is None:
            return
        only = self.get_option_at_index(self.highlighted).value
        with self.prevent(SelectionList.SelectedChanged):
            self.deselect_all()
        self.select(only)


class TickBox(Checkbox):
    """A checkbox drawn ✓ when ticked and blank when not (Textual's shows X either way)."""

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = TICKED if self.value else UNTICKED
        return super()._button
