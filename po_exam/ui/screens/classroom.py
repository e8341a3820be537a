"""The trainer's class report: every learner, and the class's accuracy per focus area."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Header, Static

from po_exam.ui.screens.base import AppScreen
from po_exam.ui.widgets.footer import Footer

if TYPE_CHECKING:
    from po_exam.store.classroom import ClassReport


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}%"


class ClassReportScreen(AppScreen):
    """Per learner: attempts, best and latest simulation, readiness, weakest areas, retry."""

    DEFAULT_CSS = """
    ClassReportScreen DataTable { height: auto; max-height: 14; margin-bottom: 1; }
    ClassReportScreen .title { text-style: bold; margin: 1 0 0 1; }
    """
    BINDINGS = [Binding("escape,q", "app.pop_screen", "Back")]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Static("Learners", classes="title")
            yield DataTable(id="learners", cursor_type="row", zebra_stripes=True)
            yield Static("Focus areas (class accuracy, weakest first)", classes="title")
            yield DataTable(id="areas", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Class report"
        self.query_one("#learners", DataTable).add_columns(
            "Learner", "Attempts", "Best", "Latest", "Ready", "Free retry", "Weakest"
        )
        self.query_one("#areas", DataTable).add_columns("Focus area", "Accuracy", "Answered")
        self._load()

    @work(thread=True, exclusive=True)
    def _load(self) -> None:
        attempts = self.app.attempts
        if attempts is None:
            return
        report = attempts.class_report()
        self.app.call_from_thread(self._show, report)

    def _show(self, report: ClassReport) -> None:
        learners = self.query_one("#learners", DataTable)
        for row in report.learners:
            ready = row.readiness
            learners.add_row(
                Text(row.name),
                str(row.attempts),
                _pct(row.best_percent),
                _pct(row.latest_percent),
                f"{ready.passed}/{ready.simulations}" if ready.simulations else "-",
                row.retry or "-",
                Text(", ".join(f"{a.title} {a.percent:.0f}%" for a in row.weakest) or "-"),
            )
        areas = self.query_one("#areas", DataTable)
        for area in report.focus_areas:
            areas.add_row(Text(area.title), f"{area.percent:.0f}%", str(area.total))
        learners.focus()
