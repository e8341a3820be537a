"""The test-wiseness lint on small banks built to trip each rule at its boundary."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from po_exam.banks.lint import (
    Finding,
    LintReport,
    Reference,
    StrategyScore,
    Thresholds,
    lint_banks,
    words,
)

REFERENCE = Reference(
    "The Product Owner is accountable for maximizing the value of the product.\n"
    "The Sprint Review is the second to last event of the Sprint.\n",
    "tiny-guide.md",
)
NEUTRAL = ["Kiwi", "Plum", "Pear", "Lime"]
"""Options of one length, no absolute word, no echo: every strategy can only guess."""
LOOSE = Thresholds(max_over_chance=100, max_under_chance=100)
"""Limits no strategy crosses, to see what the findings alone decide."""


def single(qid: str, options: list[str], key: int = 0, **extra: Any) -> dict[str, Any]:
    return {
        "id": qid,
        "topic": "t",
        "type": "single",
        "text": extra.pop("text", f"Question {qid}?"),
        "options": [{"text": t, "correct": i == key} for i, t in enumerate(options)],
        **extra,
    }


def multiple(qid: str, options: list[str], keys: set[int], **extra: Any) -> dict[str, Any]:
    question = single(qid, options, **extra)
    question["type"] = "multiple"
    question["options"] = [{"text": t, "correct": i in keys} for i, t in enumerate(options)]
    return question


def true_false(qid: str, answer: bool, text: str | None = None, **extra: Any) -> dict[str, Any]:
    statement = text or f"Statement {qid} holds."
    return {
        "id": qid,
        "topic": "t",
        "type": "true_false",
        "text": statement,
        "answer": answer,
        **extra,
    }


def write_bank(folder: Path, questions: list[dict[str, Any]], name: str = "bank") -> Path:
    data = {
        "format": 1,
        "bank": {"id": name, "title": name},
        "topics": {"t": {"title": "Topic"}},
        "questions": questions,
    }
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def lint(
    tmp_path: Path, questions: list[dict[str, Any]], thresholds: Thresholds | None = None
) -> LintReport:
    report = lint_banks([write_bank(tmp_path, questions)], REFERENCE, thresholds)
    assert not report.unreadable, report.unreadable
    return report


def rules(report: LintReport, rule: str) -> list[Finding]:
    return [f for f in report.findings if f.rule == rule]


# ---------------------------------------------------------------- words and echoes


def test_words_fold_case_drop_apostrophes_and_split_on_punctuation() -> None:
    assert words("Scrum’s self-managing TEAM, isn't it?") == (
        "scrums",
        "self",
        "managing",
        "team",
        "isnt",
        "it",
    )


def test_a_run_counts_from_five_words_and_extends_as_far_as_it_goes() -> None:
    assert REFERENCE.longest_run(words("maximizing the value of it")) == 0  # 4 shared words
    assert REFERENCE.longest_run(words("maximizing the value of the")) == 5
    assert REFERENCE.longest_run(words("Ask: maximizing the value of the product!")) == 6


def test_a_run_never_spans_two_lines_of_the_reference() -> None:
    assert REFERENCE.longest_run(words("value of the product the sprint review")) == 0


def test_html_comments_of_the_reference_are_not_reference_text() -> None:
    reference = Reference("<!-- licence header: one two three four five -->\nbody text here")
    assert reference.longest_run(words("one two three four five")) == 0
    assert reference.word_count == 3


# ---------------------------------------------------------------- strategies


def test_repeat_reference_scores_an_expected_value_with_chance_for_short_echoes(
    tmp_path: Path,
) -> None:
    report = lint(
        tmp_path,
        [
            # the key echoes 5 words: the strategy is right
            single("a", ["Maximizing the value of the work", *NEUTRAL[:3]]),
            # a 4-word echo is no echo: chance, 1 in 4
            single("b", ["Maximizing the value of money", *NEUTRAL[:3]]),
            # two options echo 5 words: half the credit when the key is one of them
            single(
                "c", ["Maximizing the value of the team", "the value of the product", *NEUTRAL[:2]]
            ),
        ],
    )
    echo = report.strategy("repeat-reference")
    assert (echo.questions, echo.decisive) == (3, 2)
    assert echo.score == pytest.approx(100 * (1 + 0.25 + 0.5) / 3)
    assert echo.chance == pytest.approx(25.0)


def test_longest_is_the_longest_run_not_the_first_echo(tmp_path: Path) -> None:
    report = lint(
        tmp_path,
        [
            single(
                "a",
                ["Maximizing the value of the work", "maximizing the value of the product"],
                key=1,
            )
        ],
    )
    assert report.strategy("repeat-reference").score == pytest.approx(100.0)


def test_shortest_and_longest_split_credit_between_tied_options(tmp_path: Path) -> None:
    report = lint(
        tmp_path,
        [
            single("a", ["Ab", "Cd", "Longer one", "Longest option"]),  # key ties for shortest
            single("b", ["Longest option", "Ab", "Cd", "Ef"]),  # key is the longest
        ],
    )
    assert report.strategy("shortest").score == pytest.approx(100 * (0.5 + 0) / 2)
    assert report.strategy("longest").score == pytest.approx(100 * (0 + 1) / 2)
    assert report.strategy("shortest").chance == pytest.approx(25.0)


def test_chance_is_the_mean_of_one_over_the_options(tmp_path: Path) -> None:
    report = lint(tmp_path, [single("a", NEUTRAL[:2]), single("b", NEUTRAL)])
    assert report.strategy("longest").chance == pytest.approx(100 * (1 / 2 + 1 / 4) / 2)
    assert report.strategy("longest").score == pytest.approx(report.strategy("longest").chance)
    assert report.strategy("longest").decisive == 0


def test_avoid_absolute_splits_credit_among_options_free_of_absolute_words(
    tmp_path: Path,
) -> None:
    report = lint(
        tmp_path,
        [
            single("a", ["It depends", "It varies", "Always now", "Never then"]),  # 1 of 2 free
            single("b", ["Only this", "Must that", "Kiwi", "Plum"], key=0),  # key absolute
            single("c", ["All", "None", "Every", "Cannot"]),  # no option free: chance
        ],
    )
    avoid = report.strategy("avoid-absolute")
    assert avoid.score == pytest.approx(100 * (0.5 + 0 + 0.25) / 3)
    assert avoid.decisive == 2


def test_avoid_reason_splits_credit_among_options_without_a_justification(
    tmp_path: Path,
) -> None:
    report = lint(
        tmp_path,
        [
            # two options free of a reason clause, the key among them: 1/2
            single(
                "a", ["Ask them", "Wait, because it helps", "Tell them", "Stop so that it ends"]
            ),
            # the key carries the clause: 0 ("since" and "in order to" count, "sincere" does not)
            single("b", ["Go since it is time", "Be sincere", "Act", "Plan"], key=0),
            single("c", ["Do it in order to win", "Be sincere", "Act", "Plan"], key=0),
            # every option or none has one: chance
            single("d", ["Kiwi", "Plum", "Pear", "Fig"]),
        ],
    )
    avoid = report.strategy("avoid-reason")
    assert avoid.score == pytest.approx(100 * (0.5 + 0 + 0 + 0.25) / 4)
    assert avoid.decisive == 3


def test_choose_n_longest_is_right_when_the_keys_are_the_longest(tmp_path: Path) -> None:
    report = lint(
        tmp_path,
        [
            multiple("a", ["Longest option", "Longer one", "Ab", "Cd"], {0, 1}),
            multiple("b", ["Longest option", "Ab", "Cd", "Ef"], {0, 1}),  # 1 of 3 tied slots
            multiple("c", ["Ab", "Cd", "Longest option", "Longer one"], {0, 1}),
        ],
    )
    choose = report.strategy("choose-n-longest")
    assert choose.score == pytest.approx(100 * (1 + 1 / 3 + 0) / 3)
    assert choose.chance == pytest.approx(100 / 6)
    assert choose.gate is None


@pytest.mark.parametrize(("keyed_true", "ok"), [(39, False), (40, True), (60, True), (61, False)])
def test_true_share_passes_from_40_to_60_percent(tmp_path: Path, keyed_true: int, ok: bool) -> None:
    report = lint(tmp_path, [true_false(f"q{i}", i < keyed_true) for i in range(100)])
    assert report.true_share == pytest.approx(keyed_true)
    assert report.strategy("always-true").score == pytest.approx(keyed_true)
    assert report.strategy("always-false").score == pytest.approx(100 - keyed_true)
    assert report.ok is ok


def test_absolute_means_false_is_scored_for_information(tmp_path: Path) -> None:
    report = lint(
        tmp_path,
        [
            true_false("a", False, "The Sprint must always last a month."),
            true_false("b", True, "The Sprint has a goal."),
            true_false("c", True, "Every Sprint has a goal."),
            true_false("d", False, "A Sprint has two goals."),
        ],
    )
    guess = report.strategy("absolute-means-false")
    assert (guess.score, guess.chance, guess.gate) == (50.0, 50.0, None)


def _report_with(difference: float, thresholds: Thresholds) -> LintReport:
    score = StrategyScore("shortest", "", "single", 10, 10, 25.0 + difference, 25.0, "chance")
    return LintReport(10, {"single": 10}, [score], None, [], thresholds)


@pytest.mark.parametrize(
    ("difference", "ok"), [(8.0, True), (8.01, False), (-8.0, True), (-8.01, False)]
)
def test_a_single_choice_strategy_may_be_eight_points_either_side_of_chance(
    difference: float, ok: bool
) -> None:
    assert _report_with(difference, Thresholds()).ok is ok


def test_chance_limits_are_overridable() -> None:
    loose = Thresholds(max_over_chance=20, max_under_chance=1)
    assert _report_with(15, loose).ok
    assert not _report_with(-2, loose).ok
    assert "shortest scores 2.0 points under chance" in _report_with(-2, loose).failures[0]


def test_a_strategy_without_questions_is_not_judged(tmp_path: Path) -> None:
    report = lint(tmp_path, [multiple("a", ["Ab", "Cd", "Ef"], {0, 1})])
    assert report.strategy("shortest").questions == 0
    assert report.true_share is None
    assert report.ok


# ---------------------------------------------------------------- findings


def test_echo_only_key_needs_a_five_word_run_and_no_echoing_distractor(tmp_path: Path) -> None:
    report = lint(
        tmp_path,
        [
            single("five", ["Maximizing the value of the work", *NEUTRAL[:3]]),
            single("four", ["Maximizing the value of money", *NEUTRAL[:3]]),
            single(
                "both", ["Maximizing the value of the work", "the value of the product", "Kiwi"]
            ),
            multiple("keys", ["maximizing the value of the team", "Kiwi", "Plum"], {0, 1}),
        ],
    )
    found = {f.question: f.message for f in rules(report, "echo-only-key")}
    assert set(found) == {"five", "keys"}
    assert (
        found["five"]
        == "the key repeats a run of the reference's words (5 words); no distractor does"
    )
    assert found["keys"].startswith("1 of the 2 keyed options repeats a run")


def test_absolute_tell_needs_every_distractor_absolute_and_a_key_free(tmp_path: Path) -> None:
    report = lint(
        tmp_path,
        [
            single("tell", ["It depends", "Always", "Never", "Only on Monday"]),
            single("one-free-distractor", ["It depends", "Always", "Never", "On Monday"]),
            single("absolute-key", ["Every time", "Always", "Never", "Only on Monday"]),
            multiple("multi", ["It depends", "All of them", "Kiwi", "Must be"], {0, 1, 2}),
        ],
    )
    assert [f.question for f in rules(report, "absolute-only-key")] == ["tell", "multi"]
    assert any(
        "2 questions where every distractor has an absolute word" in f for f in report.failures
    )
    tell = [single("tell", ["It depends", "Always"])]
    assert not lint(tmp_path, tell, LOOSE).ok
    assert lint(
        tmp_path, tell, Thresholds(max_over_chance=100, max_under_chance=100, absolute_tells=1)
    ).ok


def test_longest_key_is_flagged_from_one_and_a_half_times_the_next(tmp_path: Path) -> None:
    report = lint(
        tmp_path,
        [
            single("wide", ["x" * 30, "y" * 20, "z" * 10]),
            single("narrow", ["x" * 29, "y" * 20, "z" * 10]),
        ],
    )
    assert [f.question for f in rules(report, "longest-key")] == ["wide"]
    wide = [single("wide", ["x" * 30, "y" * 20])]
    assert lint(tmp_path, wide, LOOSE).ok  # a finding of this kind is advice, not a threshold
    strict = Thresholds(max_over_chance=100, max_under_chance=100, strict=True)
    assert not lint(tmp_path, wide, strict).ok


@pytest.mark.parametrize(
    ("question", "flagged"),
    [
        (single("q", ["The Development Team", "The Developers"]), True),
        (single("q", ["The Developers", "The Development Team"]), False),  # a distractor
        (single("q", NEUTRAL, text="What does the Development Team do in Sprint Planning?"), True),
        (single("q", NEUTRAL, text="Which accountability replaced the Development Team?"), False),
        (single("q", NEUTRAL, text="A manager wants story points per Developer. What now?"), False),
        (single("q", NEUTRAL, text="The team plans a 'Sprint 0'. What should happen?"), False),
        (single("q", ["Hold backlog grooming weekly", "Kiwi"]), True),
        (single("q", ["Say what you did yesterday", "Kiwi"]), True),
        (single("q", ["A potentially releasable Increment", "Kiwi"]), True),
        (single("q", ["The Scrum Master as servant-leader", "Kiwi"]), True),
        (single("q", ["Track velocity", "Kiwi"]), True),
        (single("q", ["The 2017 guide spoke of velocity", "Kiwi"]), False),
        (true_false("q", True, "Sprint Zero sets up the tools."), True),
        (true_false("q", False, "Sprint Zero sets up the tools."), False),
        (true_false("q", True, "The 2020 guide no longer uses the term Development Team."), False),
    ],
)
def test_dropped_terms_are_flagged_when_keyed_or_stated_as_current(
    tmp_path: Path, question: dict[str, Any], flagged: bool
) -> None:
    assert bool(rules(lint(tmp_path, [question]), "dropped-term")) is flagged


def test_a_stem_stating_another_key_of_six_words_is_reported_at_both(tmp_path: Path) -> None:
    six = "the Product Owner orders the backlog"
    report = lint(
        tmp_path,
        [
            single("keyed", [six.capitalize(), "The Scrum Master orders it"]),
            single("stem", NEUTRAL, text=f"Since {six}, who refines items?"),
            single("short", ["Owner orders the whole backlog", "Kiwi"]),  # five words
            single("stem2", NEUTRAL, text="As Owner orders the whole backlog, who else?"),
            true_false("tf", True, "Refinement adds detail, estimates and order."),
            single(
                "stem3", NEUTRAL, text="Refinement adds detail, estimates and order: who does it?"
            ),
        ],
    )
    found = sorted((f.question, f.message.split(" (")[0]) for f in rules(report, "stem-states-key"))
    assert found == [
        ("keyed", "the key is stated in the stem of stem"),
        ("stem", "the stem states the key of keyed"),
        ("stem3", "the stem states the key of tf"),
        ("tf", "the key is stated in the stem of stem3"),
    ]


def test_a_stem_stating_the_key_of_a_question_of_the_same_fact_is_fine(tmp_path: Path) -> None:
    six = "the Product Owner orders the backlog"
    report = lint(
        tmp_path,
        [
            single("keyed", [six, "Kiwi"], fact="ordering"),
            single("stem", NEUTRAL, text=f"Since {six}, who refines?", fact="ordering"),
        ],
    )
    assert rules(report, "stem-states-key") == []


def test_one_fact_at_two_difficulties_is_reported_once_at_its_first_question(
    tmp_path: Path,
) -> None:
    report = lint(
        tmp_path,
        [
            single("a", NEUTRAL, fact="f", difficulty=1),
            single("b", NEUTRAL, fact="f", difficulty=2),
            single("c", NEUTRAL, fact="f"),  # unrated: left out
            single("d", NEUTRAL, fact="g", difficulty=3),
            single("e", NEUTRAL, fact="g", difficulty=3),
        ],
    )
    (finding,) = rules(report, "fact-difficulty")
    assert finding.question == "a"
    assert finding.message.startswith("fact 'f' is rated difficulty 1 here, 2 in b (")


def test_findings_point_at_the_question_in_its_file(tmp_path: Path) -> None:
    path = tmp_path / "located.yaml"
    path.write_text(
        "format: 1\n"
        "bank: {id: located, title: Located}\n"
        "topics: {t: {title: T}}\n"
        "questions:\n"
        "  - id: first\n"
        "    topic: t\n"
        "    type: single\n"
        "    text: Which?\n"
        "    options:\n"
        "      - {text: It depends, correct: true}\n"
        "      - {text: Always now}\n",
        encoding="utf-8",
    )
    (finding,) = lint_banks([path], REFERENCE).findings
    assert str(finding) == (
        f"{path}:5:5: lint: every distractor has an absolute word "
        "(all/always/cannot/every/must/never/none/only) and the key has none [first]"
    )


def test_a_bank_that_does_not_load_is_reported_not_linted(tmp_path: Path) -> None:
    good = write_bank(tmp_path, [single("a", NEUTRAL)], "good")
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\nbank: [\n", encoding="utf-8")
    report = lint_banks([good, bad], REFERENCE)
    assert report.questions == 1
    assert [p.path for p in report.unreadable] == [str(bad)]
    assert report.as_dict()["ok"] is False


def test_every_question_of_several_banks_is_played(tmp_path: Path) -> None:
    first = tmp_path / "one"
    second = tmp_path / "two"
    first.mkdir()
    second.mkdir()
    paths = [
        write_bank(first, [single(f"a{i}", NEUTRAL) for i in range(3)], "one"),
        write_bank(second, [true_false(f"b{i}", i % 2 == 0) for i in range(4)], "two"),
    ]
    report = lint_banks(paths, REFERENCE)
    assert report.types == {"single": 3, "multiple": 0, "true_false": 4, "essay": 0}
    assert report.questions == 7
