"""The question bank format, version 1, as pydantic models (the contract with authors)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

BankId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]
QuestionId = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=64)
]
TopicId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
QuestionType = Literal["single", "multiple", "true_false", "essay"]
CHOICE_TYPES = ("single", "multiple", "true_false")
"""The types a learner answers by picking options; an essay is written and self-graded."""
RUBRIC_POINT_MAX = 200
"""Longest rubric point, in characters: a point is one short statement a learner can tick."""

TRUE_FALSE_CHOICES = ("True", "False")
BankLevel = Literal["pspo-i", "pspo-ii", "pspo-iii", "cspo"]
"""Which step of the Product Owner path a bank serves; a mode draws from its levels by default."""


class _Strict(BaseModel):
    """Base: unknown fields are errors and text must really be text (no YAML 1.1 surprises)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


class Option(_Strict):
    """One answer option of a single or multiple question."""

    text: Text
    correct: bool = False


class Topic(_Strict):
    """A topic a bank's questions belong to, with its weight in a topic-balanced draw."""

    title: Text
    weight: Annotated[float, Field(gt=0, le=100)] = 1.0
    description: str | None = None


class Objective(_Strict):
    """A learning objective questions may be tagged with (e.g. a CSPO learning objective)."""

    title: Text
    category: Text | None = None
    """The objective's category (CSPO: one of its five); results are reported per category."""
    description: str | None = None


class RubricPoint(_Strict):
    """One thing a good essay answer covers; the learner ticks it when self-grading."""

    point: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=RUBRIC_POINT_MAX)
    ]
    weight: Annotated[float, Field(gt=0, le=10)] = 1.0


class Defaults(_Strict):
    """A bank's own defaults for a custom or practice draw."""

    questions: Annotated[int, Field(ge=1, le=1000)] | None = None
    minutes: Annotated[int, Field(ge=1, le=600)] | None = None
    pass_mark: Annotated[int, Field(ge=1, le=100)] | None = None


class BankInfo(_Strict):
    """Who and what a bank is."""

    id: BankId
    title: Text
    version: Text = "1.0.0"
    description: str | None = None
    attribution: str | None = None
    defaults: Defaults | None = None
    level: BankLevel = "pspo-i"
    """The step the bank prepares for: PSPO I simulations draw only from `pspo-i` banks."""


class Question(_Strict):
    """One question as the author wrote it."""

    id: QuestionId
    topic: TopicId
    type: QuestionType
    text: Text
    options: list[Option] | None = None
    answer: bool | None = None
    explanation: str | None = None
    reference: str | None = None
    difficulty: Literal[1, 2, 3] | None = None
    shuffle: bool = True
    tags: list[Text] = Field(default_factory=list)
    objective: TopicId | None = None
    """A learning objective declared under the bank's `objectives`."""
    model_answer: Text | None = None
    """An essay's model answer, shown beside the learner's when self-grading."""
    rubric: list[RubricPoint] | None = None
    """An essay's 2-6 points a good answer covers."""
    fact: (
        Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)] | None
    ) = None
    """Questions (in any bank) that test the same fact share this id; one attempt asks only one."""

    @property
    def choices(self) -> tuple[str, ...]:
        """The option texts in authored order; True/False for a true_false question."""
        if self.type == "true_false":
            return TRUE_FALSE_CHOICES
        return tuple(option.text for option in self.options or ())

    @property
    def is_essay(self) -> bool:
        """Written, not picked: no key to grade against, self-graded by rubric."""
        return self.type == "essay"

    @property
    def correct_indices(self) -> frozenset[int]:
        """Positions (in authored order) of the keyed options."""
        if self.type == "true_false":
            return frozenset({0 if self.answer else 1})
        return frozenset(i for i, option in enumerate(self.options or ()) if option.correct)


class Bank(_Strict):
    """A whole bank file: format version, identity, topics and questions."""

    format: Literal[1]
    bank: BankInfo
    topics: dict[TopicId, Topic]
    objectives: dict[TopicId, Objective] = Field(default_factory=dict)
    """Learning objectives questions may name with `objective:` (optional)."""
    questions: list[Question]

    @property
    def id(self) -> str:
        """The bank's stable id."""
        return self.bank.id

    @property
    def title(self) -> str:
        """The bank's display title."""
        return self.bank.title
