"""Taking exams with the keyboard: every answer is in the database, results follow."""

from __future__ import annotations

from pathlib import Path

from test_ui_helpers import keys_for, make_app, settle

from po_exam.store.db import open_store
from po_exam.ui.screens.exam import ExamScreen
from po_exam.ui.screens.results import ResultsScreen
from po_exam.ui.screens.setup import SetupScreen


async def test_a_whole_simulation_by_key_presses_ends_in_a_stored_pass(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("down", "enter")  # PSPO II style: 40 questions, 60 minutes
        await settle(pilot)
        assert isinstance(app.screen, SetupScreen)
        await pilot.press("enter")
        await settle(pilot)
        exam = app.screen
        assert isinstance(exam, ExamScreen)
        assert exam.session.count == 40
        for _ in range(40):
            await pilot.press(*keys_for(exam.session.current.correct), "n")
        await settle(pilot)
        await pilot.press("s", "y")  # review before submit, then confirm
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        assert "PASSED" in str(app.screen.query_one("#verdict").render())
    with open_store(f"sqlite:///{tmp_path}/t.db") as store:
        [attempt] = store.list_attempts()
        assert (attempt.mode, attempt.correct, attempt.total, attempt.passed) == (
            "pspo2",
            40,
            40,
            True,
        )
