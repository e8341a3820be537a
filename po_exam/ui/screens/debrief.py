"""Debrief: every question of an attempt with the answer given, the key and why."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.widgets import Footer, Header, Static, Tab, Tabs

from po_exam.exam.modes import mode_title
from po_exam.ui.formatting import RIGHT, WRONG, date_text, verdict_text
from po_exam.ui.screens.base import AppScreen
from po_exam.ui.widgets.question_review import QuestionReview

if TYPE_CHECKING:
    from po_exam.attempts import Attempts
    from po_exam.store.models import AttemptDetail

FILTERS = ("all", "wrong", "flagged")


class DebriefScreen(AppScreen):
    """Questions of one attempt, filterable to the wrong or the flagged ones."""

    CSS_PATH = "debrief.tcss"
    SUB_TITLE = "Debrief: every question"
    BINDINGS = [
        Binding("a", "show('all')", "All", tooltip="Show every question"),
        Binding("w", "show('wrong')", "Wrong", tooltip="Show only the questions answered wrong"),
        Binding("f", "show('flagged')", "Flagged", tooltip="Show only the flagged questions"),
        Binding("g", "grade", "Self-grade", tooltip="Self-grade the essays"),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    shown: reactive[str] = reactive("all")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "grade":  # essays of a submitted attempt only
            detail = self.detail
            return (
                detail is not None
                and detail.summary.finished
                and any(item.question.is_essay for item in detail.items)
            )
        return True

    def action_grade(self) -> None:
        """Self-grade the essays against the model answers and rubrics."""
        from po_exam.ui.screens.self_grade import SelfGradeScreen

        self.app.push_screen(SelfGradeScreen(self.attempt_id))

    def on_screen_resume(self) -> None:
        if self.detail is not None and self.app.attempts is not None:
            self._load(self.app.attempts)

    def __init__(self, attempt_id: int) -> None:
        super().__init__()
        self.attempt_id = attempt_id
        self.detail: AttemptDetail | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading the attempt…", id="attempt")
        yield Tabs(
            Tab("All (a)", id="all"), Tab("Wrong (w)", id="wrong"), Tab("Flagged (f)", id="flagged")
        )
        yield VerticalScroll(id="items")
        yield Footer()

    def on_mount(self) -> None:
        if self.app.attempts is not None:
            self._load(self.app.attempts)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _load(self, attempts: Attempts) -> None:
        """Read the attempt's questions back (without keys while it is open)."""
        detail = attempts.detail(self.attempt_id)
        original = None
        if detail.summary.retry_of is not None:
            original = attempts.started_at(detail.summary.retry_of)
        self.app.call_from_thread(self._show_detail, detail, original)

    async def _show_detail(self, detail: AttemptDetail, original: datetime | None = None) -> None:
        self.detail = detail
        self.refresh_bindings()
        summary = detail.summary
        mode = mode_title(summary.mode)
        if original is not None:
            mode += f" (free retry of the attempt of {date_text(original)})"
        if detail.concealed:
            given = sum(1 for item in detail.items if item.selection)
            outcome = (
                f"unfinished, {given} of {len(detail.items)} answered · keys, explanations and"
                " the score show once it is submitted (continue with c on Home) or abandoned"
            )
        else:
            wrong = sum(1 for item in detail.items if not item.correct)
            verdict = verdict_text(
                summary.passed,
                abandoned=summary.abandoned,
                ungraded=summary.ungraded,
                mode=summary.mode,
            )
            score = "" if summary.correct is None else f"{summary.correct}/{summary.total} · "
            outcome = (
                f"{score}{verdict}"
                f" · {RIGHT} {len(detail.items) - wrong} right, {WRONG} {wrong} wrong"
            )
        self.query_one("#attempt", Static).update(
            Text.assemble((mode, "bold"), f" · {date_text(summary.started_at)} · {outcome}")
        )
        items = self.query_one("#items", VerticalScroll)
        await items.remove_children()
        await items.mount_all(
            QuestionReview(
                item.position + 1,
                item.question,
                item.selection,
                flagged=item.flagged,
                concealed=detail.concealed,
                essay=item.essay,
                grade=item.grade,
            ).set_class(item.flagged, "-flagged")
            for item in detail.items
        )
        self._filter()
        items.focus()

    @on(Tabs.TabActivated)
    def _tab(self, event: Tabs.TabActivated) -> None:
        if event.tab.id in FILTERS:
            self.shown = event.tab.id

    def action_show(self, which: str) -> None:
        """Show all questions, only the wrong ones, or only the flagged ones."""
        self.query_one(Tabs).active = which

    def watch_shown(self) -> None:
        self._filter()

    def _filter(self) -> None:
        visible = 0
        for review in self.query(QuestionReview):
            show = (
                self.shown == "all"
                or (self.shown == "wrong" and review.has_class("-wrong"))
                or (self.shown == "flagged" and review.has_class("-flagged"))
            )
            review.display = show
            visible += show
        items = self.query_one("#items", VerticalScroll)
        items.scroll_home(animate=False)
        if self.detail is not None and not visible:
            self.notify(f"No {self.shown} questions in this attempt.")
