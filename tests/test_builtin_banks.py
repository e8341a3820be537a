"""The built-in banks a learner relies on: big enough, the real assessment's mix, every question explained."""

from collections import Counter

import pytest

from po_exam.banks.discovery import discover_banks
from po_exam.banks.models import Bank
from po_exam.banks.rules import stem_count
from po_exam.banks.stats import bank_stats

DROPPED_TERMS = (
    "development team",
    "servant-leader",
    "servant leader",
    "potentially releasable",
    "grooming",
)


@pytest.fixture(scope="module")
def banks() -> list[Bank]:
    results = discover_banks(user=False)
    for result in results:
        assert result.ok, f"{result.path}: {result.first_error}"
        assert not result.warnings, f"{result.path}: {result.warnings[0]}"
    return [r.bank for r in results if r.bank is not None]


def test_two_banks_with_a_pool_four_times_a_simulation(banks: list[Bank]) -> None:
    assert {b.id for b in banks} >= {"scrum-guide-2020", "product-owner-practice"}
    assert sum(len(b.questions) for b in banks) >= 320


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


def test_every_question_explains_itself_and_names_its_source(banks: list[Bank]) -> None:
    for bank in banks:
        for q in bank.questions:
            assert q.explanation and len(q.explanation.split()) >= 12, q.id
            assert q.reference and (
                "Scrum Guide 2020" in q.reference or "Evidence-Based" in q.reference
            ), q.id


def test_multiple_answer_stems_match_their_keys(banks: list[Bank]) -> None:
    for bank in banks:
        for q in bank.questions:
            if q.type == "multiple":
                assert stem_count(q.text) in (None, len(q.correct_indices)), q.id


def test_no_topic_is_too_thin_for_its_weight(banks: list[Bank]) -> None:
    for bank in banks:
        thin = [t.topic for t in bank_stats(bank).topics if t.thin]
        assert thin == [], bank.id


def test_dropped_terms_are_never_a_keyed_answer(banks: list[Bank]) -> None:
    for bank in banks:
        for q in bank.questions:
            if q.type == "true_false":
                keyed = [q.text.lower()] if q.answer else []
            else:
                keyed = [q.choices[i].lower() for i in q.correct_indices]
            for text in keyed:
                assert not any(term in text for term in DROPPED_TERMS), (q.id, text)
