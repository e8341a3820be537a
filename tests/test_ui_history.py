"""History: past attempts in a table, each opening into the debrief; trend and topics."""

from __future__ import annotations

from pathlib import Path

from test_ui_helpers import (
    isolated,  # noqa: F401 - autouse: data dir in tmp_path
    make_app,
    plain,
    record_attempt,
    settle,
)
from textual.widgets import DataTable, Select

from po_exam.ui.screens.debrief import DebriefScreen
from po_exam.ui.screens.history import HistoryScreen
from po_exam.ui.widgets.question_review import QuestionReview


async def test_history_opens_a_past_attempt_in_the_debrief(tmp_path: Path) -> None:
    app, clock = make_app(tmp_path)
    record_attempt(tmp_path, clock, right=30)
    record_attempt(tmp_path, clock, mode="practice", right=15, seed=5)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        history = app.screen
        assert isinstance(history, HistoryScreen)
        table = history.query_one("#attempt-table", DataTable)
        assert table.row_count == 2
        assert "Readiness" in str(history.query_one("#readiness").render())
        await pilot.press("down", "enter")  # the older one: the PSPO II attempt
        await settle(pilot)
        debrief = app.screen
        assert isinstance(debrief, DebriefScreen)
        reviews = list(debrief.query(QuestionReview))
        assert len(reviews) == 40
        await pilot.press("w")
        await pilot.pause()
        assert sum(r.display for r in reviews) == 10
        assert all("✗ Wrong" in plain(r) for r in reviews if r.display)
        await pilot.press("f")
        await pilot.pause()
        assert sum(r.display for r in reviews) == 1
        await pilot.press("escape")
        assert app.screen is history


async def test_history_filters_by_mode_and_result(tmp_path: Path) -> None:
    app, clock = make_app(tmp_path)
    record_attempt(tmp_path, clock, right=30)
    record_attempt(tmp_path, clock, mode="practice", right=15, seed=5)
    record_attempt(tmp_path, clock, right=38, seed=6)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        table = app.screen.query_one("#attempt-table", DataTable)
        assert table.row_count == 3
        app.screen.query_one("#mode", Select).value = "pspo2"
        await settle(pilot)
        assert table.row_count == 2
        app.screen.query_one("#result", Select).value = "failed"
        await settle(pilot)
        assert table.row_count == 1
        assert "✗ FAIL" in str(table.get_row_at(0)[4])


async def test_a_retry_names_the_attempt_it_retries(tmp_path: Path) -> None:
    app, clock = make_app(tmp_path)
    record_attempt(tmp_path, clock, right=30)  # failed at T0: earns the retry
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("s", "s", "y")
        await settle(pilot)
        await pilot.press("escape", "h")
        await settle(pilot)
        table = app.screen.query_one("#attempt-table", DataTable)
        assert "↻" in str(table.get_row_at(0)[2])
        await pilot.press("enter")
        await settle(pilot)
        assert "free retry of the attempt of 2026-03-02 09:00" in plain(
            app.screen.query_one("#attempt")
        )


async def test_older_attempts_load_when_the_cursor_reaches_the_last_row(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr("po_exam.ui.screens.history.PAGE", 2)
    app, clock = make_app(tmp_path)
    ids = [record_attempt(tmp_path, clock, mode="practice", right=10, seed=n) for n in range(5)]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        table = app.screen.query_one("#attempt-table", DataTable)
        assert table.row_count == 2
        await pilot.press("down")  # the last row of the first page
        await settle(pilot)
        assert table.row_count == 4
        await pilot.press("down", "down")
        await settle(pilot)
        assert [row.value for row in table.rows] == [str(i) for i in reversed(ids)]
