"""A question as it was asked in an attempt: the snapshot history keeps."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from po_exam.banks.models import Question, QuestionType


@dataclass(frozen=True, slots=True)
class AskedQuestion:
    """One question as shown to the learner, options already in display order."""

    bank_id: str
    question_id: str
    topic: str
    topic_title: str
    type: QuestionType
    text: str
    options: tuple[str, ...]
    correct: frozenset[int]
    explanation: str = ""
    reference: str = ""
    difficulty: int | None = None
    model_answer: str = ""
    """An essay's model answer (empty for a question answered by picking)."""
    rubric: tuple[tuple[str, float], ...] = ()
    """An essay's rubric: (point, weight) in authored order."""
    objective: str = ""
    """The learning objective the question is tagged with ("" when none)."""
    objective_title: str = ""
    objective_category: str = ""
    """The objective's category (CSPO: one of five); results may report by it."""

    @property
    def is_essay(self) -> bool:
        """Written and self-graded, not picked."""
        return self.type == "essay"

    @property
    def choose(self) -> int:
        """How many options the learner must select (1 for single and true/false)."""
        return len(self.correct)

    @property
    def key(self) -> tuple[str, str]:
        """(bank id, question id): the question's identity across attempts."""
        return (self.bank_id, self.question_id)

    def is_correct(self, selection: frozenset[int]) -> bool:
        """All-or-nothing: right only when the selection equals the keyed set."""
        return selection == self.correct


def ask(
    bank_id: str,
    question: Question,
    topic_title: str,
    order: tuple[int, ...] | None = None,
    *,
    objective: tuple[str, str] = ("", ""),
) -> AskedQuestion:
    """Snapshot `question`, its options permuted by `order` (authored positions)."""
    choices = question.choices
    order = order if order is not None else tuple(range(len(choices)))
    keyed = question.correct_indices
    return AskedQuestion(
        bank_id=bank_id,
        question_id=question.id,
        topic=question.topic,
        topic_title=topic_title,
        type=question.type,
        text=question.text,
        options=tuple(choices[i] for i in order),
        correct=frozenset(pos for pos, i in enumerate(order) if i in keyed),
        explanation=question.explanation or "",
        reference=question.reference or "",
        difficulty=question.difficulty,
        model_answer=question.model_answer or "",
        rubric=tuple((point.point, point.weight) for point in question.rubric or ()),
        objective=question.objective or "",
        objective_title=objective[0],
        objective_category=objective[1],
    )
