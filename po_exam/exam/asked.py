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
    bank_id: str, question: Question, topic_title: str, order: tuple[int, ...] | None = None
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
    )
