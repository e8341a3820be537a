"""Bring banks written elsewhere into po-exam's format: Moodle GIFT, Aiken and a CSV layout.

Each importer reads the source text and returns an `Imported`: the questions it could carry over
and a `Skipped` entry (source line and reason) for everything it could not, so nothing is dropped
without a word. `to_yaml` writes a bank file that `po-exam bank validate` accepts.

Plain Python, no YAML library at import time: the output is written as JSON-quoted scalars, which
YAML reads as double-quoted strings.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

FORMATS = ("gift", "aiken", "csv")

CSV_COLUMNS = (
    "id",
    "topic",
    "type",
    "question",
    "A",
    "B",
    "C",
    "D",
    "E",
    "F",
    "G",
    "H",
    "answer",
    "explanation",
    "reference",
    "difficulty",
)
"""The documented CSV layout: a header row names the columns; `question` and `answer` are required,
option columns A-H as many as the question has; `answer` is letters (`B`, `A;C`) or true/false."""

_LETTERS = "ABCDEFGH"


@dataclass(frozen=True, slots=True)
class ImportedQuestion:
    """One question carried over: everything a bank question needs, in po-exam's terms."""

    line: int
    topic: str
    type: str
    text: str
    options: tuple[tuple[str, bool], ...] = ()
    answer: bool | None = None
    explanation: str | None = None
    reference: str | None = None
    difficulty: int | None = None
    id: str | None = None


@dataclass(frozen=True, slots=True)
class Skipped:
    """Something in the source that could not be carried over, and why."""

    line: int
    reason: str


@dataclass(slots=True)
class Imported:
    """The result of one import: questions, what was left behind, and notes on what changed."""

    questions: list[ImportedQuestion] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[Skipped] = field(default_factory=list)
    topics: dict[str, str] = field(default_factory=dict)


class ImportFormatError(ValueError):
    """The source is not in the format it was said to be in (with a line to look at)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line


def import_text(text: str, source_format: str) -> Imported:
    """Import `text` written in `source_format` (one of FORMATS)."""
    if source_format == "gift":
        return import_gift(text)
    if source_format == "aiken":
        return import_aiken(text)
    if source_format == "csv":
        return import_csv(text)
    raise ValueError(f"unknown format {source_format!r}; choose one of {', '.join(FORMATS)}")


# ---------------------------------------------------------------------------------------- GIFT

_GIFT_ESCAPES = {"\\~": "~", "\\=": "=", "\\#": "#", "\\{": "{", "\\}": "}", "\\:": ":"}
_GIFT_TF = {"t": True, "true": True, "f": False, "false": False}


def _gift_unescape(text: str) -> str:
    text = re.sub(r"\\[~=#{}:]", lambda m: _GIFT_ESCAPES[m.group(0)], text)
    text = text.replace("\\n", "\n")
    return " ".join(text.split())


def _strip_gift_format(text: str) -> str:
    """Drop a leading [markdown]/[html]/[plain]/[moodle] text-format marker."""
    return re.sub(r"^\s*\[(markdown|html|plain|moodle)\]", "", text)


def _split_unescaped(text: str, markers: str) -> list[tuple[str, str]]:
    """Split answer text at unescaped markers, keeping each piece's marker."""
    parts: list[tuple[str, str]] = []
    current, marker, i = "", "", 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            current += text[i : i + 2]
            i += 2
            continue
        if char in markers:
            if current.strip() or marker:
                parts.append((marker, current))
            current, marker = "", char
        else:
            current += char
        i += 1
    if current.strip() or marker:
        parts.append((marker, current))
    return parts


def _find_unescaped(text: str, char: str, start: int = 0) -> int:
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == char:
            return i
        i += 1
    return -1


def _gift_blocks(text: str) -> list[tuple[int, str]]:
    """(first line number, text) of each blank-line separated block, comments removed."""
    blocks: list[tuple[int, str]] = []
    current: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if line.lstrip().startswith("//"):
            continue
        if not line.strip():
            if current:
                blocks.append((start, "\n".join(current)))
                current = []
            continue
        if not current:
            start = number
        current.append(line)
    if current:
        blocks.append((start, "\n".join(current)))
    return blocks


def import_gift(text: str) -> Imported:
    """Moodle GIFT: single and weighted multiple choice, true/false, feedback, categories."""
    result = Imported()
    topic = "imported"
    result.topics[topic] = "Imported"
    used_topics: set[str] = set()
    for line, block in _gift_blocks(text):
        first, _, rest = block.partition("\n")
        category = re.match(r"^\s*\$CATEGORY:\s*(.+)$", first)
        if category:
            title = category.group(1).strip().split("/")[-1].strip() or "Imported"
            topic = _slug(title) or "imported"
            result.topics.setdefault(topic, title)
            if not rest.strip():
                continue
            line, block = line + 1, rest
        _gift_question(result, line, block, topic)
        used_topics.add(topic)
    result.topics = {t: title for t, title in result.topics.items() if t in used_topics}
    return result


def _gift_question(result: Imported, line: int, block: str, topic: str) -> None:
    title = None
    body = block.strip()
    named = re.match(r"^::(.*?)::", body, re.S)
    if named:
        title = named.group(1).strip()
        body = body[named.end() :]
    open_at = _find_unescaped(body, "{")
    if open_at < 0:
        result.skipped.append(Skipped(line, "a description with no answers (not a question)"))
        return
    close_at = _find_unescaped(body, "}", open_at)
    if close_at < 0:
        result.skipped.append(Skipped(line, "an answer block '{' that is never closed"))
        return
    stem = _gift_unescape(_strip_gift_format(body[:open_at] + " " + body[close_at + 1 :]))
    answers = body[open_at + 1 : close_at].strip()
    general = None
    if "####" in answers:
        answers, general = answers.split("####", 1)
        general = _gift_unescape(general) or None
    kind = _gift_kind(answers)
    if kind is not None:
        result.skipped.append(Skipped(line, f"GIFT {kind} question: po-exam has no such type"))
        return
    if not stem:
        result.skipped.append(Skipped(line, "a question with no text"))
        return
    tf = answers.split("#", 1)
    if tf[0].strip().lower() in _GIFT_TF:
        feedback = [_gift_unescape(f) for f in tf[1:] if _gift_unescape(f)]
        explanation = general or (feedback[0] if feedback else None)
        result.questions.append(
            ImportedQuestion(
                line,
                topic,
                "true_false",
                stem,
                answer=_GIFT_TF[tf[0].strip().lower()],
                explanation=explanation,
                id=_slug(title) if title else None,
            )
        )
        return
    options: list[tuple[str, bool]] = []
    feedbacks: list[str] = []
    weighted = False
    for marker, raw in _split_unescaped(answers, "=~"):
        if not marker:
            result.skipped.append(Skipped(line, "answer text before the first = or ~"))
            return
        hash_at = _find_unescaped(raw, "#")
        piece, feedback = (raw[:hash_at], raw[hash_at + 1 :]) if hash_at >= 0 else (raw, "")
        weight = re.match(r"^\s*%(-?\d+(?:\.\d+)?)%", piece)
        correct = marker == "="
        if weight:
            weighted = True
            correct = float(weight.group(1)) > 0
            piece = piece[weight.end() :]
        option = _gift_unescape(piece)
        if "->" in option:
            result.skipped.append(Skipped(line, "GIFT matching question: po-exam has no such type"))
            return
        options.append((option, correct))
        if feedback.strip():
            feedbacks.append(_gift_unescape(feedback))
    keyed = sum(correct for _, correct in options)
    if all(correct for _, correct in options):
        result.skipped.append(
            Skipped(line, "GIFT short-answer question (no wrong options): po-exam has no such type")
        )
        return
    if keyed == 0:
        result.skipped.append(Skipped(line, "a choice question with no right answer"))
        return
    if len(options) < 2 or len(options) > 8:
        result.skipped.append(Skipped(line, f"{len(options)} options; po-exam needs 2 to 8"))
        return
    if weighted and keyed > 1:
        result.notes.append(
            Skipped(
                line, "partial-credit weights became all-or-nothing: every positive weight is a key"
            )
        )
    explanation = general or (" ".join(feedbacks) if feedbacks else None)
    result.questions.append(
        ImportedQuestion(
            line,
            topic,
            "multiple" if keyed > 1 else "single",
            stem,
            options=tuple(options),
            explanation=explanation,
            id=_slug(title) if title else None,
        )
    )


def _gift_kind(answers: str) -> str | None:
    """The unsupported GIFT kind of an answer block, or None when it is one po-exam carries."""
    if not answers.strip():
        return "essay (no model answer)"
    if answers.lstrip().startswith("#"):
        return "numeric"
    return None


# --------------------------------------------------------------------------------------- Aiken

_AIKEN_OPTION = re.compile(r"^([A-Z])[.)]\s+(.*\S)\s*$")
_AIKEN_ANSWER = re.compile(r"^ANSWER:\s*([A-Z])\s*$")


def import_aiken(text: str) -> Imported:
    """Aiken: a stem line, options `A.`/`A)`, then `ANSWER: X`; single choice only."""
    result = Imported(topics={"imported": "Imported"})
    stem: list[str] = []
    options: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        option = _AIKEN_OPTION.match(line)
        answer = _AIKEN_ANSWER.match(line)
        if answer:
            if not stem or not options:
                result.skipped.append(Skipped(number, "ANSWER: with no question or options above"))
            else:
                _aiken_question(result, start, " ".join(stem), options, answer.group(1), number)
            stem, options = [], []
        elif option and stem and option.group(1) == _LETTERS[len(options) : len(options) + 1]:
            options.append(option.group(2))
        elif options:
            result.skipped.append(
                Skipped(start, f"question not closed by 'ANSWER: X' before line {number}")
            )
            stem, options, start = [line], [], number
        else:
            if not stem:
                start = number
            stem.append(line)
    if stem:
        result.skipped.append(Skipped(start, "question not closed by 'ANSWER: X' at end of file"))
    return result


def _aiken_question(
    result: Imported, line: int, stem: str, options: list[str], letter: str, answer_line: int
) -> None:
    index = _LETTERS.find(letter)
    if not 0 <= index < len(options):
        result.skipped.append(Skipped(answer_line, f"ANSWER: {letter} names no option"))
        return
    if len(options) < 2 or len(options) > 8:
        result.skipped.append(Skipped(line, f"{len(options)} options; po-exam needs 2 to 8"))
        return
    result.questions.append(
        ImportedQuestion(
            line,
            "imported",
            "single",
            stem,
            options=tuple((text, i == index) for i, text in enumerate(options)),
        )
    )


# ----------------------------------------------------------------------------------------- CSV


def import_csv(text: str) -> Imported:
    """The documented CSV layout (CSV_COLUMNS), header row first."""
    result = Imported()
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    missing = [name for name in ("question", "answer") if name not in header]
    if missing:
        raise ImportFormatError(1, f"the header row lacks {', '.join(missing)}")
    unknown = [name for name in header if name not in CSV_COLUMNS]
    if unknown:
        raise ImportFormatError(
            1, f"unknown column {unknown[0]!r}; columns: {', '.join(CSV_COLUMNS)}"
        )
    for row in reader:
        line = reader.line_num
        _csv_row(result, line, {k: (v or "").strip() for k, v in row.items() if k})
    return result


def _csv_row(result: Imported, line: int, row: dict[str, str]) -> None:
    stem = row.get("question", "")
    if not stem:
        result.skipped.append(Skipped(line, "no question text"))
        return
    title = row.get("topic") or "Imported"
    topic = _slug(title) or "imported"
    result.topics.setdefault(topic, title)
    answer = row.get("answer", "")
    difficulty = row.get("difficulty") or None
    if difficulty is not None and difficulty not in ("1", "2", "3"):
        result.skipped.append(Skipped(line, f"difficulty {difficulty!r} is not 1, 2 or 3"))
        return
    common = {
        "explanation": row.get("explanation") or None,
        "reference": row.get("reference") or None,
        "difficulty": int(difficulty) if difficulty else None,
        "id": _slug(row.get("id", "")) or None,
    }
    kind = row.get("type") or ""
    if answer.lower() in ("true", "false") and kind in ("", "true_false"):
        result.questions.append(
            ImportedQuestion(
                line, topic, "true_false", stem, answer=answer.lower() == "true", **common
            )
        )
        return
    options = [row[letter] for letter in _LETTERS if row.get(letter)]
    letters = [part.strip().upper() for part in re.split(r"[;,\s]+", answer) if part.strip()]
    bad = [letter for letter in letters if letter not in _LETTERS[: len(options)]]
    if not letters or bad:
        result.skipped.append(Skipped(line, f"answer {answer!r} names no option of this row"))
        return
    if len(options) < 2:
        result.skipped.append(Skipped(line, f"{len(options)} options; po-exam needs 2 to 8"))
        return
    keyed = {_LETTERS.index(letter) for letter in letters}
    qtype = kind or ("multiple" if len(keyed) > 1 else "single")
    if qtype not in ("single", "multiple") or (qtype == "single" and len(keyed) > 1):
        result.skipped.append(Skipped(line, f"type {qtype!r} does not fit answer {answer!r}"))
        return
    result.questions.append(
        ImportedQuestion(
            line,
            topic,
            qtype,
            stem,
            options=tuple((text, i in keyed) for i, text in enumerate(options)),
            **common,
        )
    )


# -------------------------------------------------------------------------------------- output


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:64]


def to_yaml(imported: Imported, source: Path) -> str:
    """A bank file holding the imported questions; ids are made unique and stable."""
    bank_id = _slug(source.stem) or "imported"
    q = json.dumps
    lines = [
        f"# Imported from {source.name} by po-exam bank import.",
        "format: 1",
        "bank:",
        f"  id: {q(bank_id)}",
        f"  title: {q(source.stem)}",
        '  version: "1.0.0"',
        "topics:",
    ]
    used = dict.fromkeys(question.topic for question in imported.questions)
    for topic in used:
        lines.append(f"  {q(topic)}: {{title: {q(imported.topics.get(topic, topic))}}}")
    lines.append("questions:" if imported.questions else "questions: []")
    ids: set[str] = set()
    for number, question in enumerate(imported.questions, start=1):
        qid = question.id or f"{bank_id[:50]}-{number:03d}"
        while qid in ids:
            qid = f"{qid}-{number}"
        ids.add(qid)
        lines += [
            f"  - id: {q(qid)}  # source line {question.line}",
            f"    topic: {q(question.topic)}",
            f"    type: {question.type}",
            f"    text: {q(question.text)}",
        ]
        if question.type == "true_false":
            lines.append(f"    answer: {'true' if question.answer else 'false'}")
        else:
            lines.append("    options:")
            for text, correct in question.options:
                mark = ", correct: true" if correct else ""
                lines.append(f"      - {{text: {q(text)}{mark}}}")
        if question.explanation:
            lines.append(f"    explanation: {q(question.explanation)}")
        if question.reference:
            lines.append(f"    reference: {q(question.reference)}")
        if question.difficulty:
            lines.append(f"    difficulty: {question.difficulty}")
    return "\n".join(lines) + "\n"
