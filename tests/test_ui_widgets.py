"""The shared widgets on their own: author text is shown as written, never read as markup."""

from __future__ import annotations

from test_ui_helpers import plain
from textual.app import App, ComposeResult

from po_exam.exam.asked import AskedQuestion
from po_exam.ui.widgets.options import OptionPicker, OptionRow
from po_exam.ui.widgets.question_review import QuestionReview

BRACKETS = AskedQuestion(
    bank_id="b",
    question_id="q",
    topic="t",
    topic_title="[Topic]",
    type="multiple",
    text="Is [bold]this[/bold] bold? And [this",
    options=("[red]Red[/red]", "A [link", "Plain", "[/]"),
    correct=frozenset({0, 1}),
    explanation="Because [b]reasons[/b].",
    reference="Guide [2020]",
)


class Harness(App[None]):
    def compose(self) -> ComposeResult:
        yield OptionPicker()
        yield QuestionReview(1, BRACKETS, frozenset({0, 2}), flagged=True)


async def test_author_text_with_brackets_is_shown_literally() -> None:
    app = Harness()
    async with app.run_test() as pilot:
        picker = app.query_one(OptionPicker)
        picker.question = BRACKETS
        picker.selection = frozenset({1})
        await pilot.pause()
        rows = [plain(row) for row in app.query(OptionRow)]
        assert "[red]Red[/red]" in rows[0] and "[ ]" in rows[0]
        assert "[✓]" in rows[1] and "A [link" in rows[1]
        review = plain(app.query_one(QuestionReview))
        for text in ("[bold]this[/bold]", "[this", "Because [b]reasons[/b].", "Guide [2020]"):
            assert text in review
        assert "✗ Wrong" in review and "⚑ flagged" in review
        assert "Your answer: A, C · Correct answer: A, B" in review
