"""The rest of the Product Owner path: the PSPO II, PSPO III and CSPO banks and the modes that
draw from them, while PSPO I simulations, readiness and default practice stay PSPO I only."""

from collections import Counter

import pytest

from po_exam.banks.discovery import discover_banks
from po_exam.banks.models import Bank
from po_exam.exam.draw import draw_questions
from po_exam.exam.modes import MODES, ExamSetupError, default_banks, plan_exam
from po_exam.exam.pool import collect_pool

PSPO1 = {"scrum-guide-2020", "product-owner-practice"}
CSPO_CATEGORIES = {
    "Product Owner Core Competencies",
    "Goal Setting and Planning",
    "Understanding Customers and Users",
    "Validating Product Assumptions",
    "Working with the Product Backlog",
}


@pytest.fixture(scope="module")
def banks() -> list[Bank]:
    results = discover_banks(user=False)
    for result in results:
        assert result.ok, f"{result.path}: {result.first_error}"
        assert not result.warnings, f"{result.path}: {result.warnings[0]}"
    return [r.bank for r in results if r.bank is not None]


def by_id(banks: list[Bank]) -> dict[str, Bank]:
    return {bank.id: bank for bank in banks}


def test_each_built_in_bank_declares_its_step(banks: list[Bank]) -> None:
    assert {bank.id: bank.bank.level for bank in banks} == {
        "scrum-guide-2020": "pspo-i",
        "product-owner-practice": "pspo-i",
        "pspo-ii": "pspo-ii",
        "pspo-iii-essays": "pspo-iii",
        "cspo-self-check": "cspo",
    }


def test_the_path_banks_are_big_enough(banks: list[Bank]) -> None:
    found = by_id(banks)
    assert len(found["pspo-ii"].questions) >= 160
    assert all(q.type != "essay" for q in found["pspo-ii"].questions)
    essays = found["pspo-iii-essays"].questions
    assert len(essays) >= 40 and all(q.is_essay and 2 <= len(q.rubric or ()) <= 6 for q in essays)
    cspo = found["cspo-self-check"]
    assert len(cspo.questions) >= 120
    categories = Counter(
        cspo.objectives[q.objective].category for q in cspo.questions if q.objective
    )
    assert set(categories) == CSPO_CATEGORIES
    assert min(categories.values()) >= 20, categories


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("pspo1", PSPO1),
        ("pst", PSPO1),
        ("practice", PSPO1),
        ("custom", PSPO1),
        ("review", PSPO1),
        ("pspo2", {"pspo-ii"}),
        ("pspo3", {"pspo-iii-essays"}),
        ("cspo", {"cspo-self-check"}),
    ],
)
def test_each_mode_defaults_to_the_banks_of_its_step(banks, mode, expected) -> None:
    assert {bank.id for bank in default_banks(MODES[mode], banks)} == expected


@pytest.mark.parametrize("seed", range(8))
def test_a_pspo1_simulation_never_draws_another_step_or_an_essay(banks, seed) -> None:
    chosen = default_banks(MODES["pspo1"], banks)
    settings = plan_exam("pspo1", chosen, seed=seed)
    asked = draw_questions(chosen, settings)
    assert len(asked) == 80
    assert {q.bank_id for q in asked} <= PSPO1
    assert all(q.type != "essay" for q in asked)


@pytest.mark.parametrize("mode", ["pspo1", "pst"])
@pytest.mark.parametrize("other", ["pspo-ii", "pspo-iii-essays", "cspo-self-check"])
def test_a_pspo1_simulation_refuses_another_steps_bank(banks, mode, other) -> None:
    chosen = [*default_banks(MODES[mode], banks), by_id(banks)[other]]
    with pytest.raises(ExamSetupError, match="draws only from PSPO I banks; untick"):
        plan_exam(mode, chosen, seed=1)


def test_pspo2_style_draws_forty_from_the_pspo2_bank(banks) -> None:
    chosen = default_banks(MODES["pspo2"], banks)
    settings = plan_exam("pspo2", chosen, seed=3)
    asked = draw_questions(chosen, settings)
    assert (len(asked), settings.minutes, settings.pass_mark) == (40, 60, 85)
    assert {q.bank_id for q in asked} == {"pspo-ii"}
    # A learner may add PSPO I banks to a PSPO II-style draw, never CSPO or essays.
    plan_exam("pspo2", [*chosen, by_id(banks)["scrum-guide-2020"]], seed=3)
    with pytest.raises(ExamSetupError, match="draws only from PSPO II or PSPO I banks"):
        plan_exam("pspo2", [*chosen, by_id(banks)["cspo-self-check"]], seed=3)


def test_pspo3_style_draws_24_essays_in_150_minutes_and_varies(banks) -> None:
    chosen = default_banks(MODES["pspo3"], banks)
    first = draw_questions(chosen, plan_exam("pspo3", chosen, seed=1))
    second = draw_questions(chosen, plan_exam("pspo3", chosen, seed=2))
    settings = plan_exam("pspo3", chosen, seed=1)
    assert (settings.questions, settings.minutes, settings.pass_mark) == (24, 150, 85)
    assert len(first) == 24 and all(q.type == "essay" for q in first)
    assert {q.question_id for q in first} != {q.question_id for q in second}


def test_practice_with_every_bank_ticked_still_draws_no_essay(banks) -> None:
    settings = plan_exam("practice", banks, questions=200, seed=5)
    asked = draw_questions(banks, settings)
    assert len(asked) == 200 and all(q.type != "essay" for q in asked)
    assert not [e for e in collect_pool(banks) if e.question.is_essay]


def test_cspo_self_check_is_untimed_unless_asked_and_has_no_verdict(banks) -> None:
    chosen = default_banks(MODES["cspo"], banks)
    assert plan_exam("cspo", chosen, seed=1).minutes is None
    assert plan_exam("cspo", chosen, minutes=30, seed=1).minutes == 30
    assert not MODES["cspo"].verdict and MODES["cspo"].by_objective


def test_a_cspo_self_check_reports_by_objective_category_weakest_first(banks, store, clock) -> None:
    from po_exam.attempts import Attempts

    chosen = default_banks(MODES["cspo"], banks)
    attempts = Attempts(store, clock)
    live = attempts.start(plan_exam("cspo", chosen, questions=40, seed=2), chosen)
    questions = live.session.questions
    # Right on every Product Backlog question, wrong on all the others.
    for i, question in enumerate(questions):
        live.goto(i)
        right = question.objective_category == "Working with the Product Backlog"
        wrong = next(o for o in range(len(question.options)) if o not in question.correct)
        for option in sorted(question.correct) if right else [wrong]:
            live.choose(option)
    live.save()
    live.submit()
    outcome = attempts.outcome(live.id)
    shares = {score.title: (score.correct, score.total) for score in outcome.by_objective}
    assert set(shares) <= CSPO_CATEGORIES and len(shares) >= 4
    backlog = shares.pop("Working with the Product Backlog")
    assert backlog[0] == backlog[1] > 0
    assert all(correct == 0 for correct, _ in shares.values())
    assert outcome.by_objective[-1].title == "Working with the Product Backlog"  # weakest first
    revisit = {position for position, _, _ in outcome.revisit}
    assert revisit == {
        i
        for i, q in enumerate(questions)
        if q.objective_category != "Working with the Product Backlog"
    }
    assert all(objective for _, _, objective in outcome.revisit)
    summary = store.attempt_detail(live.id).summary
    from po_exam.ui.formatting import verdict_text

    assert verdict_text(summary.passed, ungraded=summary.ungraded, mode="cspo") == "self-check"
