"""The bank rules beyond field types: keys per question type, declared topics, unique ids."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from po_exam.banks.problems import Problem

if TYPE_CHECKING:  # annotations only: the cache's warm path needs no YAML parser
    from po_exam.banks.yamlnodes import Document, Path_

MIN_OPTIONS = 2
MAX_OPTIONS = 8
MIN_RUBRIC = 2
MAX_RUBRIC = 6
_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
}
_STEM_COUNT = re.compile(
    r"\b(?:choose|select|pick|mark)\s+(?:the\s+)?(?:best\s+)?(one|two|three|four|five|six|seven|eight|[1-8])\b",
    re.IGNORECASE,
)


def stem_count(text: str) -> int | None:
    """How many answers a stem asks for ("choose two" -> 2), or None when it does not say."""
    match = _STEM_COUNT.search(text)
    if not match:
        return None
    word = match.group(1).lower()
    return int(word) if word.isdigit() else _NUMBER_WORDS[word]


def normalise(text: str) -> str:
    """Text compared ignoring case and runs of white space."""
    return " ".join(text.split()).casefold()


def check_rules(document: Document, shown: str) -> list[Problem]:
    """Every rule violation in the raw bank data, located."""
    return list(_Checker(document, shown).run())


class _Checker:
    def __init__(self, document: Document, shown: str) -> None:
        self.document = document
        self.shown = shown

    def at(self, path: Path_, message: str, severity: str = "error") -> Problem:
        origin = self.document.locate(path)
        return Problem(self.shown, origin.line + 1, origin.column + 1, message, severity)  # type: ignore[arg-type]

    def run(self) -> Iterator[Problem]:
        data = self.document.data
        topics = data.get("topics")
        declared = set(topics) if isinstance(topics, dict) else None
        objectives = data.get("objectives")
        goals = set(objectives) if isinstance(objectives, dict) else set()
        questions = data.get("questions")
        if not isinstance(questions, list):
            return
        ids: dict[str, int] = {}
        texts: dict[str, str] = {}
        for index, question in enumerate(questions):
            if not isinstance(question, dict):
                continue
            path: Path_ = ("questions", index)
            qid = question.get("id")
            name = f"question {qid}" if isinstance(qid, str) else f"question #{index + 1}"
            if isinstance(qid, str):
                if qid in ids:
                    first = self.document.locate(("questions", ids[qid], "id")).line + 1
                    yield self.at(
                        (*path, "id"), f"{name}: duplicate question id (first used at line {first})"
                    )
                else:
                    ids[qid] = index
            topic = question.get("topic")
            if declared is not None and isinstance(topic, str) and topic not in declared:
                known = ", ".join(sorted(declared)) or "none"
                yield self.at(
                    (*path, "topic"),
                    f"{name}: topic '{topic}' is not declared under topics (declared: {known})",
                )
            objective = question.get("objective")
            if isinstance(objective, str) and objective not in goals:
                known = ", ".join(sorted(goals)) or "none"
                yield self.at(
                    (*path, "objective"),
                    f"{name}: objective '{objective}' is not declared under objectives "
                    f"(declared: {known})",
                )
            yield from self.check_key(question, path, name)
            yield from self.check_advice(question, path, name, texts)

    def check_key(self, question: dict[str, Any], path: Path_, name: str) -> Iterator[Problem]:
        kind = question.get("type")
        options = question.get("options")
        if kind == "essay":
            yield from self.check_essay(question, path, name)
            return
        for field in ("model_answer", "rubric"):
            if field in question:
                yield self.at(
                    (*path, field), f"{name}: '{field}' is only for essay questions (type: essay)"
                )
        if kind == "true_false":
            if options is not None:
                yield self.at(
                    (*path, "options"),
                    f"{name}: a true_false question has no options; give 'answer: true' or 'answer: false'",
                )
            if "answer" not in question:
                yield self.at(
                    path, f"{name}: a true_false question needs 'answer: true' or 'answer: false'"
                )
            return
        if kind not in ("single", "multiple"):
            return
        if "answer" in question:
            yield self.at(
                (*path, "answer"),
                f"{name}: 'answer' is only for true_false questions; mark options with 'correct: true'",
            )
        if not isinstance(options, list):
            if options is None:
                yield self.at(path, f"{name}: a {kind} question needs options")
            return
        if not MIN_OPTIONS <= len(options) <= MAX_OPTIONS:
            yield self.at(
                (*path, "options"),
                f"{name}: {len(options)} options; a question has {MIN_OPTIONS} to {MAX_OPTIONS}",
            )
        correct = sum(1 for o in options if isinstance(o, dict) and o.get("correct") is True)
        if kind == "single" and correct != 1:
            yield self.at(
                (*path, "options"),
                f"{name}: a single question needs exactly one correct option, found {correct}",
            )
        if kind == "multiple":
            if correct < 2:
                yield self.at(
                    (*path, "options"),
                    f"{name}: a multiple question needs at least two correct options, found {correct}",
                )
            if correct == len(options):
                yield self.at(
                    (*path, "options"),
                    f"{name}: a multiple question needs at least one wrong option",
                )
        text = question.get("text")
        asked = stem_count(text) if isinstance(text, str) else None
        if asked is not None and asked != correct:
            yield self.at(
                (*path, "text"),
                f"{name}: the stem asks for {asked} but {correct} options are marked correct",
            )

    def check_essay(self, question: dict[str, Any], path: Path_, name: str) -> Iterator[Problem]:
        for field, instead in (("options", "a rubric"), ("answer", "a model_answer")):
            if field in question:
                yield self.at((*path, field), f"{name}: an essay has no {field}; it has {instead}")
        if "model_answer" not in question:
            yield self.at(path, f"{name}: an essay needs a model_answer to grade against")
        rubric = question.get("rubric")
        if rubric is None:
            yield self.at(
                path, f"{name}: an essay needs a rubric of {MIN_RUBRIC} to {MAX_RUBRIC} points"
            )
        elif isinstance(rubric, list) and not MIN_RUBRIC <= len(rubric) <= MAX_RUBRIC:
            yield self.at(
                (*path, "rubric"),
                f"{name}: {len(rubric)} rubric point{'' if len(rubric) == 1 else 's'}; "
                f"an essay has {MIN_RUBRIC} to {MAX_RUBRIC}",
            )

    def check_advice(
        self, question: dict[str, Any], path: Path_, name: str, texts: dict[str, str]
    ) -> Iterator[Problem]:
        for field in ("explanation", "reference"):
            value = question.get(field)
            if not (isinstance(value, str) and value.strip()):
                yield self.at(path, f"{name}: no {field}", "warning")
        text = question.get("text")
        if isinstance(text, str):
            key = normalise(text)
            if key in texts:
                yield self.at(
                    (*path, "text"), f"{name}: same text as question {texts[key]}", "warning"
                )
            else:
                texts[key] = str(question.get("id", "?"))
        options = question.get("options")
        if isinstance(options, list):
            seen: dict[str, int] = {}
            for position, option in enumerate(options):
                option_text = option.get("text") if isinstance(option, dict) else None
                if not isinstance(option_text, str):
                    continue
                key = normalise(option_text)
                if key in seen:
                    yield self.at(
                        (*path, "options", position, "text"),
                        f"{name}: option {position + 1} repeats option {seen[key] + 1} (ignoring case and spaces)",
                        "warning",
                    )
                else:
                    seen[key] = position
