"""The bank models: keys of options and true/false questions, snapshots in display order."""

from po_exam.banks.models import Question
from po_exam.exam.asked import ask


def test_true_false_key_maps_to_true_or_false_choice() -> None:
    question = Question(
        id="q1", topic="t", type="true_false", text="Refinement is an event.", answer=False
    )
    assert question.choices == ("True", "False")
    assert question.correct_indices == frozenset({1})


def test_snapshot_moves_the_key_with_the_shuffled_options() -> None:
    question = Question.model_validate(
        {
            "id": "q2",
            "topic": "t",
            "type": "single",
            "text": "Who orders the Product Backlog?",
            "options": [
                {"text": "Product Owner", "correct": True},
                {"text": "Developers"},
                {"text": "Scrum Master"},
            ],
        }
    )
    asked = ask("b", question, "Topic", order=(2, 0, 1))
    assert asked.options == ("Scrum Master", "Product Owner", "Developers")
    assert asked.correct == frozenset({1})
    assert asked.is_correct(frozenset({1}))
    assert not asked.is_correct(frozenset({0, 1}))
