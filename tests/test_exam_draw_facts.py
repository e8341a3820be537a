"""Questions that test the same fact (in one bank or across banks) never share an attempt."""

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from po_exam.banks.models import Bank
from po_exam.exam.draw import draw_questions
from po_exam.exam.modes import plan_exam


def bank(bank_id: str, questions: int, facts: dict[int, str]) -> Bank:
    return Bank.model_validate(
        {
            "format": 1,
            "bank": {"id": bank_id, "title": bank_id},
            "topics": {"events": {"title": "Events"}},
            "questions": [
                {
                    "id": f"{bank_id}-{n}",
                    "topic": "events",
                    "type": "true_false",
                    "text": f"Statement {n} of {bank_id}",
                    "answer": n % 2 == 0,
                    **({"fact": facts[n]} if n in facts else {}),
                }
                for n in range(questions)
            ],
        }
    )


@settings(max_examples=60)
@given(seed=st.integers(0, 2**32), count=st.integers(1, 30))
def test_a_shared_fact_is_asked_once_when_the_pool_allows(seed: int, count: int) -> None:
    # Ten facts, each shared by a question in each bank: 40 questions, 30 distinct facts or none.
    facts = {n: f"fact-{n}" for n in range(10)}
    banks = [bank("guide", 20, facts), bank("practice", 20, facts)]
    settings_ = plan_exam("custom", banks, questions=count, minutes=None, pass_mark=85, seed=seed)
    asked = draw_questions(banks, settings_)
    assert len(asked) == count
    by_fact = Counter(
        q.question_id.split("-")[1] for q in asked if int(q.question_id.split("-")[1]) < 10
    )
    assert max(by_fact.values(), default=1) == 1


def test_a_fact_repeats_only_when_the_count_needs_it() -> None:
    facts = dict.fromkeys(range(4), "same")
    banks = [bank("guide", 4, facts)]
    settings_ = plan_exam("custom", banks, questions=4, minutes=None, pass_mark=85, seed=1)
    assert len(draw_questions(banks, settings_)) == 4


def test_a_retry_also_avoids_the_facts_the_first_attempt_asked() -> None:
    facts = {n: f"fact-{n}" for n in range(10)}
    banks = [bank("guide", 20, facts), bank("practice", 20, facts)]
    settings_ = plan_exam("custom", banks, questions=10, minutes=None, pass_mark=85, seed=3)
    first = draw_questions(banks, settings_)
    asked_facts = {
        q.question_id.split("-")[1] for q in first if int(q.question_id.split("-")[1]) < 10
    }
    retry = draw_questions(
        banks,
        plan_exam("custom", banks, questions=10, minutes=None, pass_mark=85, seed=4),
        avoid={q.key for q in first},
    )
    assert not {q.key for q in retry} & {q.key for q in first}
    assert not {q.question_id.split("-")[1] for q in retry} & asked_facts
