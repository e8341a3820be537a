"""Self-grading: each essay beside its model answer, rubric points ticked, a verdict proposed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Header, SelectionList, Static

from po_exam.attempts import AttemptError
from po_exam.exam.essays import (
    EXCEEDS_AT,
    MEETS_AT,
    VERDICT_TITLES,
    EssayGrade,
    Verdict,
    propose,
    ticked_share,
)
from po_exam.exam.modes import MODES
from po_exam.ui.formatting import plural
from po_exam.ui.screens.base import AppScreen
from po_exam.ui.widgets.footer import Footer

if TYPE_CHECKING:
    from po_exam.attempts import Attempts, Finished
    from po_exam.store.models import AttemptDetail, ReviewItem


class SelfGradeScreen(AppScreen):
    """Tick what your answer covered; accept the proposed verdict or override it with one key."""

    CSS_PATH = "self_grade.tcss"
    SUB_TITLE = "Self-grading"
    AUTO_FOCUS = "#rubric"
    BINDINGS = [
        Binding("enter", "save", "Save & next", priority=True),
        Binding("e", "verdict('exceeds')", "Exceeds"),
        Binding("m", "verdict('meets')", "Meets"),
        Binding("n", "verdict('not_meets')", "Not met"),
        Binding("right,]", "move(1)", "Next", key_display="→"),
        Binding("left,[", "move(-1)", "Prev", key_display="←"),
        Binding("escape", "app.pop_screen", "Results"),
    ]

    def __init__(self, attempt_id: int) -> None:
        super().__init__()
        self.attempt_id = attempt_id
        self.items: list[ReviewItem] = []
        self.index = 0
        self.ticked: dict[int, frozenset[int]] = {}
        """Rubric points ticked per essay position (saved or not yet)."""
        self.chosen: dict[int, Verdict] = {}
        """Verdicts chosen by key (overriding the proposal) per essay position."""
        self.meets_at, self.exceeds_at = MEETS_AT, EXCEEDS_AT

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Reading your essays…", id="prompt")
        with Horizontal(id="compare"):
            with VerticalScroll(id="mine"):
                yield Static("Your answer", classes="heading")
                yield Static(id="mine-text")
                yield Static("The case", classes="heading")
                yield Static(id="question-text")
            with VerticalScroll(id="model"):
                yield Static("Model answer", classes="heading")
                yield Static(id="model-text")
        yield SelectionList[int](id="rubric")
        yield Static(id="proposal")
        yield Footer(show_command_palette=False)  # room for the grading keys at 80 columns

    def on_mount(self) -> None:
        if self.app.attempts is not None:
            self._load(self.app.attempts)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _load(self, attempts: Attempts) -> None:
        self.app.call_from_thread(self._loaded, attempts.detail(self.attempt_id))

    def _loaded(self, detail: AttemptDetail) -> None:
        mode = MODES.get(detail.summary.mode)
        if mode is not None:
            self.meets_at, self.exceeds_at = mode.meets_at, mode.exceeds_at
        self.items = [item for item in detail.items if item.question.is_essay]
        for item in self.items:
            if item.grade is not None:
                self.ticked[item.position] = item.grade.ticked
                self.chosen[item.position] = item.grade.verdict
        ungraded = [i for i, item in enumerate(self.items) if item.grade is None]
        self.index = ungraded[0] if ungraded else 0
        if not self.items:
            self.query_one("#prompt", Static).update("This attempt has no essays.")
            return
        self._show()
        self.query_one("#rubric").focus()

    @property
    def item(self) -> ReviewItem:
        """The essay shown."""
        return self.items[self.index]

    def proposal(self, position: int) -> Verdict:
        """The verdict the ticked share proposes for the essay at `position`."""
        item = next(i for i in self.items if i.position == position)
        share = ticked_share(item.question.rubric, self.ticked.get(position, frozenset()))
        return propose(share, self.meets_at, self.exceeds_at)

    def verdict(self, position: int) -> Verdict:
        """The verdict that will be saved: the one chosen by key, else the proposal."""
        return self.chosen.get(position) or self.proposal(position)

    def _show(self) -> None:
        item = self.item
        graded = sum(i.grade is not None for i in self.items)
        self.query_one("#prompt", Static).update(
            Text.assemble(
                (f"Essay {self.index + 1} of {len(self.items)}", "bold"),
                (f" · question {item.position + 1} · {graded} graded", "dim"),
                ("   Tab then ↑↓ scrolls the texts", "dim"),
            )
        )
        self.query_one("#question-text", Static).update(Text(item.question.text, style="italic"))
        self.query_one("#mine-text", Static).update(
            Text(item.essay.strip())
            if item.essay.strip()
            else Text("(nothing written)", "dim italic")
        )
        self.query_one("#model-text", Static).update(Text(item.question.model_answer))
        rubric = self.query_one("#rubric", SelectionList)
        ticked = self.ticked.get(item.position, frozenset())
        with rubric.prevent(SelectionList.SelectedChanged):
            rubric.clear_options()
            rubric.add_options(
                [
                    (Text(point + (f" (×{weight:g})" if weight != 1 else "")), i, i in ticked)
                    for i, (point, weight) in enumerate(item.question.rubric)
                ]
            )
            rubric.highlighted = 0
        self._show_proposal()

    def _show_proposal(self) -> None:
        item = self.item
        position = item.position
        ticked = self.ticked.get(position, frozenset())
        share = ticked_share(item.question.rubric, ticked)
        proposed = self.proposal(position)
        chosen = self.verdict(position)
        text = Text.assemble(
            ("Proposed: ", "dim"),
            (VERDICT_TITLES[proposed], "bold"),
            (f" ({float(share) * 100:.0f} % of the rubric ticked)", "dim"),
        )
        if chosen != proposed:
            text.append_text(
                Text.assemble(("  ·  yours: ", "dim"), (VERDICT_TITLES[chosen], "bold"))
            )
        if item.grade is not None:
            saved = VERDICT_TITLES[item.grade.verdict]
            text.append(f"\nSaved: {saved}.", style="green")
        text.append(
            "\nSpace ticks a point · e/m/n sets exceeds/meets/not met · Enter saves.",
            style="dim",
        )
        self.query_one("#proposal", Static).update(text)

    @on(SelectionList.SelectedChanged, "#rubric")
    def _ticked(self, event: SelectionList.SelectedChanged) -> None:
        if not self.items:
            return
        position = self.item.position
        self.ticked[position] = frozenset(event.selection_list.selected)
        self.chosen.pop(position, None)  # a new tick proposes afresh
        self._show_proposal()

    def action_verdict(self, verdict: Verdict) -> None:
        """Override the proposed verdict with one key."""
        if self.items:
            self.chosen[self.item.position] = verdict
            self._show_proposal()

    def action_move(self, step: int) -> None:
        """Show the next or previous essay."""
        if self.items and 0 <= self.index + step < len(self.items):
            self.index += step
            self._show()

    def action_save(self) -> None:
        """Save this essay's grade, then go on to the next one still to grade."""
        attempts = self.app.attempts
        if not self.items or attempts is None:
            return
        position = self.item.position
        grade = EssayGrade(self.ticked.get(position, frozenset()), self.verdict(position))
        self._save(attempts, position, grade)

    @work(thread=True, exclusive=True, group="self-grade", exit_on_error=False)
    def _save(self, attempts: Attempts, position: int, grade: EssayGrade) -> None:
        try:
            finished = attempts.grade_essay(self.attempt_id, position, grade)
        except AttemptError as error:
            self.app.call_from_thread(
                self.notify, str(error), title="Not saved", severity="error", markup=False
            )
            return
        self.app.call_from_thread(self._saved, position, grade, finished)

    def _saved(self, position: int, grade: EssayGrade, finished: Finished) -> None:
        from dataclasses import replace

        self.items = [
            replace(item, grade=grade) if item.position == position else item for item in self.items
        ]
        result = finished.result
        if not result.ungraded:
            word = "PASSED" if result.passed else "NOT PASSED"
            self.notify(
                f"Every essay is graded: {word}, {result.correct} of {result.total} meet or"
                f" exceed expectations ({result.percent:.1f} %; {result.pass_mark} % needed).",
                title="Self-graded",
            )
        left = [i for i, item in enumerate(self.items) if item.grade is None]
        after = [i for i in left if i > self.index] or left
        if after:
            self.index = after[0]
            self._show()
        elif self.index + 1 < len(self.items):
            self.index += 1
            self._show()
        else:
            self._show_proposal()
            self.notify(f"{plural(len(self.items), 'essay')} graded. Esc shows the results.")
