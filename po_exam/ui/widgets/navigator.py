"""A grid of every question of an attempt: answered, unanswered, flagged; select one to jump."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import DataTable

from po_exam.ui.formatting import (
    CERTAINTY_MARKS,
    CHOSEN,
    FLAG,
    INCOMPLETE,
    RIGHT,
    UNANSWERED,
    UNSAVED,
    WRONG,
)

COLUMNS = 10


@dataclass(frozen=True, slots=True)
class QuestionState:
    """What the navigator shows of one question."""

    answered: bool
    flagged: bool
    incomplete: bool = False
    """Some options chosen, fewer than the question asks for."""
    unsaved: bool = False
    """A choice the database has not accepted yet."""
    certainty: int | None = None
    """How certain the learner said they are (1 low, 2 medium, 3 high), when asked."""
    right: bool | None = None
    """Practice: whether the checked answer was right (None: not checked, or not practice)."""
    graded: bool = False
    """Practice: answers are checked one by one, so ✓/✗ mean right/wrong, not "answered"."""
    essay: bool = False
    """Written, then self-graded against a rubric: blank, it has nothing to grade."""


class Navigator(DataTable[Text]):
    """Questions in rows (of ten by default); Enter or a click on a cell posts `Jump`."""

    states: reactive[tuple[QuestionState, ...]] = reactive(tuple, always_update=True)

    @dataclass
    class Jump(Message):
        """Go to question `index` (0-based)."""

        index: int

    def __init__(self, *, columns: int = COLUMNS, id: str | None = None) -> None:
        super().__init__(id=id, show_header=False, cursor_type="cell", zebra_stripes=False)
        self.columns_per_row = columns

    def on_mount(self) -> None:
        self.add_columns(*(str(column) for column in range(self.columns_per_row)))

    def watch_states(self, states: tuple[QuestionState, ...]) -> None:
        cursor = self.cursor_coordinate
        self.clear()
        width = self.columns_per_row
        for start in range(0, len(states), width):
            self.add_row(
                *(cell(start + i, state) for i, state in enumerate(states[start : start + width]))
            )
        if self.row_count:
            self.move_cursor(row=min(cursor.row, self.row_count - 1), column=cursor.column)

    def show_question(self, index: int) -> None:
        """Put the cursor on question `index`."""
        self.move_cursor(row=index // self.columns_per_row, column=index % self.columns_per_row)

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        index = event.coordinate.row * self.columns_per_row + event.coordinate.column
        if index < len(self.states):
            self.post_message(self.Jump(index))


def cell(index: int, state: QuestionState) -> Text:
    """One question's cell: its number, then ✓, ✗, •, ~, ! or ·, then ⚑ when flagged."""
    if state.unsaved:
        mark, style = UNSAVED, "bold red"
    elif state.right is not None:
        mark, style = (RIGHT, "bold green") if state.right else (WRONG, "bold red")
    elif state.incomplete:
        mark, style = INCOMPLETE, "bold yellow"
    elif state.answered and state.graded:
        mark, style = CHOSEN, "bold"
    elif state.answered:
        mark, style = RIGHT, "bold"
    else:
        mark, style = UNANSWERED, "dim"
    text = Text(f"{index + 1:>3}{mark}", style=style)
    text.append(FLAG if state.flagged else " ", style="bold yellow")
    if state.certainty:
        text.append(CERTAINTY_MARKS[state.certainty], style="cyan")
    return text
