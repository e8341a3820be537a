"""Modes: the fixed simulation rules, practice and custom choices, bank defaults, pool checks."""

import pytest
from exam_helpers import make_bank

from po_exam.exam.modes import MODES, ExamSetupError, plan_exam


@pytest.mark.parametrize(
    ("key", "questions", "minutes", "pass_mark"),
    [("pspo1", 80, 60, 85), ("pspo2", 40, 60, 85), ("pst", 80, 60, 95)],
)
def test_simulations_have_the_real_assessments_rules(key, questions, minutes, pass_mark) -> None:
    mode = MODES[key]
    assert (mode.questions, mode.minutes, mode.pass_mark) == (questions, minutes, pass_mark)
    assert mode.simulation and mode.feedback == "end"
    settings = plan_exam(key, [make_bank()], questions=5, minutes=5, pass_mark=50, seed=1)
    assert (settings.questions, settings.minutes, settings.pass_mark) == (
        questions,
        minutes,
        pass_mark,
    )
    assert settings.topics is None


def test_every_mode_is_offered() -> None:
    assert set(MODES) == {"pspo1", "pspo2", "pspo3", "pst", "practice", "review", "custom", "cspo"}
    assert not any(MODES[k].simulation for k in ("practice", "review", "custom"))


def test_practice_is_untimed_with_chosen_topics_and_feedback_after_each_answer() -> None:
    settings = plan_exam("practice", [make_bank()], questions=10, topics=["events"], seed=3)
    assert settings.minutes is None
    assert settings.questions == 10
    assert settings.topics == ("events",)
    assert settings.feedback == "each"
    assert settings.seed == 3


def test_practice_may_be_timed_when_asked() -> None:
    assert plan_exam("practice", [make_bank()], minutes=15).minutes == 15


def test_custom_takes_count_minutes_and_pass_mark() -> None:
    settings = plan_exam("custom", [make_bank()], questions=30, minutes=25, pass_mark=70)
    assert (settings.questions, settings.minutes, settings.pass_mark) == (30, 25, 70)


def test_a_bank_sets_its_own_default_counts() -> None:
    bank = make_bank(defaults={"questions": 12, "minutes": 9, "pass_mark": 75})
    custom = plan_exam("custom", [bank])
    assert (custom.questions, custom.minutes, custom.pass_mark) == (12, 9, 75)
    practice = plan_exam("practice", [bank])
    assert (practice.questions, practice.minutes) == (12, None)
    assert plan_exam("pspo1", [bank]).questions == 80


def test_a_pool_smaller_than_the_count_says_how_many_exist() -> None:
    bank = make_bank(sizes={"events": 30, "artifacts": 27})
    with pytest.raises(ExamSetupError, match="have 57 questions in all; 80 are needed"):
        plan_exam("pspo1", [bank])
    with pytest.raises(ExamSetupError, match="have 30 questions on these topics; 31 are needed"):
        plan_exam("practice", [bank], questions=31, topics=["events"])


def test_unknown_mode_topic_and_bad_numbers_are_setup_errors() -> None:
    bank = make_bank()
    with pytest.raises(ExamSetupError, match="Unknown mode"):
        plan_exam("pspo9", [bank])
    with pytest.raises(ExamSetupError, match="no topic nope"):
        plan_exam("practice", [bank], topics=["nope"])
    with pytest.raises(ExamSetupError, match="pass mark"):
        plan_exam("custom", [bank], pass_mark=101)
    with pytest.raises(ExamSetupError, match="at least one question"):
        plan_exam("custom", [bank], questions=0)
    with pytest.raises(ExamSetupError, match="at least one minute"):
        plan_exam("custom", [bank], minutes=0)
    with pytest.raises(ExamSetupError, match="at least one question bank"):
        plan_exam("practice", [])


def test_a_random_seed_is_chosen_and_kept_when_none_is_given() -> None:
    seeds = {plan_exam("practice", [make_bank()]).seed for _ in range(5)}
    assert len(seeds) > 1


def test_mode_titles_short_and_long_and_the_real_pass_mark() -> None:
    from po_exam.exam.modes import MODES, REAL_EXAM_PASS_MARK, mode_title

    assert mode_title("pspo1") == "PSPO I simulation"
    assert mode_title("pspo1", short=True) == "PSPO I"
    assert mode_title("review", short=True) == "Mistakes"
    assert mode_title("gone-mode", short=True) == "gone-mode"  # from an older database
    assert all(len(mode.short) <= 9 for mode in MODES.values())  # History's Mode column
    assert REAL_EXAM_PASS_MARK == 85
