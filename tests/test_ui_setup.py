"""Setting up a custom exam: choices the engine refuses are said on the screen, nothing starts."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_ui_helpers import (
    isolated,  # noqa: F401 - autouse: data dir in tmp_path
    make_app,
    plain,
    settle,
)
from textual.widgets import Input

from po_exam.ui.screens.exam import ExamScreen
from po_exam.ui.screens.setup import SetupScreen


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("#count", "0", "question"),
        ("#count", "ten", "'ten' is not a whole number"),
        ("#count", "5000", "5000"),
        ("#pass-mark", "101", "pass mark"),
    ],
)
async def test_a_refused_choice_is_shown_and_nothing_starts(
    tmp_path: Path, field: str, value: str, words: str
) -> None:
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*["down"] * 5, "enter")  # Custom
        await settle(pilot)
        setup = app.screen
        assert isinstance(setup, SetupScreen) and setup.mode.key == "custom"
        setup.query_one(field, Input).value = value
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is setup
        problem = plain(setup.query_one("#problem"))
        assert problem.startswith("✗") and words.lower() in problem.lower()
        setup.query_one(field, Input).value = "10" if field == "#count" else "70"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ExamScreen)
