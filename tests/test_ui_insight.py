"""Certainty in the exam, pacing and calibration on results, the three-state debrief,
the exam day on Home and the honest readiness in History, driven with Pilot."""

from __future__ import annotations

import json
from pathlib import Path

from test_ui_helpers import (
    isolated,  # noqa: F401 - autouse: data dir in tmp_path
    make_app,
    plain,
    record_attempt,
    settle,
    start_pspo2,
)
from textual.widgets import DataTable

from po_exam.ui.screens.debrief import DebriefScreen
from po_exam.ui.screens.exam import ExamScreen
from po_exam.ui.screens.history import HistoryScreen
from po_exam.ui.screens.home import HomeScreen
from po_exam.ui.screens.results import ResultsScreen
from po_exam.ui.widgets.navigator import Navigator
from po_exam.ui.widgets.question_review import QuestionReview


def footer_keys(app) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {
        key: binding.binding.description
        for key, binding in app.screen.active_bindings.items()
        if binding.enabled and binding.binding.show
    }


async def start_practice(pilot, count: str = "3") -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("down", "down", "down", "enter")  # Practice
    await settle(pilot)
    pilot.app.screen.query_one("#count").value = count
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_k_rates_certainty_in_practice_shown_in_footer_and_navigator(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await start_practice(pilot)
        exam = app.screen
        assert isinstance(exam, ExamScreen) and exam.session.settings.certainty
        assert "k: how sure?" in plain(exam.query_one("#about"))
        assert footer_keys(app)["k"] == "Sure?"
        await pilot.press("a", "k", "k", "k")
        await settle(pilot)
        assert "sure: high" in plain(exam.query_one("#about"))
        assert footer_keys(app)["k"] == "High"
        assert exam.query_one(Navigator).states[0].certainty == 3
        assert "●" in str(exam.query_one(Navigator).get_cell_at((0, 0)))
        await pilot.press("k")  # back to not rated
        await settle(pilot)
        assert footer_keys(app)["k"] == "Sure?" and exam.live.certainty(0) is None
        await pilot.press("k", "k")
        await settle(pilot)
        stored = app.store.stored_attempt(exam.live.id)
        assert stored.certainty == {0: 2}


async def test_certainty_is_off_in_a_simulation_and_k_does_nothing(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await start_pspo2(pilot)
        exam = app.screen
        assert isinstance(exam, ExamScreen) and not exam.session.settings.certainty
        assert "k" not in footer_keys(app)
        await pilot.press("a", "k")
        await settle(pilot)
        assert exam.live.certainty(0) is None
        assert "sure" not in plain(exam.query_one("#about"))


async def test_results_say_whether_the_pace_would_finish_and_show_calibration(
    tmp_path: Path,
) -> None:
    app, clock = make_app(tmp_path)
    slow = record_attempt(
        tmp_path,
        clock,
        right=20,
        seconds=lambda i: 120 if i < 30 else 60,  # PSPO II: 90 s a question
        certainty=lambda i: 3 if i in (30, 31) else 1 if i < 2 else None,
    )
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.push_screen(ResultsScreen(slow))
        await settle(pilot)
        pacing = plain(app.screen.query_one("#pacing"))
        # 30 x 120 + 10 x 60 = 4200 s for 40 questions: 105 s each, 70 minutes
        assert "✗ Too slow: at your pace the 40 questions take 70 minutes; the exam gives 60." in (
            pacing
        )
        assert "Median 120 s a question against a budget of 90 s; 30 questions over it." in pacing
        assert app.screen.query_one("#pacing-chart").display
        calibration = plain(app.screen.query_one("#calibration"))
        assert "Low    2/2 right (100 %, claims 0-67 %) · underconfident" in calibration
        assert "High   0/2 right (0 %, claims 80-100 %) · overconfident" in calibration
        assert "Confident mistakes (wrong at high certainty): question 31, 32" in calibration
        assert "Lucky guesses (right at low certainty): question 1, 2" in calibration
        assert app.screen.query_one("#calibration-chart").display


async def test_results_of_a_fast_simulation_say_in_time(tmp_path: Path) -> None:
    app, clock = make_app(tmp_path)
    fast = record_attempt(tmp_path, clock, right=36, seconds=lambda i: 30.0)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.push_screen(ResultsScreen(fast))
        await settle(pilot)
        assert "✓ In time: at your pace the 40 questions take 20 of 60 minutes." in plain(
            app.screen.query_one("#pacing")
        )
        assert not app.screen.query_one("#calibration").display  # not asked in a simulation


async def test_the_debrief_shows_three_states_partly_right_and_confident_mistakes(
    tmp_path: Path,
) -> None:
    app, clock = make_app(tmp_path)

    def one_of_two(position, question):  # type: ignore[no-untyped-def]
        if question.type == "multiple":
            return frozenset({min(question.correct), 3 if 3 not in question.correct else 2})
        return None

    attempt = record_attempt(
        tmp_path, clock, right=0, choose=one_of_two, certainty=lambda i: 3 if i == 0 else None
    )
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.push_screen(DebriefScreen(attempt))
        await settle(pilot)
        detail = app.screen.detail
        multiple = sum(1 for item in detail.items if item.question.type == "multiple")
        insight = plain(app.screen.query_one("#insight"))
        assert f"you found 1 of 2 in {multiple} questions" in insight
        assert "1 confident mistakes (c), 0 lucky guesses (l)" in insight
        assert "high   " + "░" * 16 + "▒" * 4 in insight  # nothing right; claims 80-100 %
        assert "0 % right of 1 · claims 80-100 % · overconfident" in insight
        review = next(r for r in app.screen.query(QuestionReview) if r.question.type == "multiple")
        shown = plain(review)
        assert "✓ right pick" in shown and "✗ wrong pick" in shown and "! missed" in shown
        await pilot.press("c")
        await settle(pilot)
        visible = [r for r in app.screen.query(QuestionReview) if r.display]
        assert [r.number for r in visible] == [1]
        assert "a confident mistake" in plain(visible[0])


async def test_e_sets_the_exam_day_kept_in_the_data_folder_and_home_shows_the_plan(
    tmp_path: Path,
) -> None:
    app, clock = make_app(tmp_path)
    record_attempt(tmp_path, clock, mode="practice", right=10, seed=4)  # 10 mistakes
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        await pilot.press(*"2026-02-01", "enter")  # before T0: refused
        await settle(pilot)
        assert "has passed" in plain(app.screen.query_one("#problem"))
        app.screen.query_one("#day").value = "not a day"
        await pilot.press("enter")
        assert "is not a date" in plain(app.screen.query_one("#problem"))
        app.screen.query_one("#day").value = "2026-03-12"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        settings = json.loads((tmp_path / "settings.json").read_text(encoding="utf-8"))
        assert settings["exam_day"] == "2026-03-12" and str(app.attempts.exam_day) == "2026-03-12"
        pending = " ".join(plain(app.screen.query_one("#pending")).split())
        assert "◆ Exam in 10 days (2026-03-12): 10 questions due today." in pending
        assert "Plan: 10 mistakes below 95 % recall on the day — review about 1 a day." in pending
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#day").value = ""
        await pilot.press("enter")
        await settle(pilot)
        assert "Exam in" not in plain(app.screen.query_one("#pending"))
        assert app.attempts.exam_day is None
    again, _ = make_app(tmp_path)
    (tmp_path / "settings.json").write_text('{"exam_day": "2026-04-01"}', encoding="utf-8")
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert str(again.attempts.exam_day) == "2026-04-01"  # read back at start


async def test_history_readiness_counts_simulations_and_the_chart_toggles_modes(
    tmp_path: Path,
) -> None:
    app, clock = make_app(tmp_path)
    record_attempt(tmp_path, clock, right=36, seed=1, seconds=lambda i: 40.0)
    record_attempt(
        tmp_path, clock, mode="practice", right=15, seed=2, certainty=lambda i: 2 if i < 4 else 1
    )
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        history = app.screen
        assert isinstance(history, HistoryScreen)
        table = history.query_one("#attempt-table", DataTable)
        medians = [table.get_row_at(row)[-1] for row in range(table.row_count)]
        assert medians == ["–", "40"]  # newest first: the practice kept no time here
        await pilot.press("2")
        await settle(pilot)
        readiness = plain(history.query_one("#readiness"))
        assert "chance of ≥ 85 %" in readiness
        assert "(36/40 right on first-seen questions, last 1 simulation," in readiness
        certainty = plain(history.query_one("#certainty"))
        # practice: the first 15 of 20 right; 4 rated medium (all right), 16 low (11 right)
        assert "low    " + "█" * 14 in certainty and "69 % right of 16" in certainty
        assert "medium " + "█" * 20 + " 100 % right of 4 · claims 67-80 % · underconfident" in (
            certainty
        )
        assert "high" not in certainty
        label = history.query_one("#trend-label")
        assert "Score %, last 1 attempt (simulations only)" in plain(label)
        await pilot.press("t")
        await settle(pilot)
        assert "Score %, last 2 attempts (every mode)" in plain(label)


async def test_ticking_the_box_asks_for_certainty_in_a_simulation_too(tmp_path: Path) -> None:
    from textual.widgets import Checkbox

    app, _ = make_app(tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("down", "enter")  # PSPO II style
        await settle(pilot)
        box = app.screen.query_one("#certainty", Checkbox)
        assert box.value is False
        box.value = True
        await pilot.press("ctrl+s")
        await settle(pilot)
        exam = app.screen
        assert isinstance(exam, ExamScreen) and exam.session.settings.certainty
        await pilot.press("a", "k")
        await settle(pilot)
        assert app.store.stored_attempt(exam.live.id).certainty == {0: 1}
        assert app.store.stored_attempt(exam.live.id).settings.certainty  # kept for a resume
