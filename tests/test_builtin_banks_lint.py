"""The built-in banks under the test-wiseness lint, and the reference text shipped for it."""

from __future__ import annotations

import pytest

from po_exam.banks.discovery import bank_files, builtin_bank_dir
from po_exam.banks.lint import LintReport, Reference, default_reference_path, lint_banks


@pytest.fixture(scope="module")
def report() -> LintReport:
    reference = Reference.read(default_reference_path())
    return lint_banks(bank_files(builtin_bank_dir()), reference)


def test_the_reference_ships_with_its_attribution() -> None:
    text = default_reference_path().read_text(encoding="utf-8")
    header = text[: text.index("-->")]
    assert "Ken Schwaber and Jeff Sutherland" in header
    assert "November 2020" in header
    assert "https://creativecommons.org/licenses/by-sa/4.0/" in header
    assert (default_reference_path().parent / "NOTICE").is_file()
    assert Reference(text).word_count > 3000


def test_the_built_in_banks_are_all_read_by_the_lint(report: LintReport) -> None:
    assert report.questions >= 300 and not report.unreadable


def test_no_naive_strategy_beats_chance_on_the_built_in_banks(report: LintReport) -> None:
    for strategy in report.strategies:
        if strategy.type == "single":
            assert abs(strategy.difference) <= 8, f"{strategy.name}: {strategy.difference:+.1f}"
    assert report.true_share is not None and 40 <= report.true_share <= 60
    tells = [str(f) for f in report.findings if f.rule == "absolute-only-key"]
    assert tells == []
    assert report.ok, report.failures
