"""Results: the verdict against the pass mark, focus areas weakest first, the free retry."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Header, Static
from textual_plotext import PlotextPlot

from po_exam.exam.grading import needed
from po_exam.exam.modes import MODES, mode_title
from po_exam.exam.retry import was_the_retry
from po_exam.ui.formatting import RIGHT, WRONG, date_text, duration_text, percent_text, plural
from po_exam.ui.screens.base import AppScreen
from po_exam.ui.widgets.footer import Footer

if TYPE_CHECKING:
    from po_exam.attempts import Attempts, Finished, Insight
    from po_exam.exam.retry import RetryOffer

BAR = 10
AREA_WIDTH = 20
"""The least the focus-area names get."""
OTHER_COLUMNS = 34
"""Screen padding (2), cell padding (2 x 4), Right (5), Score (7), the bar (10), scrollbar (2)."""


class ResultsScreen(AppScreen):
    """The score as the real PSPO reports it: total first, then each focus area."""

    CSS_PATH = "results.tcss"
    SUB_TITLE = "Results"
    BINDINGS = [
        Binding("d", "debrief", "Debrief"),
        Binding("g", "grade", "Self-grade"),
        Binding("r", "retry", "Free retry"),
        Binding("escape,h", "home", "Home"),
    ]

    def __init__(
        self, attempt_id: int, outcome: Finished | None = None, *, grading: bool = False
    ) -> None:
        super().__init__()
        self.attempt_id = attempt_id
        self.outcome: Finished | None = None
        self._given = outcome
        self._grading = grading
        """Whether self-grading was opened from here (so the verdict is read again after)."""
        """The result submit stored, shown as is (None: read it back)."""

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="results"):
            yield Static("Grading…", id="verdict")
            yield Static(id="details")
            yield Static(id="retry")
            yield Static("Pacing", classes="heading")
            yield Static("Timing your answers…", id="pacing")
            yield PlotextPlot(id="pacing-chart")
            yield Static("Certainty", classes="heading", id="calibration-heading")
            yield Static(id="calibration")
            yield PlotextPlot(id="calibration-chart")
            yield Static("Focus areas, weakest first", classes="heading", id="table-heading")
            yield DataTable(id="topics", cursor_type="row", zebra_stripes=True)
            yield Static(id="revisit").set_styles("display: none;")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#topics", DataTable)
        # The focus-area titles get what the other columns leave of the terminal's width.
        area = max(AREA_WIDTH, self.app.size.width - OTHER_COLUMNS)
        table.add_column("Focus area", key="area", width=area)
        table.add_column("Right", key="right")
        table.add_column("Score", key="score")
        table.add_column("", key="bar")
        for hidden in ("#pacing-chart", "#calibration-heading", "#calibration-chart"):
            self.query_one(hidden).display = False
        if self._given is not None:
            self._show(self._given)
        if self.app.attempts is not None:
            self._load(self.app.attempts, read_outcome=self._given is None)

    def on_screen_resume(self) -> None:
        # Back from self-grading: the verdict may have changed.
        if self._grading and self.app.attempts is not None:
            self._load(self.app.attempts)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _load(self, attempts: Attempts, *, read_outcome: bool = True) -> None:
        """Read the stored result back, by focus area, then its pacing and calibration."""
        if read_outcome:
            self.app.call_from_thread(self._show, attempts.outcome(self.attempt_id))
        self.app.call_from_thread(self._show_insight, attempts.insight(self.attempt_id))

    def _show_insight(self, insight: Insight) -> None:
        from po_exam.ui.insight import (
            calibration_chart,
            calibration_text,
            pacing_chart,
            pacing_text,
        )

        self.query_one("#pacing", Static).update(pacing_text(insight.pacing))
        chart = self.query_one("#pacing-chart", PlotextPlot)
        chart.display = insight.pacing.median is not None
        pacing_chart(chart, insight.pacing)
        asked = insight.certainty_asked
        for shown in ("#calibration-heading", "#calibration-chart"):
            self.query_one(shown).display = asked and insight.calibration.rated > 0
        self.query_one("#calibration", Static).display = asked
        if asked:
            self.query_one("#calibration", Static).update(calibration_text(insight.calibration))
            calibration_chart(
                self.query_one("#calibration-chart", PlotextPlot), insight.calibration
            )

    def _show(self, outcome: Finished) -> None:
        self.outcome = outcome
        result = outcome.result
        mode = MODES.get(outcome.mode)
        verdict = self.query_one("#verdict", Static)
        judged = (mode is None or mode.verdict) and not result.ungraded
        verdict.set_class(judged and result.passed, "-passed")
        verdict.set_class(judged and not result.passed, "-failed")
        right = "meet or exceed expectations" if mode and mode.essays else "right"
        score = f"{result.correct} / {result.total} {right} ({percent_text(result.percent)})"
        if result.ungraded:
            verdict.update(
                f"{plural(result.ungraded, 'essay')} to self-grade: press g. No verdict until"
                " every essay is graded."
            )
        elif not judged:
            verdict.update(f"Self-check: {score} · no pass or fail, CSPO has no exam")
        else:
            word = f"{RIGHT} PASSED" if result.passed else f"{WRONG} NOT PASSED"
            verdict.update(f"{word}  {score}")
        self._show_details(outcome)
        if outcome.retry_of is not None and self.app.attempts is not None:
            self._load_original(self.app.attempts, outcome)
        self.query_one("#retry", Static).update(self._retry_text(outcome))
        table = self.query_one("#topics", DataTable)
        table.clear()
        by_objective = bool(mode and mode.by_objective and outcome.by_objective)
        self.query_one("#table-heading", Static).update(
            "Learning-objective categories, weakest first"
            if by_objective
            else "Focus areas, weakest first"
        )
        revisit = self.query_one("#revisit", Static)
        revisit.update(self._revisit_text(outcome, by_objective))
        revisit.display = by_objective  # only a self-check lists questions to revisit
        for column in table.columns.values():
            if column.key.value == "area":
                column.label = Text("Category" if by_objective else "Focus area")
        for score in outcome.by_objective if by_objective else result.by_topic:
            filled = round(score.percent / 100 * BAR)
            table.add_row(
                Text(score.title),
                f"{score.correct}/{score.total}",
                Text(percent_text(score.percent), justify="right"),
                Text(
                    "█" * filled + "░" * (BAR - filled),
                    style="green" if score.percent >= result.pass_mark else "red",
                ),
            )
        self.refresh_bindings()

    @staticmethod
    def _revisit_text(outcome: Finished, by_objective: bool) -> Text:
        if not by_objective:
            return Text()
        if not outcome.revisit:
            return Text("\nNothing to revisit: every question was answered right.", "dim")
        text = Text("\nQuestions to revisit (d goes through them)\n", style="bold")
        for position, question, objective in outcome.revisit:
            stem = question.splitlines()[0] if question else ""
            stem = stem if len(stem) <= 60 else stem[:59] + "…"
            text.append(f"  {position + 1:>3}  {stem}\n")
            if objective:
                text.append(f"       {objective}\n", style="dim")
        return text

    def _show_details(self, outcome: Finished, original: datetime | None = None) -> None:
        result = outcome.result
        mode = MODES.get(outcome.mode)
        limit = f" of {mode.minutes} min" if mode and outcome.deadline and mode.minutes else ""
        title = mode_title(outcome.mode)
        if outcome.retry_of is not None:
            title += " · free retry"
            if original is not None:
                title += f" of the attempt of {date_text(original)}"
        ran_out = (
            outcome.deadline is not None
            and outcome.seconds_used is not None
            and outcome.started_at + timedelta(seconds=outcome.seconds_used) >= outcome.deadline
        )
        mark = (
            f"Pass mark {result.pass_mark} %"
            f" ({needed(result.total, result.pass_mark)} of {result.total} needed) · "
            if mode is None or mode.verdict
            else ""
        )
        self.query_one("#details", Static).update(
            Text.assemble(
                (title, "bold"),
                f" · {date_text(outcome.started_at)}\n",
                f"{mark}time used {duration_text(outcome.seconds_used)}{limit}",
                ("\nThe time ran out: submitted with the answers given." if ran_out else ""),
            )
        )

    @work(thread=True, exclusive=True, group="results-original", exit_on_error=False)
    def _load_original(self, attempts: Attempts, outcome: Finished) -> None:
        """Read when the attempt this retry retries started, to name it."""
        assert outcome.retry_of is not None
        original = attempts.started_at(outcome.retry_of)
        self.app.call_from_thread(self._show_details, outcome, original)

    def _retry_text(self, outcome: Finished) -> Text:
        if outcome.retry is not None:
            days = outcome.retry.days_left(self.app.clock.now())
            return Text.assemble(
                ("★ You have earned a free retry", "bold"),
                f" (valid {plural(days, 'more day')}, until {date_text(outcome.retry.expires_at)}).\n",
                "Press r to take it now with fresh questions, or later from the home screen.",
            )
        if was_the_retry(outcome.mode, outcome.result.passed, outcome.retry_of is not None):
            return Text("This was your free retry; a failed retry earns no further one.", "dim")
        return Text("Press d to go through every question.", style="dim")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "retry":
            return self.outcome is not None and self.outcome.retry is not None
        if action == "debrief":
            return self.outcome is not None
        if action == "grade":
            mode = MODES.get(self.outcome.mode) if self.outcome is not None else None
            return mode is not None and mode.essays
        return True

    def action_debrief(self) -> None:
        """Go through every question: your answer, the key, the explanation."""
        from po_exam.ui.screens.debrief import DebriefScreen

        self.app.push_screen(DebriefScreen(self.attempt_id))

    def action_grade(self) -> None:
        """Self-grade the essays against the model answers and rubrics."""
        from po_exam.ui.screens.self_grade import SelfGradeScreen

        self._grading = True
        self.app.push_screen(SelfGradeScreen(self.attempt_id))

    def action_retry(self) -> None:
        """Take the free retry now."""
        attempts = self.app.attempts
        if attempts is None or self.outcome is None or self.outcome.retry is None:
            return
        self._start_retry(attempts, self.outcome.retry)

    @work(thread=True, exclusive=True, group="results-retry", exit_on_error=False)
    def _start_retry(self, attempts: Attempts, offer: RetryOffer) -> None:
        """Draw and store the retry off the UI thread, then open it."""
        from po_exam.exam.modes import ExamSetupError

        try:
            live = attempts.start_retry(offer, self.app.banks, seed=self.app.seed)
        except ExamSetupError as error:
            self.app.call_from_thread(
                self.notify,
                str(error),
                title="Cannot start the retry",
                severity="error",
                markup=False,
            )
        else:
            self.app.call_from_thread(self.app.open_exam, live)

    def action_home(self) -> None:
        """Back to the home screen."""
        self.app.go_home()
