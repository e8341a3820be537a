"""Certainty and calibration, pacing, three-state options and the honest readiness figure."""

from __future__ import annotations

import pytest

from po_exam.exam.insight import (
    HIGH,
    LOW,
    MEDIUM,
    PSPO_BUDGET,
    Answered,
    PartlyRight,
    calibration,
    median_seconds,
    next_certainty,
    option_marks,
    pacing,
    partly_right,
)
from po_exam.exam.outlook import SimulationAnswers, beta_binomial_at_least, outlook


def a(position: int, correct: bool, certainty: int | None = None, seconds: float | None = None,
      topic: str = "t") -> Answered:  # fmt: skip
    return Answered(position, topic, topic.title(), correct, certainty, seconds)


def test_one_key_steps_certainty_through_low_medium_high_and_back_to_none() -> None:
    assert [next_certainty(x) for x in (None, LOW, MEDIUM, HIGH)] == [LOW, MEDIUM, HIGH, None]


def test_calibration_counts_each_level_and_lists_lucky_guesses_and_confident_mistakes() -> None:
    answers = [
        a(0, True, LOW),
        a(1, False, LOW),
        a(2, True, MEDIUM),
        a(3, True, HIGH),
        a(4, False, HIGH),
        a(5, False, HIGH),
        a(6, True),  # not rated
    ]
    result = calibration(answers)
    assert [(lv.name, lv.answered, lv.right) for lv in result.levels] == [
        ("low", 2, 1),
        ("medium", 1, 1),
        ("high", 3, 1),
    ]
    assert result.lucky == (0,) and result.confident_mistakes == (4, 5)
    assert result.unrated == 1 and result.rated == 6
    assert [lv.verdict for lv in result.levels] == [
        "about right",  # 50 % within low's 0-67
        "underconfident",  # 100 % above medium's 67-80
        "overconfident",  # 33 % below high's 80-100
    ]


@pytest.mark.parametrize(
    ("level", "right", "of", "verdict"),
    [
        (HIGH, 4, 5, "about right"),  # 80 %: the lower bound of high
        (HIGH, 3, 4, "overconfident"),  # 75 %
        (HIGH, 5, 5, "about right"),  # 100 %: nothing is above high
        (MEDIUM, 2, 3, "overconfident"),  # 66.7 % just under 67
        (MEDIUM, 4, 5, "underconfident"),  # 80 %: that is high's claim
        (LOW, 2, 3, "about right"),  # 66.7 %
        (LOW, 7, 10, "underconfident"),  # 70 %
    ],
)
def test_each_level_is_judged_against_the_range_it_claims(level, right, of, verdict) -> None:
    answers = [a(i, i < right, level) for i in range(of)]
    found = next(lv for lv in calibration(answers).levels if lv.level == level)
    assert found.verdict == verdict


def test_a_level_without_answers_says_so() -> None:
    assert calibration([]).levels[0].verdict == "no answers"
    assert calibration([]).levels[0].percent is None


def test_pacing_of_an_untimed_attempt_is_measured_against_pspo_one() -> None:
    answers = [a(0, True, seconds=30, topic="events"), a(1, True, seconds=60, topic="value")]
    pace = pacing(answers, questions=2, minutes=None)
    assert pace.budget == PSPO_BUDGET == 45
    assert (pace.exam_questions, pace.exam_minutes) == (80, 60)
    assert pace.median == 45 and pace.would_finish is True  # 45 s x 80 = 60 minutes exactly
    assert pace.over_budget == 1
    assert [t.title for t in pace.slowest_topics] == ["Value", "Events"]


def test_a_pace_just_over_budget_would_not_finish() -> None:
    pace = pacing([a(0, True, seconds=45.1)], questions=1, minutes=None)
    assert pace.would_finish is False and pace.projected_minutes == pytest.approx(60.133, 1e-3)


def test_a_timed_attempt_has_its_own_budget_and_the_slowest_topics_are_named() -> None:
    answers = [
        a(0, True, seconds=100, topic="a"),
        a(1, True, seconds=20, topic="b"),
        a(2, True, seconds=80, topic="c"),
        a(3, True, seconds=60, topic="c"),
        a(4, True, seconds=None, topic="d"),  # never timed: left out
    ]
    pace = pacing(answers, questions=40, minutes=60, slowest=2)
    assert pace.budget == 90 and pace.exam_questions == 40
    assert [(t.topic, t.mean_seconds) for t in pace.slowest_topics] == [("a", 100), ("c", 70)]
    assert pace.timed == [100, 20, 80, 60] and pace.median == 70


def test_nothing_timed_gives_no_pace() -> None:
    pace = pacing([a(0, True)], questions=1, minutes=None)
    assert pace.median is None and pace.would_finish is None and median_seconds([None]) is None


def test_each_option_is_a_right_pick_a_wrong_pick_a_missed_option_or_nothing() -> None:
    marks = option_marks(frozenset({0, 2}), frozenset({0, 1}), 4)
    assert marks == ["right pick", "missed", "wrong pick", ""]


def test_partly_right_multiple_answer_questions_are_counted_by_found_of_keyed() -> None:
    two = frozenset({0, 1})
    items = [
        ("multiple", frozenset({0}), two),
        ("multiple", frozenset({1, 3}), two),
        ("multiple", frozenset({0, 1}), two),  # right: not partly
        ("multiple", frozenset({2}), two),  # none found: not partly
        ("multiple", frozenset({0, 1}), frozenset({0, 1, 2})),
        ("single", frozenset({1}), frozenset({0})),  # single: never partly
    ]
    found = partly_right(items)
    assert found == [PartlyRight(1, 2, 2), PartlyRight(2, 3, 1)]
    assert str(found[0]) == "you found 1 of 2 in 2 questions"
    assert str(found[1]) == "you found 2 of 3 in 1 question"


# Readiness


def sim(attempt_id: int, right: int, total: int = 80, first_seen: bool = True) -> SimulationAnswers:
    return SimulationAnswers(attempt_id, tuple((i < right, first_seen) for i in range(total)))


def test_readiness_from_first_seen_questions_only() -> None:
    found = outlook([sim(2, 72), sim(1, 72)])
    assert (found.first_seen, found.first_seen_right, found.repeated) == (160, 144, 0)
    assert found.weighted_share == pytest.approx(0.9)
    assert 0.8 < found.chances[85] < 1 and found.chances[95] < found.chances[85]


def test_all_repeated_questions_give_no_chance_at_all_but_are_reported() -> None:
    found = outlook([sim(2, 80, first_seen=False), sim(1, 80, first_seen=False)])
    assert found.chances == {} and found.weighted_share is None
    assert (found.repeated, found.repeated_right, found.repeated_share) == (160, 160, 1.0)


def test_repeated_questions_do_not_lift_the_figure() -> None:
    fresh = sim(1, 56)  # 70 % on first-seen questions
    with_repeats = SimulationAnswers(2, ((True, False),) * 80)  # 100 % on repeats
    assert outlook([fresh, with_repeats]).chances == outlook([fresh]).chances
    assert outlook([with_repeats, fresh]).weighted_share == pytest.approx(0.7)


def test_a_rising_trend_counts_recent_attempts_more() -> None:
    rising = [sim(3, 76), sim(2, 64), sim(1, 52)]  # newest first: 95, 80, 65 %
    falling = [sim(3, 52), sim(2, 64), sim(1, 76)]
    up, down = outlook(rising), outlook(falling)
    assert up.weighted_share > 0.8 > down.weighted_share  # the plain mean is 80 % for both
    assert up.chances[85] > down.chances[85]


def test_only_simulations_in_the_window_count() -> None:
    found = outlook([sim(i, 80) for i in range(15, 0, -1)])
    assert found.simulations == 10 and found.first_seen == 800


def test_the_beta_binomial_tail_is_a_probability() -> None:
    assert beta_binomial_at_least(0, 80, 3, 2) == pytest.approx(1.0)
    # alpha = beta = 1: every count 0..n equally likely, so P(X >= 68) = 13/81
    assert beta_binomial_at_least(68, 80, 1, 1) == pytest.approx(13 / 81)
    # a very sure 90 %: close to the binomial tail
    assert beta_binomial_at_least(68, 80, 9000, 1000) == pytest.approx(0.9463, abs=0.01)
