"""Keyboard-first at 80x24 (issue 19): setup, practice feedback, notices, retries, small keys."""

from __future__ import annotations

from pathlib import Path

from test_ui_helpers import (
    isolated,  # noqa: F401 - autouse: data dir in tmp_path
    make_app,
    plain,
    settle,
)
from textual.pilot import Pilot
from textual.widgets import Input, Label

from po_exam.ui.screens.exam import ExamScreen
from po_exam.ui.screens.setup import SetupScreen
from po_exam.ui.widgets.choices import ChoiceList


async def open_setup(pilot: Pilot, downs: int) -> SetupScreen:
    await settle(pilot)
    await pilot.press(*["down"] * downs, "enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SetupScreen)
    return screen


def ticks(choices: ChoiceList[str]) -> list[str]:
    """The tick column of each row as drawn: ✓ or blank."""
    return [choices.render_line(y).text[1] for y in range(choices.option_count)]


async def test_practice_topics_are_picked_by_keys_alone(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        setup = await open_setup(pilot, 3)  # Practice
        # The first choice has the focus, the page is at the top (rules in view), no scroll stop.
        assert app.focused is setup.query_one("#banks")
        assert setup.query_one("#setup").scroll_y == 0
        await pilot.press("tab")
        topics = setup.query_one("#topics", ChoiceList)
        assert app.focused is topics
        assert ticks(topics) == ["✓", "✓", "✓"]
        await pilot.press("n")  # none
        assert topics.selected == [] and ticks(topics) == [" ", " ", " "]
        await pilot.press("a")  # all
        assert len(topics.selected) == 3
        await pilot.press("down", "o")  # only the highlighted one
        await settle(pilot)
        only = topics.get_option_at_index(topics.highlighted or 0).value
        assert topics.selected == [only] and ticks(topics).count("✓") == 1
        assert "15 available" in str(setup.query_one("#count-label", Label).content)
        await pilot.press("enter")  # Enter on a list starts (it never unticks)
        await settle(pilot)
        exam = app.screen
        assert isinstance(exam, ExamScreen)
        assert {q.topic for q in exam.session.questions} == {only}


async def test_an_empty_count_asks_for_what_the_bank_has(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, per_topic=4)  # a 12-question bank
    async with app.run_test(size=(80, 24)) as pilot:
        setup = await open_setup(pilot, 5)  # Custom
        count = setup.query_one("#count", Input)
        assert count.value == ""  # the placeholder is not a value in disguise
        assert count.placeholder == "empty: 12"
        assert "12 available" in str(setup.query_one("#count-label", Label).content)
        await pilot.press("ctrl+s")
        await settle(pilot)
        exam = app.screen
        assert isinstance(exam, ExamScreen), plain(setup.query_one("#problem"))
        assert exam.session.count == 12
