"""The built-in PSPO I banks a learner relies on: big enough, the assessment's twelve focus areas,
mostly situations to judge, every question explained from a named source."""

from collections import Counter

import pytest

from po_exam.banks.models import Bank
from po_exam.banks.rules import stem_count
from po_exam.exam.draw import allocate
from po_exam.exam.pool import collect_pool, topic_weights

PSPO1_BANKS = ("scrum-guide-2020", "product-owner-practice")

FOCUS_AREAS = {
    "empiricism": "Empiricism",
    "values": "Scrum Values",
    "scrum-team": "Scrum Team",
    "events": "Events",
    "artifacts": "Artifacts",
    "done": "Done",
    "product-value": "Product Value",
    "product-vision": "Product Vision",
    "backlog-management": "Product Backlog Management",
    "business-strategy": "Business Strategy",
    "stakeholders": "Stakeholders & Customers",
    "forecasting": "Forecasting & Release Planning",
}

SOURCES = (
    "Scrum Guide 2020",
    "Evidence-Based Management Guide",
    "Nexus Guide",
    "Manifesto for Agile Software Development",
    "Agile Manifesto",
    "Scrum.org",
)

DROPPED_TERMS = (
    "development team",
    "servant-leader",
    "servant leader",
    "potentially releasable",
    "grooming",
)


@pytest.fixture(scope="module")
def banks(builtin_results) -> list[Bank]:
    results = builtin_results  # loaded once per run (conftest)
    for result in results:
        assert result.ok, f"{result.path}: {result.first_error}"
        assert not result.warnings, f"{result.path}: {result.warnings[0]}"
    return [r.bank for r in results if r.bank is not None and r.bank.id in PSPO1_BANKS]


@pytest.fixture(scope="module")
def questions(banks: list[Bank]):
    return [q for bank in banks for q in bank.questions]


def test_at_least_560_pspo1_questions_in_two_banks(banks: list[Bank], questions) -> None:
    assert {b.id for b in banks} == set(PSPO1_BANKS)
    assert len(questions) >= 560


def test_the_twelve_focus_areas_each_hold_at_least_25_questions(
    banks: list[Bank], questions
) -> None:
    declared = {tid: t.title for bank in banks for tid, t in bank.topics.items()}
    assert declared == FOCUS_AREAS
    for bank in banks:  # a topic declared in both banks is declared alike
        for tid, topic in bank.topics.items():
            other = next(b for b in banks if tid in b.topics)
            assert (topic.title, topic.weight) == (
                other.topics[tid].title,
                other.topics[tid].weight,
            )
    per_area = Counter(q.topic for q in questions)
    assert set(per_area) == set(FOCUS_AREAS)
    assert min(per_area.values()) >= 25, per_area


def test_most_questions_are_scenarios_and_hard_ones_nearly_all(questions) -> None:
    scenario = [q for q in questions if "scenario" in q.tags]
    assert len(scenario) / len(questions) >= 0.60
    hard = [q for q in questions if q.difficulty == 3]
    assert sum("scenario" in q.tags for q in hard) / len(hard) >= 0.90


def test_stems_speak_in_the_exam_voice_not_the_guide_title(questions) -> None:
    naming = [q.id for q in questions if "scrum guide" in q.text.lower()]
    assert len(naming) / len(questions) < 0.05, naming


def test_type_mix_is_mostly_single_with_multiple_and_true_false(banks: list[Bank]) -> None:
    for bank in banks:
        types = Counter(q.type for q in bank.questions)
        total = len(bank.questions)
        assert types["single"] / total >= 0.5, bank.id
        assert 0.15 <= types["multiple"] / total <= 0.35, bank.id
        assert 0.07 <= types["true_false"] / total <= 0.25, bank.id


def test_difficulty_is_spread_over_easy_medium_and_hard(banks: list[Bank]) -> None:
    for bank in banks:
        levels = Counter(q.difficulty for q in bank.questions)
        assert None not in levels, bank.id
        for level in (1, 2, 3):
            assert levels[level] / len(bank.questions) >= 0.15, (bank.id, level)


def test_every_question_explains_itself_and_names_its_source(questions) -> None:
    for q in questions:
        assert q.explanation and len(q.explanation.split()) >= 12, q.id
        assert q.reference and any(source in q.reference for source in SOURCES), (q.id, q.reference)


def test_multiple_answer_stems_match_their_keys(questions) -> None:
    for q in questions:
        if q.type == "multiple":
            assert stem_count(q.text) in (None, len(q.correct_indices)), q.id


def test_a_simulation_can_be_retried_without_repeating_a_focus_area(banks: list[Bank]) -> None:
    """Each area holds at least twice what an 80-question simulation draws from it."""
    pool = Counter(entry.question.topic for entry in collect_pool(banks))
    drawn = allocate(80, dict(pool), topic_weights(banks))
    assert sum(drawn.values()) == 80
    for topic, count in drawn.items():
        assert pool[topic] >= 2 * count, (topic, pool[topic], count)


def test_dropped_terms_are_never_a_keyed_answer(questions) -> None:
    for q in questions:
        if q.type == "true_false":
            keyed = [q.text.lower()] if q.answer else []
        else:
            keyed = [q.choices[i].lower() for i in q.correct_indices]
        for text in keyed:
            assert not any(term in text for term in DROPPED_TERMS), (q.id, text)


def test_no_question_text_is_repeated_across_the_banks(questions) -> None:
    seen: dict[str, str] = {}
    for q in questions:
        key = " ".join(q.text.lower().split())
        assert key not in seen, (q.id, seen.get(key))
        seen[key] = q.id
