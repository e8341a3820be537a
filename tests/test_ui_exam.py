"""Taking exams with the keyboard: every answer is in the database, results follow."""

from __future__ import annotations

from pathlib import Path

from test_ui_helpers import (
    T0,
    isolated,  # noqa: F401 - autouse: data dir in tmp_path
    keys_for,
    make_app,
    plain,
    settle,
    start_pspo2,
)

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
        assert "PASSED" in plain(app.screen.query_one("#verdict"))
    with open_store(f"sqlite:///{tmp_path}/t.db") as store:
        [attempt] = store.list_attempts()
        assert (attempt.mode, attempt.correct, attempt.total, attempt.passed) == (
            "pspo2",
            40,
            40,
            True,
        )


async def test_a_failed_simulation_offers_its_free_retry_which_draws_fresh_questions(
    tmp_path: Path,
) -> None:
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_pspo2(pilot)
        first = app.screen
        assert isinstance(first, ExamScreen)
        first_keys = {q.key for q in first.session.questions}
        await pilot.press("a", "n", "s")  # one answer, then straight to submit
        await settle(pilot)
        await pilot.press("s", "y")
        await settle(pilot)
        results = app.screen
        assert isinstance(results, ResultsScreen)
        assert "NOT PASSED" in plain(results.query_one("#verdict"))
        assert "free retry" in plain(results.query_one("#retry"))
        await pilot.press("escape")  # home lists the retry too
        await settle(pilot)
        pending = plain(app.screen.query_one("#pending"))
        assert "Free retry" in pending and "14 days left" in pending
        await pilot.press("r")
        await settle(pilot)
        retry = app.screen
        assert isinstance(retry, ExamScreen)
        assert retry.session.settings.mode == "pspo2"
        assert "free retry" in plain(retry.query_one("#mode"))
        fresh = {q.key for q in retry.session.questions} - first_keys
        assert len(fresh) == 45 - 40  # every question the first attempt did not ask
    with open_store(f"sqlite:///{tmp_path}/t.db") as store:
        newest, original = store.list_attempts()
        assert newest.retry_of == original.id
        assert store.pending_retry(T0) is None


async def test_an_exam_closed_mid_way_resumes_with_its_answers_and_deadline(
    tmp_path: Path,
) -> None:
    app, clock = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_pspo2(pilot)
        exam = app.screen
        assert isinstance(exam, ExamScreen)
        given = {}
        for position in range(3):
            keys = keys_for(exam.session.current.correct)
            await pilot.press(*keys)
            given[position] = exam.live.selection(position)
            if position == 1:
                await pilot.press("m")
            await pilot.press("n")
    # The app is gone without a word (as if the terminal closed); ten minutes pass.
    clock.advance(10 * 60)
    again, _ = make_app(tmp_path)
    again.clock = clock
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Unfinished" in plain(again.screen.query_one("#pending"))
        await pilot.press("c")
        await settle(pilot)
        resumed = again.screen
        assert isinstance(resumed, ExamScreen)
        assert resumed.session.answers == given
        assert resumed.session.flagged() == [1]
        assert resumed.session.position == 3
        remaining = resumed.session.remaining()
        assert remaining is not None and remaining.total_seconds() == 50 * 60
        assert "50:00" in plain(resumed.query_one("#countdown"))


async def test_the_clock_warns_at_ten_and_one_minute_and_submits_at_zero(tmp_path: Path) -> None:
    app, clock = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_pspo2(pilot)
        exam = app.screen
        assert isinstance(exam, ExamScreen)
        await pilot.press(*keys_for(exam.session.current.correct))
        countdown = exam.query_one("#countdown")
        clock.advance(50 * 60 + 1)
        await pilot.pause(1.1)
        assert countdown.has_class("-warning") and not countdown.has_class("-danger")
        assert any("10 minutes left" in n.message for n in app._notifications)
        clock.advance(9 * 60)
        await pilot.pause(1.1)
        assert countdown.has_class("-danger")
        assert any("1 minute left" in n.message for n in app._notifications)
        clock.advance(60)
        await pilot.pause(1.1)
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
    with open_store(f"sqlite:///{tmp_path}/t.db") as store:
        [attempt] = store.list_attempts()
        assert attempt.correct == 1 and attempt.seconds_used == 60 * 60


async def test_leaving_asks_first_and_the_attempt_stays_open(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_pspo2(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert "Leave this exam?" in plain(app.screen.query_one("#question"))
        await pilot.press("n")
        assert isinstance(app.screen, ExamScreen)
        await pilot.press("escape", "y")
        await settle(pilot)
        assert "Unfinished" in plain(app.screen.query_one("#pending"))
    with open_store(f"sqlite:///{tmp_path}/t.db") as store:
        assert store.unfinished_attempt() is not None


async def test_the_mouse_picks_options_and_the_overview_jumps(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        await pilot.click("#start")
        await settle(pilot)
        exam = app.screen
        assert isinstance(exam, ExamScreen)
        await pilot.click("#option-1")
        assert exam.live.selection(0) == frozenset({1})
        await pilot.press("o")
        await pilot.pause()
        await pilot.press("right", "right", "down", "enter")  # question 13
        await pilot.pause()
        assert app.screen is exam and exam.session.position == 12
    with open_store(f"sqlite:///{tmp_path}/t.db") as store:
        stored = store.stored_attempt(store.unfinished_attempt().id)
        assert stored.answers == {0: frozenset({1})} and stored.position == 12


async def test_an_exam_whose_time_ran_out_while_away_is_graded_on_return(tmp_path: Path) -> None:
    app, clock = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_pspo2(pilot)
        exam = app.screen
        assert isinstance(exam, ExamScreen)
        await pilot.press(*keys_for(exam.session.current.correct))
    clock.advance(2 * 3600)
    again, _ = make_app(tmp_path)
    again.clock = clock
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        pending = plain(again.screen.query_one("#pending"))
        assert "Unfinished" not in pending and "Free retry" in pending
        assert "1/40" in plain(again.screen.query_one("#recent"))
        assert any("ran out of time" in n.message for n in again._notifications)
    with open_store(f"sqlite:///{tmp_path}/t.db") as store:
        [attempt] = store.list_attempts()
        assert attempt.correct == 1 and attempt.seconds_used == 3600


async def test_quitting_the_app_mid_exam_and_starting_another_both_ask(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_pspo2(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert "Quit po-exam?" in plain(app.screen.query_one("#question"))
        await pilot.press("n", "q", "y")  # stay, then leave for home instead
        await settle(pilot)
        await pilot.press("enter", "enter")  # set up and start another
        await settle(pilot)
        assert "exam is unfinished" in plain(app.screen.query_one("#question"))
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, ExamScreen)


async def test_a_key_beyond_the_options_says_which_keys_work(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_pspo2(pilot)
        exam = app.screen
        assert isinstance(exam, ExamScreen)
        count = len(exam.session.current.options)
        await pilot.press("abcdefgh"[count])  # one past the last option, often `f` for "flag"
        await pilot.pause()
        assert not exam.session.is_answered(0) and not exam.session.is_flagged(0)
        assert any("m flags it" in n.message for n in app._notifications)
