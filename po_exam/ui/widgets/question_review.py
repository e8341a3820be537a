"""One question looked back on: the learner's answer, the key, the explanation, the reference."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from po_exam.exam.asked import AskedQuestion
from po_exam.exam.essays import VERDICT_TITLES, EssayGrade
from po_exam.exam.insight import HIGH, LOW, certainty_name, option_marks
from po_exam.ui.formatting import FLAG, LETTERS, RIGHT, WRONG, letters

MARKS = {
    "right pick": (f"{RIGHT} right pick", "green"),
    "wrong pick": (f"{WRONG} wrong pick", "red"),
    "missed": ("! missed", "yellow"),
}
"""Multiple answer: each option as a right pick, a wrong pick or a missed option."""


class QuestionReview(Static):
    """A reviewed question; right and wrong are told by symbol and word, colour only helps."""

    def __init__(
        self,
        number: int,
        question: AskedQuestion,
        selection: frozenset[int],
        *,
        flagged: bool = False,
        concealed: bool = False,
        certainty: int | None = None,
        seconds: float | None = None,
        changed: bool = False,
        rescored: bool | None = None,
        disputes: int = 0,
        essay: str = "",
        grade: EssayGrade | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.changed = changed
        """The question has changed in its bank since it was answered."""
        self.rescored = rescored
        """The verdict against the current key, when history was re-graded."""
        self.disputes = disputes
        """Open key disputes of this question."""
        self.number = number
        self.question = question
        self.selection = selection
        self.flagged = flagged
        self.concealed = concealed
        """The attempt is still open: the answer given only, no key, no verdict, no why."""
        self.certainty = certainty
        self.seconds = seconds
        self.essay = essay
        self.grade = grade
        right = (
            (grade is not None and grade.meets)
            if question.is_essay
            else question.is_correct(selection)
        )
        self.set_class(not concealed and right, "-right")
        self.set_class(not concealed and not right, "-wrong")
        self.set_class(not concealed and not right and certainty == HIGH, "-confident")
        self.set_class(not concealed and right and certainty == LOW, "-lucky")

    def _render_essay(self) -> RenderableType:
        question, grade = self.question, self.grade
        if self.concealed:
            verdict = Text("Answer kept" if self.essay.strip() else "Not written yet", style="bold")
        elif grade is None:
            verdict = Text("… Not self-graded yet (g grades it)", style="bold yellow")
        elif grade.meets:
            verdict = Text(f"{RIGHT} {VERDICT_TITLES[grade.verdict].capitalize()}", "bold green")
        else:
            verdict = Text(f"{WRONG} {VERDICT_TITLES[grade.verdict].capitalize()}", "bold red")
        verdict.append(f"   Essay {self.number} · {question.topic_title}", style="not bold")
        parts: list[RenderableType] = [verdict, Text(question.text, style="bold")]
        parts.append(Text.assemble(("Your answer: ", "bold"), self.essay or "(nothing written)"))
        if not self.concealed:
            parts.append(Text.assemble(("Model answer: ", "bold"), question.model_answer))
            ticked = grade.ticked if grade else frozenset()
            for index, (point, _weight) in enumerate(question.rubric):
                parts.append(Text(f"  {'☑' if index in ticked else '☐'} {point}"))
        if question.reference and not self.concealed:
            parts.append(Text.assemble(("Reference: ", "bold"), question.reference))
        return Group(*parts)

    def render(self) -> RenderableType:
        if self.question.is_essay:
            return self._render_essay()
        question, selection = self.question, self.selection
        if self.concealed:
            verdict = Text("Answer kept" if selection else "Not answered yet", style="bold")
        elif question.is_correct(selection):
            verdict = Text(f"{RIGHT} Right", style="bold green")
        elif not selection:
            verdict = Text(f"{WRONG} Wrong — not answered", style="bold red")
        else:
            verdict = Text(f"{WRONG} Wrong", style="bold red")
        verdict.append(f"   Question {self.number} · {question.topic_title}", style="not bold")
        if self.flagged:
            verdict.append(f"  {FLAG} flagged", style="bold yellow")
        if self.certainty:
            verdict.append(f"  sure: {certainty_name(self.certainty)}", style="cyan")
            if self.has_class("-confident"):
                verdict.append(" — a confident mistake", style="bold red")
            elif self.has_class("-lucky"):
                verdict.append(" — a lucky guess", style="bold")
        if self.seconds is not None:
            verdict.append(f"  {self.seconds:.0f} s", style="dim")
        if self.disputes:
            verdict.append(f"  ⚑ disputed ({self.disputes})", style="bold magenta")
        options = Table.grid(padding=(0, 1))
        options.add_column(width=1, no_wrap=True)
        # The key marks have their own column before the letter: in the same place on every
        # row, short option or long.
        three_states = question.type == "multiple" and not self.concealed
        options.add_column(width=12 if three_states else 5, no_wrap=True)
        options.add_column(width=2, no_wrap=True)
        options.add_column(ratio=1)
        marks = option_marks(selection, question.correct, len(question.options))
        for index, text in enumerate(question.options):
            chosen = "●" if index in selection else "○"
            if three_states:
                key = Text(*MARKS[marks[index]]) if marks[index] else ""
            elif index in question.correct and not self.concealed:
                key = Text(f"{RIGHT} key", style="green")
            else:
                key = ""
            options.add_row(chosen, key, f"{LETTERS[index]}.", Text(text))
        answer = f"Your answer: {letters(selection)}"
        if self.concealed:
            answer += " · the key and why show once the exam is submitted or abandoned"
        else:
            answer += f" · Correct answer: {letters(question.correct)}"
        parts: list[RenderableType] = [verdict]
        if not self.concealed and (self.changed or self.rescored is not None):
            parts.append(self._version_note())
        parts += [Text(question.text, style="bold"), options]
        parts.append(Text(answer))
        if question.explanation:
            parts.append(Text.assemble(("Why: ", "bold"), question.explanation))
        if question.reference:
            parts.append(Text.assemble(("Reference: ", "bold"), question.reference))
        return Group(*parts)

    def _version_note(self) -> Text:
        """The key changed since the answer; and the re-graded verdict beside the original."""
        note = Text()
        if self.changed:
            note.append("Δ key changed since you answered", style="bold yellow")
        if self.rescored is not None:
            now = f"{RIGHT} right" if self.rescored else f"{WRONG} wrong"
            was = "right" if self.question.is_correct(self.selection) else "wrong"
            note.append(" · " if self.changed else "")
            note.append(f"re-graded: {now} against the current key (graded {was} then)")
        elif self.changed:
            note.append(" · your verdict is as graded then; r in History re-grades")
        return note
