"""The trust bugs an attempt owner fixes, as a learner meets them (each failed before it)."""

from __future__ import annotations

import re
import threading
from pathlib import Path

from store_helpers import Refusal
from test_ui_helpers import (
    isolated,  # noqa: F401 - autouse: data dir in tmp_path
    keys_for,
    make_app,
    plain,
    record_attempt,
    settle,
    start_pspo2,
)
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select

import po_exam.ui.screens
from po_exam.store.db import open_store
from po_exam.ui.app import PoExamApp
from po_exam.ui.screens.debrief import DebriefScreen
from po_exam.ui.screens.exam import ExamScreen
from po_exam.ui.screens.history import HistoryScreen
from po_exam.ui.screens.home import HomeScreen
from po_exam.ui.screens.results import ResultsScreen
from po_exam.ui.screens.review import ReviewScreen
from po_exam.ui.widgets.navigator import Navigator
from po_exam.ui.widgets.options import OptionPicker
from po_exam.ui.widgets.question_review import QuestionReview


def exam_of(app: PoExamApp) -> ExamScreen:
    screen = app.screen
    assert isinstance(screen, ExamScreen)
    return screen


def notified(app: PoExamApp, text: str) -> bool:
    return any(text in n.message for n in app._notifications)


def wrong_key(exam: ExamScreen) -> str:
    question = exam.session.current
    return "abcdefgh"[next(i for i in range(len(question.options)) if i not in question.correct)]


async def leave_an_exam_with_one_wrong_answer(pilot: Pilot) -> None:
    await start_pspo2(pilot)
    exam = exam_of(pilot.app)  # type: ignore[arg-type]
    await pilot.press(wrong_key(exam), "q", "y")
    await settle(pilot)


async def open_history_row(pilot: Pilot) -> DebriefScreen:
    await pilot.press("h")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    debrief = pilot.app.screen
    assert isinstance(debrief, DebriefScreen)
    return debrief


# An answer shown is an answer saved


async def test_a_refused_answer_is_never_shown_as_answered_and_is_saved_once_accepted(
    tmp_path: Path,
) -> None:
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await start_pspo2(pilot)
        exam = exam_of(app)
        assert app.store is not None
        refusal = Refusal(app.store, "save_answer")  # the disk is full
        key = exam.session.current.correct
        await pilot.press(*keys_for(key))
        await settle(pilot)  # the answer is written in a worker
        assert any(
            n.title == "Not saved" and "disk is full" in n.message for n in app._notifications
        )
        state = exam.query_one(Navigator).states[0]
        assert not state.answered and state.unsaved  # never ✓ while not on disk
        assert "0 answered" in plain(exam.query_one("#progress"))
        assert "not saved" in plain(exam.query_one("#about"))
        assert exam.query_one(OptionPicker).selection == key  # the choice stays on screen
        await pilot.press("n")  # the exam moves on; the answer is not forgotten
        refusal.on = False  # space was freed
        exam._retry_unsaved()  # what the retry timer does every few seconds
        await settle(pilot)
        assert exam.query_one(Navigator).states[0].answered
        assert notified(app, "Every answer is saved")
    with open_store(f"sqlite:///{tmp_path}/t.db") as store:
        stored = store.stored_attempt(store.unfinished_attempt().id)
        assert stored.answers == {0: key}


async def test_a_refused_final_write_leaves_the_exam_open_and_a_later_s_submits(
    tmp_path: Path,
) -> None:
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_pspo2(pilot)
        exam = exam_of(app)
        await pilot.press(*keys_for(exam.session.current.correct))
        assert app.store is not None
        refusal = Refusal(app.store, "finish_attempt", "database is locked")
        await pilot.press("s", "s", "y")
        await settle(pilot)
        assert app.screen is exam and not exam.session.submitted
        assert any(
            n.title == "Not submitted" and "locked" in n.message and "press s" in n.message
            for n in app._notifications
        )
        refusal.on = False
        await pilot.press("s", "s", "y")
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        assert "1 / 40 right" in plain(app.screen.query_one("#verdict"))
    with open_store(f"sqlite:///{tmp_path}/t.db") as store:
        [attempt] = store.list_attempts()
        assert attempt.correct == 1


async def test_submit_with_an_unsaved_answer_says_what_will_be_lost(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_pspo2(pilot)
        assert app.store is not None
        Refusal(app.store, "save_answer")
        await pilot.press("a", "s", "s", "y")
        await settle(pilot)
        assert "question 1 are not saved" in plain(app.screen.query_one("#question"))
        await pilot.press("n")  # keep trying
        await pilot.pause()
        assert isinstance(app.screen, ExamScreen) and not app.screen.session.submitted
        await pilot.press("q")  # leaving says what would be lost too
        await pilot.pause()
        assert "has not accepted your changes to question 1" in plain(
            app.screen.query_one("#question")
        )


# An open attempt's debrief shows no key; abandoning ends it


async def test_an_unfinished_attempts_debrief_shows_answers_but_no_key_until_abandoned(
    tmp_path: Path,
) -> None:
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await leave_an_exam_with_one_wrong_answer(pilot)
        debrief = await open_history_row(pilot)
        first = debrief.query(QuestionReview).first()
        shown = plain(first)
        assert "Your answer:" in shown
        for leak in ("Correct answer", "✓ key", "Why:", "Reference:", "✗", "✓"):
            assert leak not in shown
        heading = plain(debrief.query_one("#attempt"))
        assert "unfinished" in heading and "wrong" not in heading and "/40" not in heading
        await pilot.press("escape", "x")
        await pilot.pause()
        assert "Abandon the unfinished PSPO II style" in plain(app.screen.query_one("#question"))
        await pilot.press("y")
        await settle(pilot)
        table = app.screen.query_one("#attempt-table", DataTable)
        assert "abandoned" in str(table.get_row_at(0)[4])
        await pilot.press("enter")
        await settle(pilot)
        debrief = app.screen
        assert isinstance(debrief, DebriefScreen)
        assert "abandoned" in plain(debrief.query_one("#attempt"))
        shown = plain(debrief.query(QuestionReview).first())
        assert "Correct answer" in shown and "✗ Wrong" in shown and "Why:" in shown


async def test_an_unfinished_attempt_can_be_abandoned_from_home_and_counts_nowhere(
    tmp_path: Path,
) -> None:
    app, clock = make_app(tmp_path)
    record_attempt(tmp_path, clock, right=36)  # a pass, for readiness
    async with app.run_test(size=(100, 30)) as pilot:
        await leave_an_exam_with_one_wrong_answer(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "x to abandon" in plain(app.screen.query_one("#pending"))
        await pilot.press("x", "y")
        await settle(pilot)
        pending = plain(app.screen.query_one("#pending"))
        assert "Unfinished" not in pending
        await pilot.press("h")
        await settle(pilot)
        history = app.screen
        assert isinstance(history, HistoryScreen)
        assert "Passed 1 of the last 1 simulation" in plain(history.query_one("#readiness"))
        table = history.query_one("#attempt-table", DataTable)
        results = history.query_one("#result", Select)
        results.value = "abandoned"
        await settle(pilot)
        assert table.row_count == 1 and "abandoned" in str(table.get_row_at(0)[4])
        results.value = "unfinished"
        await settle(pilot)
        assert table.row_count == 0
        results.value = "failed"
        await settle(pilot)
        assert table.row_count == 0  # an abandoned attempt is no fail
    with open_store(f"sqlite:///{tmp_path}/t.db") as store:
        assert store.unfinished_attempt() is None
        assert store.readiness(clock.now()).simulations == 1


async def test_history_filters_unfinished_attempts(tmp_path: Path) -> None:
    app, clock = make_app(tmp_path)
    record_attempt(tmp_path, clock, right=36)
    async with app.run_test(size=(100, 30)) as pilot:
        await leave_an_exam_with_one_wrong_answer(pilot)
        await pilot.press("h")
        await settle(pilot)
        table = app.screen.query_one("#attempt-table", DataTable)
        assert table.row_count == 2
        app.screen.query_one("#result", Select).value = "unfinished"
        await settle(pilot)
        assert table.row_count == 1 and "unfinished" in str(table.get_row_at(0)[4])


# Incomplete multiple-answer picks and an empty Enter in practice


async def test_an_exam_warns_once_on_too_few_picks_and_review_lists_them_incomplete(
    tmp_path: Path,
) -> None:
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await start_pspo2(pilot)
        exam = exam_of(app)
        while exam.session.current.type != "multiple":
            await pilot.press("n")
        position = exam.session.position
        await pilot.press("abcdefgh"[min(exam.session.current.correct)], "n")
        await pilot.pause()
        assert exam.session.position == position  # held back once
        assert notified(app, "Choose 1 more")
        state = exam.query_one(Navigator).states[position]
        assert not state.answered and state.incomplete
        assert "0 answered" in plain(exam.query_one("#progress"))
        await pilot.press("n")
        await pilot.pause()
        assert exam.session.position == position + 1  # the second time it lets go
        await pilot.press("s")
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert review.incomplete == [position]
        assert f"Incomplete (too few chosen): {position + 1}" in plain(
            review.query_one("#incomplete")
        )
        assert "1 incomplete" in plain(review.query_one("#summary"))


async def test_enter_with_nothing_chosen_in_practice_says_what_to_do(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "down", "enter")  # Practice
        await settle(pilot)
        app.screen.query_one("#count", Input).value = "3"
        await pilot.press("ctrl+s")
        await settle(pilot)
        exam = exam_of(app)
        await pilot.press("enter")
        await pilot.pause()
        assert exam.session.position == 0 and app.screen is exam
        assert notified(app, "Choose an answer first")


# The shape: screens go through the service, its work off the UI thread


def test_no_screen_touches_the_store() -> None:
    folder = Path(po_exam.ui.screens.__file__).parent
    touching = [
        path.name
        for path in folder.glob("*.py")
        if re.search(r"\.store\b(?!\.)", path.read_text(encoding="utf-8"))
    ]
    assert touching == []
    assert not hasattr(PoExamApp, "begin_exam") and not hasattr(PoExamApp, "begin_retry")


async def test_starting_an_80_question_exam_runs_off_the_ui_thread(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, per_topic=30)
    threads: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        attempts = app.attempts
        assert attempts is not None
        real_start = attempts.start

        def start(*args, **kwargs):  # type: ignore[no-untyped-def]
            threads.append(threading.current_thread().name)
            return real_start(*args, **kwargs)

        attempts.start = start  # type: ignore[method-assign]
        await pilot.press("enter", "enter")  # PSPO I simulation: 80 questions
        await settle(pilot)
        assert exam_of(app).session.count == 80
    assert threads and threading.main_thread().name not in threads


async def test_answers_flags_and_moves_are_written_off_the_ui_thread(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path)
    writes: list[tuple[str, str]] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await start_pspo2(pilot)
        store = app.store
        assert store is not None
        for name in ("save_answer", "save_flag", "save_position"):
            real = getattr(store, name)

            def write(*args, _real=real, _name=name):  # type: ignore[no-untyped-def]
                writes.append((_name, threading.current_thread().name))
                return _real(*args)

            setattr(store, name, write)
        await pilot.press("a", "m", "n", "n")  # a second n, if A alone was too few
        await settle(pilot)
    assert {name for name, _ in writes} == {"save_answer", "save_flag", "save_position"}
    assert threading.main_thread().name not in {thread for _, thread in writes}
