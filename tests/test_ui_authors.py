"""The item statistics screen, "key changed" marks, re-grading from History, and the dispute
dialog in the debrief, driven with Pilot."""

from __future__ import annotations

from pathlib import Path

from author_helpers import small_bank, take
from exam_helpers import T0
from test_cli_authors import write_bank
from test_ui_helpers import (
    isolated,  # noqa: F401 - autouse: data dir in tmp_path
    plain,
    settle,
)
from textual.widgets import DataTable, Static, TextArea

from po_exam.exam.clock import FakeClock
from po_exam.exam.versions import question_hash
from po_exam.store.db import open_store
from po_exam.ui.app import PoExamApp
from po_exam.ui.screens.debrief import DebriefScreen
from po_exam.ui.screens.dispute import DisputeScreen
from po_exam.ui.screens.history import HistoryScreen
from po_exam.ui.screens.items import ItemsScreen
from po_exam.ui.widgets.question_review import QuestionReview


def setup(tmp_path: Path, attempts: int, key_q1: str = "A") -> tuple[PoExamApp, Path]:
    """`attempts` sittings of the five-question bank (q1 answered B), then the bank file as
    the author has it now (q1 keyed `key_q1`), and an app on both."""
    clock = FakeClock(T0)
    db = tmp_path / "t.db"
    with open_store(f"sqlite:///{db}", clock=clock) as store:
        for k in range(attempts):
            take(store, clock, small_bank(), {"q0": "A", "q1": "B", "q2": "C"}, seed=k)
    bank = write_bank(tmp_path / "items.yaml", key_q1=key_q1)
    app = PoExamApp(db_url=f"sqlite:///{db}", bank_paths=[bank], clock=clock, builtin_banks=False)
    return app, db


async def test_item_statistics_screen_lists_figures_flags_and_picks(tmp_path: Path) -> None:
    app, _db = setup(tmp_path, attempts=21)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ItemsScreen)
        table = screen.query_one("#item-table", DataTable)
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert rows[1] == ["q1", "21", "0%", "–", "hard, unused option, MIS-KEY?"]
        assert rows[0][:3] == ["q0", "21", "100%"] and rows[0][4].startswith("easy")
        assert rows[3] == ["q3", "21", "0%", "–", "hard, unused option"]
        summary = plain(screen.query_one("#summary", Static))
        assert "5 questions; 5 with at least 20 answers, 5 flagged." in summary
        await pilot.press("down")
        await pilot.pause()
        picks = plain(screen.query_one("#picks", Static)).splitlines()
        assert picks == [
            "items/q1",
            "Question q1?",
            "A. key     0 picked (0 by the top third)  q1 A",
            "B.        21 picked (21 by the top third) q1 B",
            "C.         0 picked (0 by the top third)  q1 C",
            "D.         0 picked (0 by the top third)  q1 D",
        ]
        await pilot.press("escape")
        assert isinstance(app.screen, HistoryScreen)


async def test_too_few_answers_say_so_and_flagged_only_filters(tmp_path: Path) -> None:
    app, _db = setup(tmp_path, attempts=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        table = app.screen.query_one("#item-table", DataTable)
        assert [str(c) for c in table.get_row_at(0)] == [
            "q0",
            "3",
            "–",
            "–",
            "too few answers",
        ]
        await pilot.press("f")
        await pilot.pause()
        assert table.row_count == 0
        assert plain(app.screen.query_one("#picks", Static)).strip() == "No flagged questions."


async def test_a_changed_key_is_marked_and_regraded_from_history(tmp_path: Path) -> None:
    app, db = setup(tmp_path, attempts=1, key_q1="B")  # the author re-keyed q1 to B since
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        history = app.screen
        table = history.query_one("#attempt-table", DataTable)
        assert str(table.get_row_at(0)[3]) == "1/5 Δ"
        hint = plain(history.query_one("#hint", Static))
        assert "Δ 1 attempt graded against keys that have changed since: r re-grades" in hint
        await pilot.press("enter")
        await settle(pilot)
        debrief = app.screen
        assert isinstance(debrief, DebriefScreen)
        q1 = next(r for r in debrief.query(QuestionReview) if r.question.question_id == "q1")
        assert "Δ key changed since you answered" in plain(q1)
        assert "Δ 1 key changed since" in plain(debrief.query_one("#attempt", Static))
        await pilot.press("escape", "r")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert str(table.get_row_at(0)[3]) == "1→2/5"
        with open_store(f"sqlite:///{db}", read_only=True) as store:
            summary = store.list_attempts()[0]
        assert (summary.correct, summary.rescored_correct) == (1, 2)
        await pilot.press("enter")
        await settle(pilot)
        q1 = next(r for r in app.screen.query(QuestionReview) if r.question.question_id == "q1")
        text = plain(q1)
        assert "re-graded: ✓ right against the current key (graded wrong then)" in text
        assert "re-graded: 2/5" in plain(app.screen.query_one("#attempt", Static))


async def test_the_dispute_dialog_saves_the_argument_with_the_question(tmp_path: Path) -> None:
    app, db = setup(tmp_path, attempts=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        debrief = app.screen
        first = next(iter(debrief.query(QuestionReview)))
        await pilot.press("d")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, DisputeScreen)
        await pilot.press("ctrl+s")  # nothing written yet: refused, the dialog stays
        await pilot.pause()
        assert app.screen is dialog
        dialog.query_one("#argument", TextArea).insert("The guide says otherwise:\n'quote'")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is debrief
        assert "⚑ disputed (1)" in plain(first)
    with open_store(f"sqlite:///{db}", read_only=True) as store:
        [dispute] = store.disputes()
    question = first.question
    assert (dispute.bank_id, dispute.question_id, dispute.attempt_id) == (
        "items",
        question.question_id,
        1,
    )
    assert dispute.content_hash == question_hash(
        next(q for q in small_bank().questions if q.id == question.question_id)
    )
    assert dispute.choice == tuple(question.options[i] for i in sorted(first.selection))
    assert dispute.key == tuple(question.options[i] for i in sorted(question.correct))
    assert dispute.argument == "The guide says otherwise:\n'quote'"


async def test_escape_closes_the_dispute_dialog_without_saving(tmp_path: Path) -> None:
    app, db = setup(tmp_path, attempts=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        app.screen.query_one("#argument", TextArea).insert("never mind")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DebriefScreen)
    with open_store(f"sqlite:///{db}", read_only=True) as store:
        assert store.disputes() == []
