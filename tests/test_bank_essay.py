"""The essay type and learning objectives in the bank format: located errors, cache, draws."""

from pathlib import Path

import pytest

from po_exam.banks.loader import load_bank
from po_exam.exam.pool import collect_pool

HEAD = """\
format: 1
bank:
  id: essays
  title: Essays
topics:
  value: {title: Value}
objectives:
  core-1: {title: Describe the Product Owner's accountabilities, category: Core Competencies}
questions:
"""

ESSAY = """\
  - id: e1
    topic: value
    type: essay
    objective: core-1
    text: "A stakeholder asks for a fixed one-year plan. What do you do?"
    model_answer: "Explain empiricism, offer a forecast from evidence, revisit it each Sprint."
    rubric:
      - {point: "Explains why a fixed plan hides risk", weight: 2}
      - {point: "Offers a forecast that is not a commitment"}
    explanation: "Only what has happened can inform forecasts."
    reference: 'Scrum Guide 2020, "Scrum Theory"'
"""

SINGLE = """\
  - id: s1
    topic: value
    type: single
    objective: core-1
    text: "Who orders the Product Backlog?"
    options:
      - {text: "The Product Owner", correct: true}
      - {text: "The Scrum Master"}
    explanation: "The Product Owner is accountable for ordering it."
    reference: 'Scrum Guide 2020, "Product Owner"'
"""


def _load(tmp_path: Path, body: str, *, cache: bool = False):
    path = tmp_path / "bank.yaml"
    path.write_text(HEAD + body, encoding="utf-8")
    return load_bank(path, cache=cache)


def test_a_valid_essay_and_objective_load(tmp_path: Path) -> None:
    result = _load(tmp_path, ESSAY + SINGLE)
    assert result.problems == []
    essay, single = result.bank.questions
    assert essay.is_essay and not single.is_essay
    assert essay.model_answer.startswith("Explain empiricism")
    assert [(p.point, p.weight) for p in essay.rubric] == [
        ("Explains why a fixed plan hides risk", 2.0),
        ("Offers a forecast that is not a commitment", 1.0),
    ]
    assert essay.choices == () and essay.correct_indices == frozenset()
    assert result.bank.objectives["core-1"].category == "Core Competencies"
    assert single.objective == "core-1"


def test_the_cache_rebuilds_essays_and_objectives(tmp_path: Path) -> None:
    first = _load(tmp_path, ESSAY, cache=True)
    again = load_bank(tmp_path / "bank.yaml")
    assert again.bank == first.bank
    assert again.bank.questions[0].rubric[0].weight == 2.0
    assert again.bank.objectives["core-1"].title.startswith("Describe")


@pytest.mark.parametrize(
    ("change", "where", "message"),
    [
        (("    model_answer:", "    unused:"), None, "unknown field"),
        (
            ('      - {point: "Offers a forecast that is not a commitment"}\n', ""),
            (17, 7),
            "1 rubric point; an essay has 2 to 6",
        ),
        (("    objective: core-1\n", "    objective: core-9\n"), (13, 16), "objective 'core-9'"),
        (
            ("Explains why a fixed plan hides risk", "x" * 201),
            (17, 17),
            "at most 200 characters",
        ),
        (
            ('    model_answer: "Explain', '    answer: true\n    notes: "Explain'),
            None,
            "",
        ),
    ],
)
def test_essay_mistakes_are_located(tmp_path: Path, change, where, message) -> None:
    old, new = change
    body = ESSAY.replace(old, new, 1)
    assert body != ESSAY
    result = _load(tmp_path, body)
    assert result.bank is None
    errors = [p for p in result.problems if p.severity == "error"]
    assert errors, result.problems
    if message:
        assert any(message in p.message for p in errors), errors
    if where:
        assert any((p.line, p.column) == where for p in errors if message in p.message), errors


def test_an_essay_without_model_answer_or_rubric_says_what_it_needs(tmp_path: Path) -> None:
    body = "\n".join(
        line
        for line in ESSAY.splitlines()
        if not line.strip().startswith(("model_answer", "rubric", "- {point"))
    )
    result = _load(tmp_path, body + "\n")
    messages = [p.message for p in result.problems if p.severity == "error"]
    assert messages == [
        "question e1: an essay needs a model_answer to grade against",
        "question e1: an essay needs a rubric of 2 to 6 points",
    ]
    assert {(p.line, p.column) for p in result.problems if p.severity == "error"} == {(10, 5)}


def test_choice_questions_may_not_carry_essay_fields(tmp_path: Path) -> None:
    body = SINGLE.replace("    options:", '    model_answer: "m"\n    options:')
    result = _load(tmp_path, body)
    assert [(p.line, p.column, p.message) for p in result.problems if p.severity == "error"] == [
        (15, 19, "question s1: 'model_answer' is only for essay questions (type: essay)")
    ]


def test_essays_join_a_pool_only_when_asked_for(tmp_path: Path) -> None:
    bank = _load(tmp_path, ESSAY + SINGLE).bank
    assert [e.question.id for e in collect_pool([bank])] == ["s1"]
    assert [e.question.id for e in collect_pool([bank], essays=True)] == ["e1"]
