"""Grading: all-or-nothing, the whole-number pass rule at its boundaries, topic scores."""

import pytest
from exam_helpers import make_bank
from hypothesis import given
from hypothesis import strategies as st

from po_exam.exam.draw import draw_questions
from po_exam.exam.grading import grade, is_pass
from po_exam.exam.modes import plan_exam


@pytest.mark.parametrize(
    ("correct", "total", "passed"),
    [(68, 80, True), (67, 80, False), (34, 40, True), (33, 40, False), (76, 80, True)],
)
def test_pass_mark_85_boundaries(correct, total, passed) -> None:
    assert is_pass(correct, total, 85) is passed


def test_pst_needs_95_percent() -> None:
    assert is_pass(76, 80, 95)
    assert not is_pass(75, 80, 95)


@given(st.integers(1, 500), st.integers(1, 100), st.data())
def test_pass_rule_is_exact_integer_arithmetic(total, mark, data) -> None:
    correct = data.draw(st.integers(0, total))
    assert is_pass(correct, total, mark) == (correct * 100 >= mark * total)
    if correct < total:
        assert not (is_pass(correct, total, mark) and not is_pass(correct + 1, total, mark))


def _questions(n: int = 6):
    bank = make_bank(sizes={"events": n // 2, "value": n - n // 2})
    settings = plan_exam("custom", [bank], questions=n, pass_mark=50, seed=7)
    return draw_questions([bank], settings)


def test_a_question_scores_only_when_the_selection_equals_the_key() -> None:
    questions = [q for q in _questions() if q.type == "multiple"]
    keyed = questions[0].correct
    partial = frozenset({min(keyed)})
    extra = keyed | {next(i for i in range(4) if i not in keyed)}
    assert grade(questions[:1], {0: keyed}, 85).correct == 1
    assert grade(questions[:1], {0: partial}, 85).correct == 0
    assert grade(questions[:1], {0: extra}, 85).correct == 0


def test_unanswered_questions_count_as_wrong() -> None:
    questions = _questions()
    result = grade(questions, {0: questions[0].correct}, 50)
    assert (result.correct, result.total, result.passed) == (1, 6, False)


def test_breakdown_per_topic_weakest_first() -> None:
    questions = _questions()
    answers = {i: q.correct for i, q in enumerate(questions) if q.topic == "value"}
    result = grade(questions, answers, 50)
    assert [(s.topic, s.correct, s.total) for s in result.by_topic] == [
        ("events", 0, 3),
        ("value", 3, 3),
    ]
    assert result.by_topic[1].percent == 100.0
    assert result.by_topic[0].title == "Events"
    assert result.percent == 50.0 and result.passed


def test_right_answers_needed_and_topics_weakest_first() -> None:
    from po_exam.exam.grading import TopicScore, needed, weakest_first

    assert needed(80, 85) == 68 and needed(40, 85) == 34 and needed(3, 85) == 3
    scores = [TopicScore("b", "B", 2, 4), TopicScore("a", "A", 1, 2), TopicScore("c", "C", 0, 0)]
    assert [s.topic for s in weakest_first(scores)] == ["c", "a", "b"]


def test_weakest_first_orders_as_the_exact_fractions() -> None:
    import random
    from fractions import Fraction

    from po_exam.exam.grading import TopicScore, weakest_first

    rng = random.Random(4)
    scores = []
    for n in range(3000):
        total = rng.choice([rng.randint(1, 40), rng.randint(1, 10**7), 0])
        scores.append(TopicScore(f"t{n}", f"T{n % 7}", rng.randint(0, total), total))
    scores += [TopicScore("a", "Same", 1, 3), TopicScore("b", "Same", 2, 6)]  # equal shares
    exact = sorted(scores, key=lambda s: (Fraction(s.correct, s.total) if s.total else 0, s.title))
    assert weakest_first(scores) == exact
