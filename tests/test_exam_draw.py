"""Drawing: topic balance by weight, no repeats, shuffling with opt-out, reproducible seeds."""

from collections import Counter

from exam_helpers import make_bank, question
from hypothesis import given, settings
from hypothesis import strategies as st

from po_exam.banks.models import Bank
from po_exam.exam.draw import allocate, draw_questions
from po_exam.exam.modes import plan_exam
from po_exam.exam.pool import collect_pool

TOPICS = ("events", "artifacts", "value", "vision")


@st.composite
def banks_and_settings(draw):
    sizes = {t: draw(st.integers(0, 12)) for t in TOPICS}
    sizes = {t: n for t, n in sizes.items() if n} or {"events": 1}
    weights = {t: draw(st.sampled_from([0.5, 1.0, 2.0, 3.0])) for t in sizes}
    bank = make_bank(sizes=sizes, weights=weights)
    topics = draw(st.none() | st.lists(st.sampled_from(sorted(sizes)), min_size=1, unique=True))
    pool = sum(sizes[t] for t in topics) if topics else sum(sizes.values())
    count = draw(st.integers(1, pool))
    seed = draw(st.integers(0, 2**31))
    return bank, plan_exam("custom", [bank], questions=count, topics=topics, seed=seed)


@settings(max_examples=60, deadline=None)
@given(banks_and_settings())
def test_every_draw_has_the_right_size_no_repeats_and_chosen_topics(case) -> None:
    bank, plan = case
    drawn = draw_questions([bank], plan)
    assert len(drawn) == plan.questions
    assert len({q.key for q in drawn}) == len(drawn)
    if plan.topics is not None:
        assert {q.topic for q in drawn} <= set(plan.topics)
    for q in drawn:
        assert len(q.correct) == q.choose >= 1


@settings(max_examples=40, deadline=None)
@given(banks_and_settings(), st.data())
def test_avoided_questions_are_skipped_whenever_the_pool_allows(case, data) -> None:
    bank, plan = case
    first = draw_questions([bank], plan)
    avoid = {q.key for q in data.draw(st.lists(st.sampled_from(first), unique=True))}
    again = draw_questions([bank], plan, avoid=avoid)
    pool = len(collect_pool([bank], plan.topics))
    assert len(again) == plan.questions
    fresh_available = pool - len(avoid)
    assert sum(q.key in avoid for q in again) == max(0, plan.questions - fresh_available)


def test_the_same_seed_draws_the_same_questions_in_the_same_order() -> None:
    bank = make_bank()
    plan = plan_exam("pspo2", [bank], seed=42)
    assert draw_questions([bank], plan) == draw_questions([bank], plan)
    other = plan_exam("pspo2", [bank], seed=43)
    assert draw_questions([bank], plan) != draw_questions([bank], other)


def test_topics_are_balanced_by_their_weights() -> None:
    bank = make_bank(
        sizes={"events": 40, "artifacts": 40, "value": 40},
        weights={"events": 2, "artifacts": 1, "value": 1},
    )
    drawn = draw_questions([bank], plan_exam("pspo1", [bank], seed=5))
    assert Counter(q.topic for q in drawn) == {"events": 40, "artifacts": 20, "value": 20}


def test_a_small_topic_gives_what_it_has_and_the_rest_is_shared_out() -> None:
    assert allocate(10, {"a": 2, "b": 20, "c": 20}, {"a": 1, "b": 1, "c": 1}) == {
        "a": 2,
        "b": 4,
        "c": 4,
    }
    assert sum(allocate(7, {"a": 3, "b": 3, "c": 3}, {}).values()) == 7


def test_options_are_shuffled_unless_the_question_opts_out() -> None:
    fixed = question("keep", "events", shuffle=False)
    loose = [question(f"mix-{n}", "events") for n in range(20)]
    bank = Bank.model_validate(
        {
            "format": 1,
            "bank": {"id": "mix", "title": "Mix"},
            "topics": {"events": {"title": "Events"}},
            "questions": [fixed, *loose, question("tf", "events", "true_false")],
        }
    )
    drawn = draw_questions([bank], plan_exam("custom", [bank], questions=22, seed=9))
    by_id = {q.question_id: q for q in drawn}
    assert by_id["keep"].options == ("keep A", "keep B", "keep C", "keep D")
    assert by_id["tf"].options == ("True", "False")
    moved = [q for q in drawn if q.question_id.startswith("mix") and q.options[0][-1] != "A"]
    assert moved, "some options should have been shuffled"
    for q in drawn:
        assert {q.options[i][-1] for i in q.correct} <= {"A", "B", "e"}


def test_only_asks_the_listed_questions_in_that_order() -> None:
    bank = make_bank()
    keys = [("demo", "value-003"), ("demo", "events-010"), ("demo", "gone")]
    plan = plan_exam("review", [bank], questions=3, seed=1)
    drawn = draw_questions([bank], plan, only=keys)
    assert [q.key for q in drawn] == keys[:2]


def test_questions_of_several_banks_are_drawn_together() -> None:
    one, two = make_bank("one", {"events": 5}), make_bank("two", {"events": 5})
    drawn = draw_questions([one, two], plan_exam("custom", [one, two], questions=10, seed=2))
    assert {q.bank_id for q in drawn} == {"one", "two"}
