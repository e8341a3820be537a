"""History: every attempt (filterable, each opens its debrief), the score trend, topics, readiness."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import (
    DataTable,
    Header,
    Select,
    Sparkline,
    Static,
    TabbedContent,
    TabPane,
)
from textual_plotext import PlotextPlot

from po_exam.exam.modes import MODES, REAL_EXAM_PASS_MARK, mode_title
from po_exam.ui.formatting import (
    RIGHT,
    WRONG,
    date_text,
    minutes_text,
    percent_text,
    plural,
    verdict_text,
)
from po_exam.ui.screens.base import AppScreen
from po_exam.ui.widgets.footer import Footer

if TYPE_CHECKING:
    from po_exam.attempts import Attempts, Progress
    from po_exam.exam.stats import PathStep
    from po_exam.store.models import AttemptSummary
    from po_exam.store.rescore import Regraded

COLUMNS = (
    ("Date", 16),
    ("Bank", 9),  # with the rest, 80 columns without a sideways scroll
    ("Mode", 9),
    ("Score", 12),  # 30/40 62.5 %
    ("Result", 10),
    ("Time", 5),
    ("s/q", 4),
)
"""s/q: the median seconds spent per question."""
PAGE = 500
"""Attempts read at a time; the next page loads when the cursor reaches the last row."""
TREND = 30
HINT = "Enter opens an attempt's debrief, i item statistics. ↻ marks a free retry."
OPEN_HINT = "Enter shows your answers so far; x abandons this unfinished attempt."
RESULTS = [
    ("Passed", "passed"),
    ("Not passed", "failed"),
    ("Unfinished", "unfinished"),
    ("Abandoned", "abandoned"),
]


class HistoryScreen(AppScreen):
    """Attempts in a table; Enter opens one in the debrief."""

    CSS_PATH = "history.tcss"
    SUB_TITLE = "History"
    BINDINGS = [
        Binding("enter", "open", "Open attempt", show=False),
        # Priority: the tab keys work while a filter (Select) has the focus too.
        Binding("1", "tab('attempts')", "Attempts", tooltip="The table of attempts", priority=True),
        Binding(
            "2", "tab('progress')", "Progress", tooltip="Score trend and readiness", priority=True
        ),
        Binding("3", "tab('topics')", "Topics", tooltip="Accuracy per topic", priority=True),
        Binding("x", "abandon", "Abandon", tooltip="Abandon the highlighted unfinished attempt"),
        Binding("t", "toggle_modes", "Sims/all", tooltip="Chart simulations only, or every mode"),
        Binding(
            "r",
            "rescore",
            "Re-grade",
            tooltip="Re-grade answers whose key has changed since (the originals are kept)",
        ),
        Binding("i", "items", "Items", show=False, tooltip="How each question fares, for authors"),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._filters: dict[str, str | bool | None] = {}
        self._shown: dict[str, AttemptSummary] = {}
        """The attempts in the table, by row key."""
        self._loaded = 0
        self._more = False
        self._generation = 0
        """Bumped by each reload, so a page read for older filters is dropped."""
        self.all_modes = False
        """Whether the trend shows every mode (by default: simulations only)."""
        self._progress: Progress | None = None
        self._changes: list[Regraded] = []
        """Answers graded against a key that has changed since, not yet re-graded."""

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
                    yield Select(RESULTS, prompt="All results", id="result")
                yield DataTable(id="attempt-table", cursor_type="row", zebra_stripes=True)
                yield Static(HINT, id="hint")
            with TabPane("Progress (2)", id="progress"):
                yield Static(id="readiness")
                yield Static(id="path")
                yield Static(id="certainty")
                yield Static("Score trend, oldest to newest", classes="heading", id="trend-label")
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
        if self.app.attempts is not None:
            self._find_changes(self.app.attempts)

    @on(Select.Changed)
    def _reload(self) -> None:
        attempts = self.app.attempts
        if attempts is None:
            return
        bank, mode, result = (
            value if isinstance(value := self.query_one(f"#{name}", Select).value, str) else None
            for name in ("bank", "mode", "result")
        )
        self._filters = {"bank": bank, "mode": mode}
        if result in ("passed", "failed"):
            self._filters["passed"] = result == "passed"
        elif result is not None:
            self._filters["status"] = result
        self._generation += 1
        self._more = False
        self._load(attempts, self._generation)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _load(self, attempts: Attempts, generation: int) -> None:
        """Read the first page of attempts, then trend, topic accuracy and readiness."""
        self._read_page(attempts, generation, offset=0)
        self.app.call_from_thread(self._show, attempts.progress(TREND))

    @work(thread=True, group="changes", exclusive=True, exit_on_error=False)
    def _find_changes(self, attempts: Attempts) -> None:
        """Find the answers graded against a key that has changed since in a loaded bank."""
        changes = attempts.changed_answers(self.app.versions)
        self.app.call_from_thread(self._show_changes, changes)

    @work(thread=True, group="next-page", exclusive=True, exit_on_error=False)
    def _load_next_page(self, attempts: Attempts, generation: int, offset: int) -> None:
        """Read the attempts after the `offset` already shown."""
        self._read_page(attempts, generation, offset)

    def _read_page(self, attempts: Attempts, generation: int, offset: int) -> None:
        page = attempts.page(offset=offset, limit=PAGE, **self._filters)  # type: ignore[arg-type]
        medians = attempts.median_seconds([attempt.id for attempt in page])
        self.app.call_from_thread(self._show_attempts, page, generation, offset, medians)

    @on(DataTable.RowHighlighted, "#attempt-table")
    def _near_the_end(self, event: DataTable.RowHighlighted) -> None:
        attempt = self._shown.get(str(event.row_key.value))
        self.query_one("#hint", Static).update(
            OPEN_HINT if attempt is not None and attempt.open else self._hint()
        )
        self.refresh_bindings()
        attempts = self.app.attempts
        if self._more and attempts is not None and event.cursor_row >= self._loaded - 1:
            self._more = False  # one page at a time
            self._load_next_page(attempts, self._generation, self._loaded)

    def _show(self, progress: Progress) -> None:
        self._show_progress(progress)
        topics = self.query_one("#topic-table", DataTable)
        topics.clear()
        for topic in progress.topics:  # weakest first, as the engine sorts them
            share = topic.correct * 100 / topic.total if topic.total else 0
            topics.add_row(Text(topic.title), f"{topic.correct}/{topic.total}", percent_text(share))

    def _show_attempts(
        self,
        attempts: list[AttemptSummary],
        generation: int,
        offset: int,
        medians: dict[int, float] | None = None,
    ) -> None:
        if generation != self._generation:
            return  # read for filters that have changed since
        titles = {bank.id: bank.title for bank in self.app.banks}
        table = self.query_one("#attempt-table", DataTable)
        if offset == 0:
            table.clear()
            self._shown.clear()
        self._loaded = offset + len(attempts)
        self._more = len(attempts) == PAGE
        for attempt in attempts:
            self._shown[str(attempt.id)] = attempt
            mode = mode_title(attempt.mode, short=True)
            if attempt.retry_of is not None:
                mode += " ↻"
            score = (
                f"{attempt.correct}/{attempt.total} {percent_text(attempt.percent)}"
                if attempt.correct is not None
                else f"–/{attempt.total}"
            )
            if attempt.rescored_correct is not None:  # the original, then as re-graded
                score = f"{attempt.correct}→{attempt.rescored_correct}/{attempt.total}"
            if attempt.id in self._changed_ids():
                score = f"{attempt.correct}/{attempt.total} Δ"
            style = "green" if attempt.passed else "red" if attempt.passed is False else "dim"
            table.add_row(
                date_text(attempt.started_at),
                Text(banks_text([titles.get(bank, bank) for bank in attempt.bank_ids])),
                Text(mode),  # from the database: a str cell would be read as markup
                score,
                Text(
                    verdict_text(
                        attempt.passed,
                        abandoned=attempt.abandoned,
                        ungraded=attempt.ungraded,
                        mode=attempt.mode,
                    ),
                    style=style,
                ),
                minutes_text(attempt.seconds_used),
                f"{medians[attempt.id]:.0f}" if medians and attempt.id in medians else "–",
                key=str(attempt.id),
            )
        if not self._loaded:
            self.query_one("#hint", Static).update("No attempts match these filters yet.")
        else:
            self.query_one("#hint", Static).update(self._hint())

    def _changed_ids(self) -> set[int]:
        return {change.attempt_id for change in self._changes}

    def _hint(self, hint: str = HINT) -> str:
        if not self._changes:
            return hint
        return (
            f"Δ {plural(len(self._changed_ids()), 'attempt')} graded against keys that have"
            " changed since: r re-grades them (the original verdicts are kept)."
        )

    def _show_changes(self, changes: list[Regraded]) -> None:
        before = self._changed_ids()
        self._changes = changes
        if before != self._changed_ids():
            self._reload_rows()
        self.query_one("#hint", Static).update(self._hint())
        self.refresh_bindings()

    def _reload_rows(self) -> None:
        attempts = self.app.attempts
        if attempts is not None:
            self._generation += 1
            self._read_first_page(attempts, self._generation)

    @work(thread=True, exclusive=True, group="first-page", exit_on_error=False)
    def _read_first_page(self, attempts: Attempts, generation: int) -> None:
        self._read_page(attempts, generation, offset=0)

    def _show_progress(self, progress: Progress) -> None:
        from po_exam.ui.insight import readiness_text

        self._progress = progress
        self.query_one("#readiness", Static).update(
            readiness_text(progress.readiness, progress.outlook)
        )
        self.query_one("#path", Static).update(path_text(progress.path))
        self.query_one("#certainty", Static).update(certainty_text(progress))
        self._show_trend()

    def _show_trend(self) -> None:
        progress = self._progress
        if progress is None:
            return
        trend = progress.all_modes if self.all_modes and progress.all_modes else progress.trend
        which = "every mode" if self.all_modes else "simulations only"
        other = "simulations only" if self.all_modes else "every mode"
        scores = [a.percent for a in trend if a.percent is not None]
        self.query_one("#trend-label", Static).update(
            f"Score %, last {plural(len(scores), 'attempt')} ({which}), oldest → newest"
            f" · t: {other}"
        )
        sparkline = self.query_one("#sparkline", Sparkline)
        sparkline.data = scores
        sparkline.display = len(scores) > 1  # one bar alone says nothing about a trend
        chart = self.query_one("#chart", PlotextPlot)
        plt = chart.plt
        plt.clear_data()
        plt.clear_figure()
        title = f"Score % per finished attempt, {which}"
        if len(scores) < 2:
            title += ": the trend shows from the second on"
        plt.title(title)
        plt.ylim(0, 100)
        plt.yticks([0, 25, 50, REAL_EXAM_PASS_MARK, 100])
        if scores:
            numbers = list(range(1, len(scores) + 1))
            plt.plot(numbers, scores, marker="dot")
            plt.xticks(numbers[:: max(1, len(numbers) // 10)])
        plt.hline(REAL_EXAM_PASS_MARK, "red")
        plt.text(f"{REAL_EXAM_PASS_MARK} % pass", 1, REAL_EXAM_PASS_MARK + 3, color="red")
        plt.xlabel("attempt, oldest → newest")
        plt.ylabel("score %")
        chart.refresh()

    def action_toggle_modes(self) -> None:
        """Chart simulations only, or every mode."""
        self.all_modes = not self.all_modes
        self._show_trend()

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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # `x` shows only while an unfinished attempt is highlighted.
        if action == "abandon":
            highlighted = self._highlighted()
            return highlighted is not None and highlighted.open
        if action == "rescore":
            return bool(self._changes)
        return True

    def _highlighted(self) -> AttemptSummary | None:
        table = self.query_one("#attempt-table", DataTable)
        if not table.row_count:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return self._shown.get(str(row_key.value))

    def action_abandon(self) -> None:
        """Abandon the highlighted attempt, if it is unfinished."""
        from po_exam.ui.screens.confirm import ConfirmScreen
        from po_exam.ui.screens.home import abandon_question

        attempts = self.app.attempts
        attempt = self._highlighted()
        if attempts is None:
            return
        if attempt is None or not attempt.open:
            self.notify("Only an unfinished attempt can be abandoned.", severity="warning")
            return

        def abandon(yes: bool | None) -> None:
            if yes:
                self._abandon(attempts, attempt.id)

        self.app.push_screen(
            ConfirmScreen(abandon_question(attempt), yes="Abandon", no="Keep it"), abandon
        )

    @work(thread=True, group="abandon", exit_on_error=False)
    def _abandon(self, attempts: Attempts, attempt_id: int) -> None:
        attempts.abandon(attempt_id)  # a refusal is told by the failed-worker notice
        self.app.call_from_thread(self._reload)

    def action_rescore(self) -> None:
        """Re-grade, after asking, the answers whose question has changed since."""
        from po_exam.ui.screens.confirm import ConfirmScreen

        attempts, changes = self.app.attempts, list(self._changes)
        if attempts is None or not changes:
            self.notify("Every answer was graded against the key its question has now.")
            return
        gradable = [c for c in changes if c.now is not None or c.reason == "restored"]
        left = len(changes) - len(gradable)
        question = (
            f"Re-grade {plural(len(changes), 'answer')} in"
            f" {plural(len(self._changed_ids()), 'attempt')} against the current keys?"
            " The original verdicts are kept beside the new ones."
            + (
                f" {plural(left, 'answer')} whose options changed too will keep their verdict."
                if left
                else ""
            )
        )

        def answer(yes: bool | None) -> None:
            if yes:
                self._rescore(attempts, changes)

        self.app.push_screen(ConfirmScreen(question, yes="Re-grade", no="Not now"), answer)

    @work(thread=True, group="rescore", exit_on_error=False)
    def _rescore(self, attempts: Attempts, changes: list[Regraded]) -> None:
        scored = attempts.rescore(changes)  # a refusal is told by the failed-worker notice
        moved = sum(1 for a in scored if a.rescored != a.correct)
        self.app.call_from_thread(
            self.notify,
            f"Re-graded {plural(len(scored), 'attempt')}; {moved} changed score."
            " Each keeps its original verdict beside the new one.",
            markup=False,
        )
        self.app.call_from_thread(self._reload)
        self.app.call_from_thread(self._find_changes, attempts)

    def action_items(self) -> None:
        """Open the item statistics of the loaded banks."""
        from po_exam.ui.screens.items import ItemsScreen

        if self.app.attempts is not None:
            self.app.push_screen(ItemsScreen())

    def action_tab(self, tab: str) -> None:
        """Switch between attempts, progress and topics (the focus goes along, so a filter
        left focused on the attempts tab cannot pull it back)."""
        tables = {"attempts": "#attempt-table", "topics": "#topic-table"}
        if tab in tables:
            self.query_one(tables[tab]).focus()
        else:
            self.set_focus(None)
        self.query_one(TabbedContent).active = tab


def banks_text(titles: list[str]) -> str:
    """The banks of an attempt, short: its title, or `3 banks`."""
    return "".join(titles) if len(titles) <= 1 else f"{len(titles)} banks"


def certainty_text(progress: Progress) -> Text:
    """Calibration over every rated answer: a small bar chart, one level a line."""
    from po_exam.ui.insight import calibration_bars

    if not any(level.answered for level in progress.certainty):
        return Text("Certainty: press k in the exam (on in Practice) to rate answers.", style="dim")
    text = Text("Certainty, all rated answers (█ right, ▒ the share the level claims):\n")
    text.stylize("bold", 0, 10)
    text.append_text(calibration_bars(progress.certainty))
    return text


def path_text(steps: tuple[PathStep, ...]) -> Text:
    """The PST readiness: each step's bar and the best of the learner's recent results."""
    text = Text("PST path: ", style="bold")
    for n, step in enumerate(steps):
        if n:
            text.append(" · ")
        text.append(f"{step.title} {step.pass_mark} %: ")
        if step.best is None:
            text.append("not yet", style="dim")
        else:
            mark = RIGHT if step.reached else WRONG
            text.append(f"{mark} {step.best:.0f} %", style="green" if step.reached else "red")
    return text
