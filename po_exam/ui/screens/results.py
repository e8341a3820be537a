"""Results: the verdict against the pass mark, focus areas weakest first, the free retry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static
from textual.worker import Worker

from po_exam.exam.grading import Result, grade
from po_exam.exam.modes import MODES
from po_exam.exam.retry import RetryOffer
from po_exam.ui.formatting import RIGHT, WRONG, date_text, duration_text, plural

if TYPE_CHECKING:
    from po_exam.store.db import Store
    from po_exam.store.models import AttemptDetail
    from po_exam.ui.app import PoExamApp

BAR = 10
AREA_WIDTH = 40
OTHER_COLUMNS = 40


@dataclass(frozen=True)
class Outcome:
    """An attempt with its grade and the retry it earned, if still open."""

    detail: AttemptDetail
    result: Result
    retry: RetryOffer | None


class ResultsScreen(Screen[None]):
    """The score as the real PSPO reports it: total first, then each focus area."""

    CSS_PATH = "results.tcss"
    SUB_TITLE = "Results"
    BINDINGS = [
        Binding("d", "debrief", "Debrief"),
        Binding("r", "retry", "Free retry"),
        Binding("escape,h", "home", "Home"),
    ]

    app: PoExamApp  # type: ignore[assignment]

    def __init__(self, attempt_id: int) -> None:
        super().__init__()
        self.attempt_id = attempt_id
        self.outcome: Outcome | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="results"):
            yield Static("Grading…", id="verdict")
            yield Static(id="details")
            yield Static(id="retry")
            yield Static("Focus areas, weakest first", classes="heading")
            yield DataTable(id="topics", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#topics", DataTable)
        # The focus-area titles get what the other columns leave of the terminal's width.
        area = max(AREA_WIDTH, self.app.size.width - OTHER_COLUMNS)
        table.add_column("Focus area", key="area", width=area)
        table.add_column("Right", key="right")
        table.add_column("Score", key="score")
        table.add_column("", key="bar")
        if self.app.store is not None:
            self._load(self.app.store)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.app.report_failed_worker(event)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _load(self, store: Store) -> None:
        """Read the attempt back from the database and grade it by focus area."""
        detail = store.attempt_detail(self.attempt_id)
        answers = {item.position: item.selection for item in detail.items}
        result = grade([item.question for item in detail.items], answers, detail.summary.pass_mark)
        offer = store.pending_retry(self.app.clock.now())
        retry = offer if offer is not None and offer.attempt_id == self.attempt_id else None
        self.app.call_from_thread(self._show, Outcome(detail, result, retry))

    def _show(self, outcome: Outcome) -> None:
        self.outcome = outcome
        summary, result = outcome.detail.summary, outcome.result
        mode = MODES.get(summary.mode)
        verdict = self.query_one("#verdict", Static)
        verdict.set_class(result.passed, "-passed")
        verdict.set_class(not result.passed, "-failed")
        word = f"{RIGHT} PASSED" if result.passed else f"{WRONG} NOT PASSED"
        verdict.update(f"{word}  {result.correct} / {result.total} right ({result.percent:.1f} %)")
        needed = -(-summary.pass_mark * result.total // 100)
        limit = f" of {mode.minutes} min" if mode and summary.deadline and mode.minutes else ""
        self.query_one("#details", Static).update(
            Text.assemble(
                (mode.title if mode else summary.mode, "bold"),
                f" · {date_text(summary.started_at)}\n",
                f"Pass mark {summary.pass_mark} % ({needed} of {result.total} needed)"
                f" · time used {duration_text(summary.seconds_used)}{limit}",
            )
        )
        self.query_one("#retry", Static).update(self._retry_text(outcome))
        table = self.query_one("#topics", DataTable)
        table.clear()
        for score in result.by_topic:
            filled = round(score.percent / 100 * BAR)
            table.add_row(
                Text(score.title),
                f"{score.correct}/{score.total}",
                f"{score.percent:.0f} %",
                Text(
                    "█" * filled + "░" * (BAR - filled),
                    style="green" if score.percent >= summary.pass_mark else "red",
                ),
            )
        self.refresh_bindings()

    def _retry_text(self, outcome: Outcome) -> Text:
        summary = outcome.detail.summary
        mode = MODES.get(summary.mode)
        if outcome.retry is not None:
            days = outcome.retry.days_left(self.app.clock.now())
            return Text.assemble(
                ("★ You have earned a free retry", "bold"),
                f" (valid {plural(days, 'more day')}, until {date_text(outcome.retry.expires_at)}).\n",
                "Press r to take it now with fresh questions, or later from the home screen.",
            )
        if mode and mode.simulation and not outcome.result.passed and summary.retry_of:
            return Text("This was your free retry; a failed retry earns no further one.", "dim")
        return Text("Press d to go through every question.", style="dim")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "retry":
            return self.outcome is not None and self.outcome.retry is not None
        if action == "debrief":
            return self.outcome is not None
        return True

    def action_debrief(self) -> None:
        """Go through every question: your answer, the key, the explanation."""
        from po_exam.ui.screens.debrief import DebriefScreen

        self.app.push_screen(DebriefScreen(self.attempt_id))

    def action_retry(self) -> None:
        """Take the free retry now."""
        from po_exam.exam.modes import ExamSetupError

        if self.outcome is None or self.outcome.retry is None:
            return
        try:
            self.app.begin_retry(self.outcome.retry)
        except ExamSetupError as error:
            self.notify(str(error), title="Cannot start the retry", severity="error", markup=False)

    def action_home(self) -> None:
        """Back to the home screen."""
        self.app.go_home()
