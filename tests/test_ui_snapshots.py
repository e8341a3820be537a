"""How the main screens look at 80x24, on a fixed clock and seed (pytest-textual-snapshot)."""

from __future__ import annotations

from pathlib import Path

from test_ui_helpers import (
    isolated,  # noqa: F401 - autouse: data dir in tmp_path
    make_app,
    record_attempt,
    settle,
    start_pspo2,
)
from textual.pilot import Pilot

from po_exam.ui.screens.results import ResultsScreen

SIZE = (80, 24)


def test_home_with_a_retry_and_last_results(snap_compare, tmp_path: Path) -> None:
    app, clock = make_app(tmp_path)
    record_attempt(tmp_path, clock, right=30)
    record_attempt(tmp_path, clock, mode="practice", right=18, seed=4)
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)


def test_home_with_a_retry_and_a_bank_notice(snap_compare, tmp_path: Path, monkeypatch) -> None:
    app, clock = make_app(tmp_path)
    record_attempt(tmp_path, clock, right=30)
    (tmp_path / "broken.yaml").write_text(
        "format: 1\nbank:\n  id: broken\nquestions: [\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)  # named relative to here: the same text on every run
    app.bank_paths = (*app.bank_paths, Path("broken.yaml"))
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)


def test_practice_setup(snap_compare, tmp_path: Path) -> None:
    app, _ = make_app(tmp_path)

    async def open_setup(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("down", "down", "down", "enter")
        await settle(pilot)
        await pilot.press("tab", "down", "o")  # only the second topic, by keys
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_setup)


def test_practice_feedback_with_a_long_explanation(snap_compare, tmp_path: Path) -> None:
    from test_ui_keyboard import long_bank

    long_bank(tmp_path)
    app, _ = make_app(tmp_path)

    async def answer_one(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("down", "down", "down", "enter")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("a", "enter")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=answer_one)


def test_exam_with_an_answer_and_a_flag(snap_compare, tmp_path: Path) -> None:
    app, _ = make_app(tmp_path)

    async def take_a_few(pilot: Pilot) -> None:
        await start_pspo2(pilot)
        await pilot.press("b", "n", "a", "m", "n", "n", "p")
        await settle(pilot)  # the answers are written in workers

    assert snap_compare(app, terminal_size=SIZE, run_before=take_a_few)


def test_results_of_a_failed_simulation(snap_compare, tmp_path: Path) -> None:
    app, clock = make_app(tmp_path)
    attempt_id = record_attempt(tmp_path, clock, right=30)

    async def open_results(pilot: Pilot) -> None:
        await settle(pilot)
        app.push_screen(ResultsScreen(attempt_id))
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_results)


def test_history_attempts(snap_compare, tmp_path: Path) -> None:
    app, clock = make_app(tmp_path)
    record_attempt(tmp_path, clock, right=30)
    record_attempt(tmp_path, clock, mode="practice", right=18, seed=4)
    record_attempt(tmp_path, clock, right=36, seed=9)

    async def open_history(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_history)


def test_history_progress_chart(snap_compare, tmp_path: Path) -> None:
    app, clock = make_app(tmp_path)
    for right, seed in ((22, 1), (30, 2), (36, 3), (34, 4)):
        record_attempt(tmp_path, clock, right=right, seed=seed)

    async def open_progress(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_progress)


def test_exam_on_a_wide_terminal_keeps_the_navigator_in_view(snap_compare, tmp_path: Path) -> None:
    app, _ = make_app(tmp_path)

    async def take_a_few(pilot: Pilot) -> None:
        await start_pspo2(pilot)
        await pilot.press("b", "n", "a", "n", "m", "n")
        await settle(pilot)  # the answers are written in workers

    assert snap_compare(app, terminal_size=(120, 40), run_before=take_a_few)


def _paced_practice(tmp_path: Path, clock) -> int:  # type: ignore[no-untyped-def]
    """A practice run with time kept and certainty rated: slow on some, sure of some."""
    return record_attempt(
        tmp_path,
        clock,
        mode="practice",
        right=14,
        seed=5,
        seconds=lambda i: (30, 55, 80, 40, 25)[i % 5],
        certainty=lambda i: (1, 2, 3, 3, None)[i % 5],
    )


def test_results_with_pacing(snap_compare, tmp_path: Path) -> None:
    app, clock = make_app(tmp_path)
    attempt_id = _paced_practice(tmp_path, clock)

    async def open_results(pilot: Pilot) -> None:
        await settle(pilot)
        app.push_screen(ResultsScreen(attempt_id))
        await settle(pilot)
        await pilot.press("down", "down", "down", "down", "down", "down", "down", "down")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_results)


def test_results_with_the_calibration_chart(snap_compare, tmp_path: Path) -> None:
    app, clock = make_app(tmp_path)
    attempt_id = _paced_practice(tmp_path, clock)

    async def open_results(pilot: Pilot) -> None:
        await settle(pilot)
        app.push_screen(ResultsScreen(attempt_id))
        await settle(pilot)
        app.screen.query_one("#calibration-heading").scroll_visible(top=True, animate=False)
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_results)


def test_essay_being_written(snap_compare, tmp_path: Path) -> None:
    from test_ui_essays import essay_app, start_pspo3

    from po_exam.ui.widgets.essay import EssayArea

    app, _ = essay_app(tmp_path)

    async def write(pilot: Pilot) -> None:
        screen = await start_pspo3(pilot)
        screen.query_one(EssayArea).cursor_blink = False
        await pilot.press(*"Count outcomes, not features: agree a goal first.")
        await pilot.press("escape")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=write)


def test_self_grading_an_essay(snap_compare, tmp_path: Path) -> None:
    from test_ui_essays import essay_app, start_pspo3, submit

    app, _ = essay_app(tmp_path)

    async def grade(pilot: Pilot) -> None:
        await start_pspo3(pilot)
        await pilot.press(*"Count outcomes, not features: agree a goal first.")
        await submit(pilot)
        await pilot.press("space", "down")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=grade)
