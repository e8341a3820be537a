"""Item statistics: share right, point-biserial discrimination, option picks and flags."""

from __future__ import annotations

import statistics

import pytest
from author_helpers import small_bank, take

from po_exam.store.items import MIN_ANSWERS, point_biserial, tally_groups


def _picks(k: int) -> dict[str, str | None]:
    """Attempt k of 30: q0 always right, q1 always B, q2 right from 15, q3 right below 5,
    q4 right from 10 (else C). Scores 2, 1, 2 and 3 of 5 by fives; 3 from 15 (the top)."""
    return {
        "q0": "A",
        "q1": "B",
        "q2": "A" if k >= 15 else "D",
        "q3": "A" if k < 5 else "B",
        "q4": "A" if k >= 10 else "C",
    }


@pytest.fixture
def sat(store, clock):  # type: ignore[no-untyped-def]
    bank = small_bank(count=6)  # q5 is never asked: the draw takes five
    asked = small_bank(count=5)
    for k in range(30):
        take(store, clock, asked, _picks(k), seed=k)
    return bank


def test_each_item_has_its_share_right_picks_and_flags(store, sat) -> None:
    stats = {s.question_id: s for s in store.item_stats([sat])}
    assert list(stats) == ["q0", "q1", "q2", "q3", "q4", "q5"]
    q0, q1, q2, q3, q4, q5 = stats.values()
    assert (q0.asked, q0.right, q0.blank, q0.difficulty) == (30, 30, 0, 1.0)
    assert q0.flags == ("too-easy", "unused-distractor")
    assert [(o.text, o.key, o.picks, o.top_picks) for o in q1.options] == [
        ("q1 A", True, 0, 0),
        ("q1 B", False, 30, 15),
        ("q1 C", False, 0, 0),
        ("q1 D", False, 0, 0),
    ]
    assert q1.flags == ("too-hard", "unused-distractor", "possible-mis-key")
    assert q2.difficulty == 0.5
    assert q3.discrimination is not None and q3.discrimination < 0
    assert "negative-discrimination" in q3.flags and "possible-mis-key" in q3.flags
    assert q4.discrimination is not None and q4.discrimination > 0
    assert q4.flags == ("unused-distractor",)  # B is never picked
    assert (q5.asked, q5.difficulty, q5.discrimination, q5.flags) == (
        0,
        None,
        None,
        ("too-few-answers",),
    )


def test_discrimination_is_the_correlation_with_the_rest_of_the_score(store, sat) -> None:
    stats = {s.question_id: s for s in store.item_stats([sat])}
    keyed = {"q0", "q1", "q2", "q3", "q4"}
    for qid in ("q2", "q3", "q4"):
        right, rest = [], []
        for k in range(30):
            picks = _picks(k)
            score = sum(picks[q] == "A" for q in keyed)
            x = picks[qid] == "A"
            right.append(float(x))
            rest.append((score - x) / 4)
        assert stats[qid].discrimination == pytest.approx(statistics.correlation(right, rest))


def test_too_few_answers_give_no_figures_until_the_minimum(store, clock) -> None:
    bank = small_bank(count=5)
    for k in range(MIN_ANSWERS - 1):
        take(store, clock, bank, {"q0": "A"}, seed=k)
    first = store.item_stats([bank])[0]
    assert (first.asked, first.blank, first.difficulty, first.discrimination) == (19, 0, None, None)
    assert first.flags == ("too-few-answers",)
    assert first.as_dict()["difficulty"] is None
    take(store, clock, bank, {"q0": "A"}, seed=99)
    first = store.item_stats([bank])[0]
    assert first.difficulty == 1.0 and first.flags[0] == "too-easy"
    assert store.item_stats([bank])[1].blank == MIN_ANSWERS  # q1 was never answered


def test_the_flag_boundaries_are_strict() -> None:
    rows = []
    # 20 answers, 19 right = 95 %: not "too easy" (over 95 % is); 5 right = 25 %: not too hard.
    rows.append(("b", "easy", '["A","B"]', "[0]", 0, 19, 19, 0.0, 0.0, 0.0))
    rows.append(("b", "easy", '["A","B"]', "[1]", 0, 1, 0, 0.0, 0.0, 0.0))
    tally = tally_groups(rows)[("b", "easy")]
    assert (tally.n, tally.right, tally.picks) == (20, 19, {"A": 19, "B": 1})
    assert point_biserial(tally) is None  # no spread in the rest of the score


def test_open_disputes_show_as_a_flag(store, sat) -> None:
    store.add_dispute(
        bank_id="items",
        question_id="q1",
        content_hash="0" * 16,
        attempt_id=None,
        question="Question q1?",
        choice=["q1 B"],
        key=["q1 A"],
        argument="B is what the guide says.",
    )
    q1 = store.item_stats([sat])[1]
    assert q1.disputes == 1 and q1.flags[-1] == "disputed"
    assert q1.as_dict()["open_disputes"] == 1
