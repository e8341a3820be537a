"""Readiness: the share of the last five simulations passed and their mean score."""

from po_exam.exam.grading import Result
from po_exam.exam.stats import readiness


def test_readiness_counts_only_the_last_five() -> None:
    results = [Result(70, 80, 85, True)] * 3 + [Result(60, 80, 85, False)] * 4
    ready = readiness(results)
    assert (ready.simulations, ready.passed) == (5, 3)
    assert ready.share_passed == 0.6
    assert ready.mean_percent == (3 * 87.5 + 2 * 75.0) / 5


def test_no_simulations_yet() -> None:
    ready = readiness([])
    assert (ready.simulations, ready.passed, ready.mean_percent, ready.share_passed) == (0, 0, 0, 0)
