"""The pass rule and the percentages shown: plain arithmetic in whole numbers, apart from
grading (po_exam/exam/grading.py, which re-exports them) so that Home's first frame can
show scores without loading the grading of answers."""

from __future__ import annotations


def is_pass(correct: int, total: int, pass_mark: int) -> bool:
    """Whether `correct` of `total` reaches `pass_mark` percent, in whole numbers only."""
    return correct * 100 >= pass_mark * total


def needed(total: int, pass_mark: int) -> int:
    """How many right answers of `total` reach `pass_mark` percent."""
    return -(-pass_mark * total // 100)


def percent(correct: int, total: int) -> float:
    """`correct` of `total` as a percentage for display (0 when nothing was asked)."""
    return correct * 100 / total if total else 0.0
