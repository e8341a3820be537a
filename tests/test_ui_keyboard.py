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


LONG = " ".join(f"Sentence {n} of a long explanation about accountability." for n in range(60))


def long_bank(tmp_path: Path) -> None:
    """The test bank with a very long explanation on every question."""
    from test_ui_helpers import bank_yaml

    text = bank_yaml().replace("explanation: Because of rule", f"explanation: {LONG} Rule")
    (tmp_path / "bank.yaml").write_text(text, encoding="utf-8")


async def start_practice(pilot: Pilot, count: str = "3") -> ExamScreen:
    setup = await open_setup(pilot, 3)
    setup.query_one("#count", Input).value = count
    await pilot.press("ctrl+s")
    await settle(pilot)
    exam = pilot.app.screen
    assert isinstance(exam, ExamScreen)
    return exam


async def test_a_long_explanation_is_read_before_enter_moves_on(tmp_path: Path) -> None:
    from po_exam.ui.screens.feedback import MORE, FeedbackScreen

    long_bank(tmp_path)
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        exam = await start_practice(pilot)
        first = exam.session.current
        await pilot.press("a" if 0 in first.correct else "b")
        if first.type == "multiple":
            await pilot.press(*"abcd"[: first.choose])
        await pilot.press("enter")
        await settle(pilot)
        feedback = app.screen
        assert isinstance(feedback, FeedbackScreen)
        scroller = feedback.scroller
        assert scroller.max_scroll_y > 0 and scroller.scroll_y == 0
        assert plain(feedback.query_one("#hint")).strip() == MORE
        await pilot.press("down", "down", "down")  # three quick presses: three lines, at once
        assert scroller.scroll_y == 3
        pages = 0
        while scroller.more_below:
            await pilot.press("enter")  # reads on; does not move on
            await pilot.pause()
            pages += 1
            assert app.screen is feedback and exam.session.position == 0
            assert pages < 20
        assert pages >= 1
        assert plain(feedback.query_one("#hint")).strip() == "Press Enter to continue."
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is exam and exam.session.position == 1


async def test_the_choose_more_hint_goes_once_the_selection_is_complete(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        exam = await start_practice(pilot, count="45")
        while exam.session.current.type != "multiple":
            await pilot.press("right")
        question = exam.session.current
        await pilot.press("abcd"[next(iter(question.correct))], "enter")
        assert any("Choose 1 more" in n.message for n in app._notifications)
        other = next(
            i
            for i in sorted(question.correct)
            if i not in exam.live.selection(exam.session.position)
        )
        await pilot.press("abcd"[other])
        await settle(pilot)
        assert not any("Choose 1 more" in n.message for n in app._notifications)
        await pilot.press("enter")
        await settle(pilot)
        assert not any("more" in n.message for n in app._notifications)


async def test_practice_overview_marks_right_and_wrong_not_answered(tmp_path: Path) -> None:
    from po_exam.ui.screens.review import ReviewScreen
    from po_exam.ui.widgets.navigator import Navigator

    app, _ = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        exam = await start_practice(pilot, count="3")
        for right in (True, False):
            question = exam.session.current
            wrong = next(i for i in range(len(question.options)) if i not in question.correct)
            keys = ["abcd"[i] for i in sorted(question.correct)] if right else ["abcd"[wrong]]
            await pilot.press(*keys, "enter")
            await settle(pilot)
            await pilot.press("enter")  # past the feedback
            await settle(pilot)
        await pilot.press("b")  # chosen on the third, not checked
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        cells = [str(review.query_one(Navigator).get_cell_at((0, c))) for c in range(3)]
        assert [cell.strip()[-1] for cell in cells] == ["✓", "✗", "•"]
        legend = plain(review.query_one("#legend"))
        assert "✓ right" in legend and "✗ wrong" in legend and "• unchecked" in legend
