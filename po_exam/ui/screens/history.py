"""History: every attempt (filterable, each opens its debrief), the score trend, topics, readiness."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import (
    DataTable,
    Footer,
    Header,
    Select,
    Sparkline,
    Static,
    TabbedContent,
    TabPane,
)
from textual.worker import Worker
from textual_plotext import PlotextPlot

from po_exam.exam.modes import MODES
from po_exam.ui.formatting import SHORT_MODES, date_text, minutes_text, plural, verdict_text

if TYPE_CHECKING:
    from po_exam.exam.stats import Readiness
    from po_exam.store.db import Store
    from po_exam.store.models import AttemptSummary, TopicAccuracy
    from po_exam.ui.app import PoExamApp

COLUMNS = (("Date", 16), ("Bank", 16), ("Mode", 9), ("Score", 9), ("Result", 10), ("Time", 5))
PAGE = 500
"""Attempts read at a time; the next page loads when the cursor reaches the last row."""
TREND = 30
PASS_LINE = 85
HINT = "Enter opens the selected attempt in the debrief. ↻ marks a free retry."


@dataclass(frozen=True)
class Progress:
    """The trend, topics and readiness, read after the first page of attempts is on screen."""

    trend: list[AttemptSummary]
    topics: list[TopicAccuracy]
    readiness: Readiness


class HistoryScreen(Screen[None]):
    """Attempts in a table; Enter opens one in the debrief."""

    CSS_PATH = "history.tcss"
    SUB_TITLE = "History"
    BINDINGS = [
        Binding("enter", "open", "Open attempt", show=False),
        Binding("1", "tab('attempts')", "Attempts", tooltip="The table of attempts"),
        Binding("2", "tab('progress')", "Progress", tooltip="Score trend and readiness"),
        Binding("3", "tab('topics')", "Topics", tooltip="Accuracy per topic"),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    app: PoExamApp  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self._filters: tuple[str | None, str | None, bool | None] = (None, None, None)
        self._loaded = 0
        self._more = False
        self._generation = 0
        """Bumped by each reload, so a page read for older filters is dropped."""

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(id="tabs"):
            with TabPane("Attempts (1)", id="attempts"):
                with Horizontal(id="filters"):
                    yield Select(
                        [(Text(bank.title), bank.id) for bank in self.app.banks],
                        prompt="All banks",
                        id="bank",
                    )
                    yield Select(
                        [(mode.title, key) for key, mode in MODES.items()],
                        prompt="All modes",
                        id="mode",
                    )
                    yield Select(
                        [("Passed", "passed"), ("Not passed", "failed")],
                        prompt="All results",
                        id="result",
                    )
                yield DataTable(id="attempt-table", cursor_type="row", zebra_stripes=True)
                yield Static(HINT, id="hint")
            with TabPane("Progress (2)", id="progress"):
                yield Static(id="readiness")
                yield Static("Score trend, oldest to newest", classes="heading")
                yield Sparkline([], id="sparkline")
                yield PlotextPlot(id="chart")
            with TabPane("Topics (3)", id="topics"):
                yield Static(
                    "Accuracy per topic across all attempts, weakest first", classes="heading"
                )
                yield DataTable(id="topic-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        attempts = self.query_one("#attempt-table", DataTable)
        for label, width in COLUMNS:
            attempts.add_column(label, key=label.lower(), width=width)
        topics = self.query_one("#topic-table", DataTable)
        for label in ("Topic", "Right", "Accuracy"):
            topics.add_column(label, key=label.lower())
        self._reload()
        attempts.focus()

    @on(Select.Changed)
    def _reload(self) -> None:
        store = self.app.store
        if store is None:
            return
        bank, mode, result = (
            value if isinstance(value := self.query_one(f"#{name}", Select).value, str) else None
            for name in ("bank", "mode", "result")
        )
        self._filters = (bank, mode, None if result is None else result == "passed")
        self._generation += 1
        self._more = False
        self._load(store, self._generation)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.app.report_failed_worker(event)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _load(self, store: Store, generation: int) -> None:
        """Read the first page of attempts, then trend, topic accuracy and readiness."""
        self._read_page(store, generation, offset=0)
        progress = Progress(
            trend=store.score_trend(TREND),
            topics=store.topic_accuracy(),
            readiness=store.readiness(self.app.clock.now()),
        )
        self.app.call_from_thread(self._show, progress)

    @work(thread=True, group="next-page", exclusive=True, exit_on_error=False)
    def _load_next_page(self, store: Store, generation: int, offset: int) -> None:
        """Read the attempts after the `offset` already shown."""
        self._read_page(store, generation, offset)

    def _read_page(self, store: Store, generation: int, offset: int) -> None:
        bank, mode, passed = self._filters
        page = store.list_attempts(offset=offset, limit=PAGE, bank=bank, mode=mode, passed=passed)
        self.app.call_from_thread(self._show_attempts, page, generation, offset)

    @on(DataTable.RowHighlighted, "#attempt-table")
    def _near_the_end(self, event: DataTable.RowHighlighted) -> None:
        store = self.app.store
        if self._more and store is not None and event.cursor_row >= self._loaded - 1:
            self._more = False  # one page at a time
            self._load_next_page(store, self._generation, self._loaded)

    def _show(self, progress: Progress) -> None:
        self._show_progress(progress)
        topics = self.query_one("#topic-table", DataTable)
        topics.clear()
        for topic in sorted(progress.topics, key=lambda t: t.correct / t.total if t.total else 0):
            share = topic.correct * 100 / topic.total if topic.total else 0
            topics.add_row(Text(topic.title), f"{topic.correct}/{topic.total}", f"{share:.0f} %")

    def _show_attempts(self, attempts: list[AttemptSummary], generation: int, offset: int) -> None:
        if generation != self._generation:
            return  # read for filters that have changed since
        titles = {bank.id: bank.title for bank in self.app.banks}
        table = self.query_one("#attempt-table", DataTable)
        if offset == 0:
            table.clear()
        self._loaded = offset + len(attempts)
        self._more = len(attempts) == PAGE
        for attempt in attempts:
            mode = SHORT_MODES.get(attempt.mode, attempt.mode)
            if attempt.retry_of is not None:
                mode += " ↻"
            score = (
                f"{attempt.correct}/{attempt.total} {attempt.percent:.0f}%"
                if attempt.correct is not None
                else f"–/{attempt.total}"
            )
            style = "green" if attempt.passed else "red" if attempt.passed is False else "dim"
            table.add_row(
                date_text(attempt.started_at),
                Text(banks_text([titles.get(bank, bank) for bank in attempt.bank_ids])),
                Text(mode),  # from the database: a str cell would be read as markup
                score,
                Text(verdict_text(attempt.passed), style=style),
                minutes_text(attempt.seconds_used),
                key=str(attempt.id),
            )
        if not self._loaded:
            self.query_one("#hint", Static).update("No attempts match these filters yet.")
        else:
            self.query_one("#hint", Static).update(HINT)

    def _show_progress(self, progress: Progress) -> None:
        ready = progress.readiness
        readiness = self.query_one("#readiness", Static)
        if ready.simulations:
            readiness.update(
                Text.assemble(
                    ("Readiness: ", "bold"),
                    f"passed {ready.passed} of your last {plural(ready.simulations, 'simulation')},"
                    f" mean score {ready.mean_percent:.0f} % (the real exam needs {PASS_LINE} %).",
                )
            )
        else:
            readiness.update("Readiness: take a PSPO I simulation to see how ready you are.")
        scores = [a.percent for a in progress.trend if a.correct is not None]
        sparkline = self.query_one("#sparkline", Sparkline)
        sparkline.data = scores
        sparkline.display = len(scores) > 1  # one bar alone says nothing about a trend
        chart = self.query_one("#chart", PlotextPlot)
        plt = chart.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title(
            "Score % per finished attempt"
            if len(scores) > 1
            else "Score % per finished attempt: the trend shows from your second attempt on"
        )
        plt.ylim(0, 100)
        plt.yticks([0, 25, 50, PASS_LINE, 100])
        if scores:
            numbers = list(range(1, len(scores) + 1))
            plt.plot(numbers, scores, marker="dot")
            plt.xticks(numbers[:: max(1, len(numbers) // 10)])
        plt.hline(PASS_LINE, "red")
        plt.xlabel(f"attempt (red line: {PASS_LINE} % pass mark)")
        chart.refresh()

    @on(DataTable.RowSelected, "#attempt-table")
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        self._open(event.row_key.value)

    def action_open(self) -> None:
        """Open the highlighted attempt in the debrief."""
        table = self.query_one("#attempt-table", DataTable)
        if table.row_count:
            row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
            self._open(row_key.value)

    def _open(self, key: str | None) -> None:
        from po_exam.ui.screens.debrief import DebriefScreen

        if key is not None:
            self.app.push_screen(DebriefScreen(int(key)))

    def action_tab(self, tab: str) -> None:
        """Switch between attempts, progress and topics."""
        self.query_one(TabbedContent).active = tab


def banks_text(titles: list[str]) -> str:
    """The banks of an attempt, short: its title, or `3 banks`."""
    return "".join(titles) if len(titles) <= 1 else f"{len(titles)} banks"
