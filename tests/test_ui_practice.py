"""Practice: after each answer the learner sees right or wrong, the explanation, the reference."""

from __future__ import annotations

from pathlib import Path

from test_ui_helpers import (
    isolated,  # noqa: F401 - autouse: data dir in tmp_path
    keys_for,
    make_app,
    plain,
    record_attempt,
    settle,
)
from textual.widgets import Input

from po_exam.store.db import open_store
from po_exam.ui.screens.exam import ExamScreen
from po_exam.ui.screens.feedback import FeedbackScreen
from po_exam.ui.screens.results import ResultsScreen


async def test_practice_explains_each_answer_before_moving_on(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "down", "enter")  # Practice
        await settle(pilot)
        app.screen.query_one("#count", Input).value = "2"
        await pilot.press("ctrl+s")
        await settle(pilot)
        exam = app.screen
        assert isinstance(exam, ExamScreen)
        first = exam.session.current
        await pilot.press(*keys_for(first.correct), "enter")
        await pilot.pause()
        feedback = app.screen
        assert isinstance(feedback, FeedbackScreen)
        shown = plain(feedback.query_one("#review"))
        assert "✓ Right" in shown
        assert first.explanation in shown and first.reference in shown
        assert exam.session.position == 0  # not moved on until the learner has read it
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is exam and exam.session.position == 1
        second = exam.session.current
        wrong = next(i for i in range(len(second.options)) if i not in second.correct)
        await pilot.press(str(wrong + 1), "n")
        await pilot.pause()
        shown = plain(app.screen.query_one("#review"))
        assert "✗ Wrong" in shown and "Correct answer:" in shown
        await pilot.press("enter")  # the last question: on to review and submit
        await pilot.pause()
        await pilot.press("s", "y")
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
    with open_store(f"sqlite:///{tmp_path}/t.db") as store:
        [attempt] = store.list_attempts()
        assert (attempt.mode, attempt.correct, attempt.total) == ("practice", 1, 2)


async def test_mistakes_come_back_for_review_with_feedback(tmp_path: Path) -> None:
    app, clock = make_app(tmp_path)
    record_attempt(tmp_path, clock, right=30)  # ten questions answered wrong
    clock.advance(2 * 24 * 3600)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Mistakes due: 10" in plain(app.screen.query_one("#pending"))
        await pilot.press("m")
        await settle(pilot)
        assert "10 questions you got wrong" in plain(app.screen.query_one("#due"))
        await pilot.press("ctrl+s")
        await settle(pilot)
        exam = app.screen
        assert isinstance(exam, ExamScreen)
        assert exam.session.settings.mode == "review" and exam.session.count == 10
        await pilot.press(*keys_for(exam.session.current.correct), "enter")
        await pilot.pause()
        assert isinstance(app.screen, FeedbackScreen)


async def test_checking_a_multiple_answer_too_early_warns_once(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "down", "enter", "enter")  # Practice, 20 questions
        await settle(pilot)
        exam = app.screen
        assert isinstance(exam, ExamScreen)
        while exam.session.current.type != "multiple":
            await pilot.press("n")  # unanswered questions are skipped without feedback
        first = min(exam.session.current.correct)
        await pilot.press("abcdefgh"[first], "enter")
        await pilot.pause()
        assert app.screen is exam
        assert any("Choose 1 more" in n.message for n in app._notifications)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FeedbackScreen)


async def test_review_ticks_every_bank_that_holds_a_mistake_due(tmp_path: Path) -> None:
    from test_ui_helpers import bank_yaml

    # The recorded attempt's bank is a CSPO one; a PSPO I bank is loaded beside it.
    cspo = bank_yaml(bank_id="cspo-test").replace(
        "  title: UI test bank\n", "  title: UI test bank\n  level: cspo\n"
    )
    (tmp_path / "bank.yaml").write_text(cspo, encoding="utf-8")
    pspo = tmp_path / "pspo.yaml"
    pspo.write_text(
        bank_yaml(bank_id="pspo-test").replace("UI test bank", "PSPO test bank"), encoding="utf-8"
    )
    app, clock = make_app(tmp_path)
    app.bank_paths = (*app.bank_paths, pspo)
    record_attempt(tmp_path, clock, mode="cspo", right=10)
    clock.advance(2 * 24 * 3600)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        due = int(plain(app.screen.query_one("#pending")).split("Mistakes due: ")[1].split()[0])
        assert due > 0
        await pilot.press("m")
        await settle(pilot)
        ticked = app.screen.query_one("#banks").selected
        assert "cspo-test" in ticked and "pspo-test" in ticked  # the default and the mistakes'
        await pilot.press("ctrl+s")
        await settle(pilot)
        exam = app.screen
        assert isinstance(exam, ExamScreen) and exam.session.count == due
