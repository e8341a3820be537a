"""Item statistics: how each question of the loaded banks fares in the attempts so far."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Header, Static

from po_exam.ui.formatting import LETTERS, plural
from po_exam.ui.screens.base import AppScreen
from po_exam.ui.widgets.footer import Footer

if TYPE_CHECKING:
    from po_exam.attempts import Attempts
    from po_exam.banks.models import Bank
    from po_exam.store.items import ItemStat

COLUMNS = (("Question", 22), ("Asked", 5), ("Right", 5), ("Discr.", 6), ("Flags", 28))
SHORT_FLAGS = {
    "too-easy": "easy",
    "too-hard": "hard",
    "unused-distractor": "unused option",
    "negative-discrimination": "neg. discr.",
    "possible-mis-key": "MIS-KEY?",
}


class ItemsScreen(AppScreen):
    """Every question with its share right, discrimination and flags; the picks below."""

    CSS_PATH = "items.tcss"
    SUB_TITLE = "Item statistics"
    BINDINGS = [
        Binding("f", "flagged", "Flagged only", tooltip="Show only questions with a flag"),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.stats: list[ItemStat] = []
        self.flagged_only = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Counting the answers of every finished attempt…", id="summary")
        yield DataTable(id="item-table", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="item-detail"):
            yield Static(id="picks")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#item-table", DataTable)
        for label, width in COLUMNS:
            table.add_column(label, key=label.lower(), width=width)
        table.focus()
        if self.app.attempts is not None:
            self._load(self.app.attempts, list(self.app.banks))

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _load(self, attempts: Attempts, banks: list[Bank]) -> None:
        """Count every answer of the loaded banks' questions (one grouped query)."""
        stats = attempts.item_stats(banks)
        self.app.call_from_thread(self._show, stats)

    def _show(self, stats: list[ItemStat]) -> None:
        from po_exam.store.items import MIN_ANSWERS

        self.stats = stats
        enough = sum(1 for s in stats if s.enough)
        flagged = sum(1 for s in stats if _worth_a_look(s))
        self.query_one("#summary", Static).update(
            Text(
                f"{plural(len(stats), 'question')}; {enough} with at least {MIN_ANSWERS}"
                f" answers, {flagged} flagged. Right: share answered right. Discr.: how well"
                " it tells strong attempts from weak ones (below 0: the weak do better)."
            )
        )
        self._fill()

    def _fill(self) -> None:
        table = self.query_one("#item-table", DataTable)
        table.clear()
        # Flagged questions first, then the most answered: what an author acts on comes first.
        order = sorted(
            range(len(self.stats)),
            key=lambda i: (not _worth_a_look(self.stats[i]), -self.stats[i].asked),
        )
        for index in order:
            stat = self.stats[index]
            if self.flagged_only and not _worth_a_look(stat):
                continue
            right = "–" if stat.difficulty is None else f"{stat.difficulty * 100:.0f}%"
            discr = "–" if stat.discrimination is None else f"{stat.discrimination:+.2f}"
            flags = _flags(stat)
            if stat.disputes:
                flags = f"⚑{stat.disputes} {flags}".strip()
            table.add_row(
                Text(stat.question_id),
                str(stat.asked),
                right,
                discr,
                Text(flags or ("too few answers" if not stat.enough else ""), style="bold"),
                key=str(index),
            )
        if not table.row_count:
            self.query_one("#picks", Static).update(
                "No flagged questions." if self.flagged_only else "No questions are loaded."
            )
        else:
            self._detail(0 if table.cursor_row is None else table.cursor_row)

    @on(DataTable.RowHighlighted, "#item-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            self._detail_of(self.stats[int(event.row_key.value)])

    def _detail(self, row: int) -> None:
        table = self.query_one("#item-table", DataTable)
        if table.row_count:
            key, _ = table.coordinate_to_cell_key((min(row, table.row_count - 1), 0))
            if key.value is not None:
                self._detail_of(self.stats[int(key.value)])

    def _detail_of(self, stat: ItemStat) -> None:
        picks = Table.grid(padding=(0, 1))
        for _ in range(4):
            picks.add_column(no_wrap=True)
        picks.add_column(ratio=1)
        for index, option in enumerate(stat.options):
            letter = LETTERS[index] if index < len(LETTERS) else " "
            picks.add_row(
                f"{letter}.",
                Text("key", style="green") if option.key else "",
                f"{option.picks:>5} picked",
                f"({option.top_picks} by the top third)",
                Text(option.text),
            )
        parts = [
            Text(f"{stat.bank_id}/{stat.question_id}", style="dim"),
            Text(stat.text, style="bold"),
        ]
        if stat.asked:
            parts.append(picks)
        if stat.disputes:
            parts.append(Text(f"⚑ {plural(stat.disputes, 'open dispute')}: po-exam disputes list"))
        self.query_one("#picks", Static).update(Group(*parts))

    def action_flagged(self) -> None:
        """Show only the flagged questions, or every question again."""
        self.flagged_only = not self.flagged_only
        self._fill()


def _worth_a_look(stat: ItemStat) -> bool:
    return bool(_flags(stat) or stat.disputes)


def _flags(stat: ItemStat) -> str:
    """The flags of a question, short, for the table."""
    return ", ".join(SHORT_FLAGS[f] for f in stat.flags if f in SHORT_FLAGS)
