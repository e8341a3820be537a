"""Keyboard-first at 80x24 (issue 19): setup, practice feedback, notices, retries, small keys."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from test_ui_helpers import (
    isolated,  # noqa: F401 - autouse: data dir in tmp_path
    make_app,
    plain,
    settle,
)
from textual.pilot import Pilot
from textual.widgets import Input

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
        assert setup.query_one("#count", Input).placeholder == "empty: 15 (of 15)"
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
        assert count.placeholder == "empty: 12 (of 12)"
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


def test_percentages_are_cut_to_one_decimal_never_rounded_up() -> None:
    from po_exam.ui.formatting import percent_text

    cases = {
        (5, 8): "62.5 %",
        (67, 80): "83.7 %",  # 83.75: cut, so it can never show a pass it did not reach
        (68, 80): "85 %",
        (57, 100): "57 %",  # computes as 56.999…
        (1, 3): "33.3 %",
        (2, 3): "66.6 %",
        (0, 40): "0 %",
        (40, 40): "100 %",
    }
    for (right, total), shown in cases.items():
        assert percent_text(right * 100 / total) == shown, (right, total)
    assert percent_text(None) == "—"


async def test_results_give_long_focus_areas_the_free_columns(tmp_path: Path) -> None:
    from test_ui_helpers import bank_yaml, record_attempt

    from po_exam.ui.screens.results import ResultsScreen

    long_title = "Product Backlog Management and Forecasting Practices"  # 52 characters
    (tmp_path / "bank.yaml").write_text(
        bank_yaml().replace("Product Backlog Management", long_title), encoding="utf-8"
    )
    app, clock = make_app(tmp_path)
    attempt_id = record_attempt(tmp_path, clock, right=25)  # 25/40 = 62.5 %
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(ResultsScreen(attempt_id))
        await settle(pilot)
        results = app.screen
        assert "25 / 40 right (62.5 %)" in plain(results.query_one("#verdict"))
        table = results.query_one("#topics")
        assert table.columns["area"].width >= 46
        assert table.virtual_size.width <= 80 - 2
        home = app.screen_stack[0]
        recent = plain(home.query_one("#recent"))
        # Home names the start time, as Results and History do, and the same rounding.
        assert "2026-03-02 09:00" in recent and "25/40 (62.5 %)" in recent


async def test_home_names_the_simulation_a_retry_is_for_and_the_retry_says_so(
    tmp_path: Path,
) -> None:
    from test_ui_helpers import record_attempt

    from po_exam.ui.screens.results import ResultsScreen

    app, clock = make_app(tmp_path)
    record_attempt(tmp_path, clock, right=30)
    clock.advance(3600)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        pending = plain(app.screen.query_one("#pending"))
        assert "Free retry of your PSPO II style of 2026-03-02 09:00 (30/40, 75 %)" in " ".join(
            pending.split()
        )
        await pilot.press("r")
        await settle(pilot)
        exam = app.screen
        assert isinstance(exam, ExamScreen)
        assert plain(exam.query_one("#mode")).strip() == "PSPO II · free retry"
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("s", "y")
        await settle(pilot)
        results = app.screen
        assert isinstance(results, ResultsScreen)
        details = " ".join(plain(results.query_one("#details")).split())
        assert "free retry of the attempt of 2026-03-02 09:00" in details
        assert "This was your free retry" in plain(results.query_one("#retry"))
        await pilot.press("escape")
        await settle(pilot)
        assert "(retry)" in plain(app.screen.query_one("#recent"))


async def test_an_attempt_that_ran_out_while_away_says_so(tmp_path: Path) -> None:
    from test_ui_helpers import start_pspo2

    app, clock = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_pspo2(pilot)
    clock.advance(2 * 3600)
    again, _ = make_app(tmp_path)
    again.clock = clock
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert any(n.title == "Time was up" for n in again._notifications)
        recent = " ".join(plain(again.screen.query_one("#recent")).split())
        assert "0/40 (0 %) ✗ FAIL · time ran out" in recent


async def test_review_before_submit_lists_u_and_f_in_its_footer(tmp_path: Path) -> None:
    from test_ui_helpers import start_pspo2

    from po_exam.ui.screens.review import ReviewScreen

    app, _ = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_pspo2(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        shown = {
            binding.key
            for binding in (b.binding for b in app.screen.active_bindings.values())
            if binding.show
        }
        assert {"u", "f", "s", "escape"} <= shown
        footer = app.screen.query_one("Footer")
        assert footer.region.bottom == 24


async def test_the_flagged_filter_with_no_flags_says_so_in_the_pane(tmp_path: Path) -> None:
    from test_ui_helpers import record_attempt

    from po_exam.ui.screens.debrief import DebriefScreen

    app, clock = make_app(tmp_path)
    attempt_id = record_attempt(tmp_path, clock, right=40)  # all right: no wrong answers
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(DebriefScreen(attempt_id))
        await settle(pilot)
        empty = app.screen.query_one("#empty")
        assert not empty.display
        await pilot.press("w")
        await settle(pilot)
        assert empty.display and "No wrong answers" in plain(empty)
        await pilot.press("a")
        await settle(pilot)
        assert not empty.display


async def test_the_key_mark_sits_in_one_column_on_short_and_long_options(tmp_path: Path) -> None:
    from po_exam.exam.asked import AskedQuestion
    from po_exam.ui.widgets.question_review import QuestionReview

    long = "A long option " * 12
    question = AskedQuestion(
        bank_id="b",
        question_id="q",
        topic="t",
        topic_title="Topic",
        type="single",
        text="Which?",
        options=("Short", long.strip(), "Other"),
        correct=frozenset({0}),
    )
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(80, 24)):
        for correct in (0, 1):
            asked = replace(question, correct=frozenset({correct}))
            lines = plain(QuestionReview(1, asked, frozenset())).splitlines()
            row = next(line for line in lines if "✓ key" in line)
            assert row.index("✓ key") == 2  # after the ○, before the letter


async def test_history_tab_keys_work_while_a_filter_has_the_focus(tmp_path: Path) -> None:
    from textual.widgets import Select, TabbedContent

    from po_exam.ui.screens.history import HistoryScreen

    app, _ = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        history = app.screen
        assert isinstance(history, HistoryScreen)
        history.query_one("#mode", Select).focus()
        await pilot.pause()
        tabs = history.query_one("#tabs", TabbedContent)
        await pilot.press("2")
        await pilot.pause()
        assert tabs.active == "progress"
        await pilot.press("3")
        await pilot.pause()
        assert tabs.active == "topics"


async def test_the_palette_offers_the_apps_own_commands(tmp_path: Path) -> None:
    from test_ui_helpers import record_attempt

    from po_exam.ui.screens.history import HistoryScreen

    app, clock = make_app(tmp_path)
    record_attempt(tmp_path, clock, right=30)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        commands = {command.title: command for command in app.get_system_commands(app.screen)}
        for title in ("Start: PSPO I simulation", "Start: Practice", "Start: Custom"):
            assert title in commands
        assert {"History", "Set exam date", "Export history to CSV", "Theme"} <= set(commands)
        commands["Set exam date"].callback()
        await settle(pilot)
        from po_exam.ui.screens.exam_day import ExamDayScreen

        assert isinstance(app.screen, ExamDayScreen)
        await pilot.press("escape")
        await settle(pilot)
        commands["Start: Practice"].callback()
        await settle(pilot)
        assert isinstance(app.screen, SetupScreen) and app.screen.mode.key == "practice"
        commands["History"].callback()
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        commands["Export history to CSV"].callback()
        await settle(pilot)
        [toast] = [n for n in app._notifications if n.title == "History exported"]
        [written] = list(tmp_path.glob("po-exam-history-*.csv"))
        assert written.name in toast.message
        header, row = written.read_text(encoding="utf-8").splitlines()
        assert header.startswith("id,mode,banks,started_at") and ",pspo2,ui-test," in row


def test_an_empty_count_is_the_default_or_all_there_are_an_explicit_one_is_checked() -> None:
    import pytest
    from exam_helpers import make_bank

    from po_exam.exam.modes import ExamSetupError, plan_exam

    small = make_bank("small", {"events": 12})
    assert plan_exam("custom", [small], seed=1).questions == 12  # fewer than the default 20
    assert plan_exam("practice", [make_bank()], seed=1).questions == 20
    assert plan_exam("practice", [make_bank()], topics=["events"], seed=1).questions == 20
    with pytest.raises(ExamSetupError, match="12 questions in all; 13 are needed"):
        plan_exam("custom", [small], questions=13, seed=1)


async def test_the_certainty_box_shows_a_tick_not_a_coloured_x(tmp_path: Path) -> None:
    from textual.widgets import Checkbox

    app, _ = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        setup = await open_setup(pilot, 3)  # Practice: certainty on by default
        box = setup.query_one("#certainty", Checkbox)
        assert box.value and box.render().plain.startswith("▐✓▌")
        box.value = False
        await pilot.pause()
        assert box.render().plain.startswith("▐ ▌")
