"""Writing essays in the exam and self-grading them after submit, driven with Pilot."""

from __future__ import annotations

from pathlib import Path

from test_ui_helpers import T0, isolated, settle  # noqa: F401 - autouse: data dir in tmp_path
from textual import events
from textual.pilot import Pilot
from textual.widgets import SelectionList

from po_exam.exam.clock import FakeClock
from po_exam.exam.essays import EssayGrade
from po_exam.store.db import open_store
from po_exam.ui.app import PoExamApp
from po_exam.ui.screens.exam import ESSAY_SAVE_DELAY, ExamScreen
from po_exam.ui.screens.results import ResultsScreen
from po_exam.ui.screens.self_grade import SelfGradeScreen
from po_exam.ui.widgets.essay import EssayArea

SIZE = (80, 24)
PSPO3_ON_HOME = 6
"""Downs from the first mode on Home to "PSPO III style"."""


def essay_yaml(count: int = 26) -> str:
    lines = [
        "format: 1",
        "bank:",
        "  id: ui-essays",
        "  title: UI essays",
        "  level: pspo-iii",
        "topics:",
        "  value: {title: Value}",
        "questions:",
    ]
    for n in range(count):
        lines += [
            f"  - id: e{n:02d}",
            "    topic: value",
            "    type: essay",
            f"    text: Case {n}. The sponsor wants a feature count as the success measure. What"
            " do you propose?",
            f"    model_answer: Measure outcomes, not output (case {n}); agree a goal with the"
            " sponsor and inspect evidence each Sprint.",
            "    rubric:",
            "      - {point: Separates outcome from output}",
            "      - {point: Agrees a goal with the sponsor}",
            "      - {point: Inspects evidence every Sprint, weight: 2}",
        ]
    return "\n".join(lines) + "\n"


def essay_app(tmp_path: Path) -> tuple[PoExamApp, FakeClock]:
    bank = tmp_path / "essays.yaml"
    bank.write_text(essay_yaml(), encoding="utf-8")
    clock = FakeClock(T0)
    app = PoExamApp(
        db_url=f"sqlite:///{tmp_path}/t.db",
        bank_paths=[bank],
        clock=clock,
        builtin_banks=False,
        seed=7,
    )
    return app, clock


async def start_pspo3(pilot: Pilot) -> ExamScreen:
    await settle(pilot)
    await pilot.press(*["down"] * PSPO3_ON_HOME, "enter")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ExamScreen)
    return screen


def stored_essays(tmp_path: Path) -> dict[int, str]:
    with open_store(f"sqlite:///{tmp_path}/t.db") as store:
        attempt = store.unfinished_attempt() or store.recent_results(1)[0]
        return {item.position: item.essay for item in store.attempt_detail(attempt.id).items}


async def test_an_essay_is_written_saved_on_leaving_it_and_kept(tmp_path: Path) -> None:
    app, _ = essay_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_pspo3(pilot)
        editor = screen.query_one(EssayArea)
        assert editor.has_focus and editor.display
        assert not screen.query_one("#options").display
        await pilot.press(*"Value first")
        assert editor.text == "Value first"
        assert screen.live.pending_essays == {0: "Value first"}  # noted, saved after a pause
        assert screen._essay_timer is not None and ESSAY_SAVE_DELAY <= 1
        await pilot.press("escape")  # leaving the editor saves at once
        await settle(pilot)
        assert stored_essays(tmp_path)[0] == "Value first"
        assert not editor.has_focus
        await pilot.press("right")  # the exam keys work again
        await settle(pilot)
        assert screen.session.position == 1 and editor.text == ""
        await pilot.press("w", *"abc")
        await pilot.press("escape", "left")
        await settle(pilot)
        assert editor.text == "Value first"
        assert stored_essays(tmp_path)[1] == "abc"
        assert "2 answered" in str(screen.query_one("#progress").render())


async def test_the_debounced_save_writes_without_leaving(tmp_path: Path) -> None:
    app, _ = essay_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_pspo3(pilot)
        await pilot.press(*"Draft")
        timer = screen._essay_timer
        assert timer is not None
        await pilot.press("!")
        assert screen._essay_timer is not timer  # each keystroke restarts the wait
        screen._essay_timer._callback()  # the wait is over (no sleeping in tests)
        await settle(pilot)
        assert stored_essays(tmp_path)[0] == "Draft!"
        assert screen.live.pending_essays == {}


async def test_a_paste_of_more_than_a_few_words_is_refused(tmp_path: Path) -> None:
    app, _ = essay_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_pspo3(pilot)
        editor = screen.query_one(EssayArea)
        app.post_message(events.Paste("a prepared answer pasted in from elsewhere"))
        await settle(pilot)
        assert editor.text == ""
        notes = [n.message for n in app._notifications]
        assert any("Pasting 7 words is not allowed" in note for note in notes)
        app.post_message(events.Paste("Evidence-Based Management"))
        await settle(pilot)
        assert editor.text == "Evidence-Based Management"
        app.copy_to_clipboard("one two three four five")
        await pilot.press("ctrl+v")
        assert editor.text == "Evidence-Based Management"


async def submit(pilot: Pilot) -> None:
    await pilot.press("escape", "s")
    await settle(pilot)
    await pilot.press("s")
    await settle(pilot)
    await pilot.press("y")
    await settle(pilot)


async def test_essays_are_self_graded_after_submit_with_a_proposal_and_override(
    tmp_path: Path,
) -> None:
    app, _ = essay_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start_pspo3(pilot)
        await pilot.press(*"Outcomes over output")
        await submit(pilot)
        grading = app.screen
        assert isinstance(grading, SelfGradeScreen)
        assert grading.query_one("#rubric", SelectionList).has_focus
        assert "Outcomes over output" in str(grading.query_one("#mine-text").render())
        assert "Measure outcomes" in str(grading.query_one("#model-text").render())
        assert grading.proposal(0) == "not_meets"
        await pilot.press("space", "down", "down", "space")  # points 1 and 3: weight 3 of 4
        assert grading.ticked[0] == frozenset({0, 2}) and grading.proposal(0) == "meets"
        assert "meets expectations (75 %" in str(grading.query_one("#proposal").render())
        await pilot.press("e")  # one key overrides the proposal
        assert grading.verdict(0) == "exceeds"
        await pilot.press("enter")
        await settle(pilot)
        assert grading.index == 1
        with open_store(f"sqlite:///{tmp_path}/t.db") as store:
            attempt = store.recent_results(1)[0]
            detail = store.attempt_detail(attempt.id)
        assert detail.items[0].grade == EssayGrade(frozenset({0, 2}), "exceeds")
        assert (attempt.ungraded, attempt.passed, attempt.correct) == (23, None, 1)
        for _ in range(23):
            await pilot.press("n", "enter")
            await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        results = app.screen
        assert isinstance(results, ResultsScreen)
        verdict = str(results.query_one("#verdict").render())
        assert "NOT PASSED" in verdict and "1 / 24 meet or exceed" in verdict
        await pilot.press("d")  # the debrief shows the essay, the model answer and the grade
        await settle(pilot)
        from po_exam.ui.widgets.question_review import QuestionReview

        first = app.screen.query(QuestionReview).first()
        shown = first.render()
        text = "\n".join(str(part) for part in shown.renderables)  # type: ignore[attr-defined]
        assert "Exceeds expectations" in text and "Your answer: Outcomes over output" in text
        assert "Model answer: Measure outcomes" in text
        assert "☑ Separates outcome from output" in text and "☐ Agrees a goal" in text


async def test_ungraded_essays_say_so_on_the_results(tmp_path: Path) -> None:
    app, _ = essay_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start_pspo3(pilot)
        await submit(pilot)
        await pilot.press("escape")
        await settle(pilot)
        results = app.screen
        assert isinstance(results, ResultsScreen)
        assert "24 essays to self-grade: press g" in str(results.query_one("#verdict").render())
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, SelfGradeScreen)


async def test_essays_left_ungraded_can_be_graded_from_the_debrief(tmp_path: Path) -> None:
    from po_exam.ui.screens.debrief import DebriefScreen

    app, _ = essay_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start_pspo3(pilot)
        await submit(pilot)
        await pilot.press("escape")  # grading left for later
        await settle(pilot)
        attempt_id = app.screen.attempt_id
        app.push_screen(DebriefScreen(attempt_id))
        await settle(pilot)
        group = app.screen.query("QuestionReview").first().render()
        assert "Not self-graded yet" in str(group.renderables[0])  # type: ignore[attr-defined]
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, SelfGradeScreen)
        await pilot.press("m", "enter")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DebriefScreen)
        assert app.screen.detail is not None and app.screen.detail.items[0].grade is not None


async def test_submitting_says_what_blank_essays_and_unanswered_questions_mean() -> None:
    from textual.app import App

    from po_exam.ui.screens.confirm import ConfirmScreen
    from po_exam.ui.screens.review import ReviewScreen
    from po_exam.ui.widgets.navigator import QuestionState

    states = (
        QuestionState(answered=False, flagged=False),  # an unanswered choice question
        QuestionState(answered=False, flagged=False, essay=True),
        QuestionState(answered=False, flagged=True, essay=True),
        QuestionState(answered=True, flagged=False, essay=True),  # written: nothing to say
    )
    app = App()
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(ReviewScreen(states, 0, submitting=True))
        await pilot.pause()
        app.screen.action_submit()  # type: ignore[attr-defined]
        await pilot.pause()
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen)
        assert confirm.question == (
            "Submit the exam now? 1 unanswered question will count as wrong."
            " 2 blank essays will have nothing to grade: a blank essay does not meet"
            " expectations. 1 question still flagged. This cannot be undone."
        )
