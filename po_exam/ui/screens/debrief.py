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
from textual.widgets import Header, Static, Tab, Tabs

from po_exam.exam.modes import mode_title
from po_exam.ui.formatting import RIGHT, WRONG, date_text, verdict_text
from po_exam.ui.screens.base import AppScreen
from po_exam.ui.widgets.footer import Footer
from po_exam.ui.widgets.question_review import QuestionReview

if TYPE_CHECKING:
    from po_exam.attempts import Attempts
    from po_exam.store.models import AttemptDetail, ReviewItem

FILTERS = ("all", "wrong", "flagged", "confident", "lucky")
NAMES = {"confident": "confident mistakes", "lucky": "lucky guesses"}
EMPTY = {
    "wrong": "No wrong answers in this attempt: every question was answered right. a shows all.",
    "flagged": "You flagged no questions in this attempt (m flags one during an exam). a shows all.",
}
"""What an empty filter says, in the pane itself."""


class DebriefScreen(AppScreen):
    """Questions of one attempt, filterable to the wrong or the flagged ones."""

    CSS_PATH = "debrief.tcss"
    SUB_TITLE = "Debrief: every question"
    BINDINGS = [
        Binding("a", "show('all')", "All", tooltip="Show every question"),
        Binding("w", "show('wrong')", "Wrong", tooltip="Show only the questions answered wrong"),
        Binding("f", "show('flagged')", "Flagged", tooltip="Show only the flagged questions"),
        Binding(
            "c",
            "show('confident')",
            "Confident ✗",
            tooltip="Wrong at high certainty: the mistakes to look at first",
        ),
        Binding("l", "show('lucky')", "Lucky", tooltip="Right at low certainty"),
        Binding(
            "d",
            "dispute",
            "Dispute key",
            tooltip="Dispute the key of the question at the top of the view",
        ),
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
        yield Static(id="insight")
        yield Tabs(
            Tab("All (a)", id="all"),
            Tab("Wrong (w)", id="wrong"),
            Tab("Flagged (f)", id="flagged"),
            Tab("Confident ✗ (c)", id="confident"),
            Tab("Lucky (l)", id="lucky"),
        )
        yield Static(id="empty")
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
        marks: dict[int, tuple[bool, int]] = {}
        if not detail.concealed:
            versions = self.app.versions  # each question hashed once, on first use
            disputes = attempts.open_disputes()
            for item in detail.items:
                key = item.question.key
                marks[item.position] = (
                    versions.changed(key, item.content_hash),
                    disputes.get(key, 0),
                )
        self.app.call_from_thread(self._show_detail, detail, original, marks)

    async def _show_detail(
        self,
        detail: AttemptDetail,
        original: datetime | None = None,
        marks: dict[int, tuple[bool, int]] | None = None,
    ) -> None:
        self.detail = detail
        marks = marks or {}
        self.refresh_bindings()  # g shows once the attempt is known to hold essays
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
            if summary.rescored_correct is not None:
                now = verdict_text(summary.rescored_passed)
                outcome += f" · re-graded: {summary.rescored_correct}/{summary.total} {now}"
            changed = sum(1 for mark in marks.values() if mark[0])
            if changed:
                outcome += f" · Δ {changed} key{'s' if changed > 1 else ''} changed since"
        self.query_one("#attempt", Static).update(
            Text.assemble((mode, "bold"), f" · {date_text(summary.started_at)} · {outcome}")
        )
        items = self.query_one("#items", VerticalScroll)
        await items.remove_children()
        self.query_one("#insight", Static).update(insight_text(detail))
        await items.mount_all(
            QuestionReview(
                item.position + 1,
                item.question,
                item.selection,
                flagged=item.flagged,
                concealed=detail.concealed,
                certainty=item.certainty,
                seconds=item.seconds,
                changed=marks.get(item.position, (False, 0))[0],
                rescored=item.rescored,
                disputes=marks.get(item.position, (False, 0))[1],
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
            show = self.shown == "all" or review.has_class(f"-{self.shown}")
            review.display = show
            visible += show
        items = self.query_one("#items", VerticalScroll)
        items.scroll_home(animate=False)
        empty = self.query_one("#empty", Static)
        empty.display = self.detail is not None and not visible
        if empty.display:
            named = NAMES.get(self.shown, f"{self.shown} questions")
            empty.update(EMPTY.get(self.shown, f"No {named} in this attempt. a shows all."))

    def _current(self) -> QuestionReview | None:
        """The question at the top of the view (the one being read)."""
        items = self.query_one("#items", VerticalScroll)
        top = items.scroll_y
        shown = [review for review in self.query(QuestionReview) if review.display]
        for review in shown:
            if review.virtual_region.bottom > top:
                return review
        return shown[-1] if shown else None

    def action_dispute(self) -> None:
        """Dispute the key of the question at the top of the view."""
        from po_exam.ui.screens.dispute import DisputeScreen

        attempts, detail = self.app.attempts, self.detail
        if attempts is None or detail is None:
            return
        if detail.concealed:
            self.notify("Keys show, and can be disputed, once the attempt is over.")
            return
        review = self._current()
        if review is None:
            return
        item = next(i for i in detail.items if i.position + 1 == review.number)

        def send(argument: str | None) -> None:
            if argument:
                self._send_dispute(attempts, item, argument, review)

        self.app.push_screen(DisputeScreen(item, review.number), send)

    @work(thread=True, group="dispute", exit_on_error=False)
    def _send_dispute(
        self, attempts: Attempts, item: ReviewItem, argument: str, review: QuestionReview
    ) -> None:
        attempts.dispute(self.attempt_id, item, argument)  # a refusal: the failed-worker notice
        self.app.call_from_thread(self._disputed, review)

    def _disputed(self, review: QuestionReview) -> None:
        review.disputes += 1
        review.refresh()
        self.notify(
            f"Dispute of question {review.number} saved for the bank's author"
            " (po-exam disputes list).",
            markup=False,
        )


def insight_text(detail: AttemptDetail) -> Text:
    """Beside the all-or-nothing score: partly right questions and certainty (when rated)."""
    from po_exam.exam.insight import Answered, calibration, partly_right

    if detail.concealed:
        return Text()
    lines: list[Text] = []
    partly = partly_right(
        (item.question.type, item.selection, item.question.correct) for item in detail.items
    )
    if partly:
        count = sum(group.count for group in partly)
        lines.append(
            Text.assemble(
                ("Partly right: ", "bold"),
                f"{count} multiple-answer question{'s' if count != 1 else ''} — ",
                "; ".join(str(group) for group in partly),
                " (each counts as wrong).",
            )
        )
    rated = calibration(
        Answered(i.position, i.question.topic, "", bool(i.correct), i.certainty)
        for i in detail.items
        if i.selection
    )
    if rated.rated:
        from po_exam.ui.insight import calibration_bars

        lines.append(
            Text.assemble(
                ("Certainty: ", "bold"),
                f"{len(rated.confident_mistakes)} confident mistakes (c),"
                f" {len(rated.lucky)} lucky guesses (l); █ right, ▒ the share the level claims",
            )
        )
        lines.append(calibration_bars(rated.levels))
    return Text("\n").join(lines)
