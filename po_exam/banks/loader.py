"""Load one bank file: decode, parse, validate, and locate every problem at `file:line:col`."""

from __future__ import annotations

import difflib
import errno
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from po_exam.banks import cache as bank_cache
from po_exam.banks import rules
from po_exam.banks.models import Bank, BankInfo, Defaults, Option, Question, Topic
from po_exam.banks.problems import LoadResult, Problem

if TYPE_CHECKING:  # the YAML parser is imported on a cache miss only (`load_bank_bytes`)
    from po_exam.banks.yamlnodes import Document

_MODEL_AT_DEPTH: dict[tuple[str, ...], type[BaseModel]] = {
    (): Bank,
    ("bank",): BankInfo,
    ("bank", "defaults"): Defaults,
    ("topics", "*"): Topic,
    ("questions", "*"): Question,
    ("questions", "*", "options", "*"): Option,
}


MAX_BANK_MB_ENV = "PO_EXAM_MAX_BANK_MB"
DEFAULT_MAX_BANK_MB = 64
"""The largest bank read, in megabytes: a 50 MB bank (about 160,000 questions) fits."""

_NOT_REGULAR = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


class BankReadError(Exception):
    """The file cannot be read as a bank; the message says why."""


def max_bank_bytes() -> int:
    """The size cap: `PO_EXAM_MAX_BANK_MB` megabytes when set to a positive number."""
    setting = os.environ.get(MAX_BANK_MB_ENV, "")
    try:
        megabytes = float(setting) if setting.strip() else DEFAULT_MAX_BANK_MB
    except ValueError:
        megabytes = DEFAULT_MAX_BANK_MB
    if not megabytes > 0:
        megabytes = DEFAULT_MAX_BANK_MB
    return int(megabytes * 1024 * 1024)


def read_bank_file(path: Path) -> bytes:
    """The bytes of a regular file of at most `max_bank_bytes()`; anything else is refused
    at once (a FIFO is never waited on, a device never read)."""
    limit = max_bank_bytes()
    try:
        _check_regular(os.stat(path), limit)
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise BankReadError(_os_reason(exc)) from None
    with os.fdopen(descriptor, "rb") as handle:
        _check_regular(os.fstat(descriptor), limit)  # the same file that was checked by name
        raw = handle.read(limit + 1)
    if len(raw) > limit:
        raise BankReadError(_too_big(limit))
    return raw


def _check_regular(status: os.stat_result, limit: int) -> None:
    for test, kind in _NOT_REGULAR:
        if test(status.st_mode):
            raise BankReadError(f"{kind}, not a bank file")
    if not stat.S_ISREG(status.st_mode):
        raise BankReadError("not a regular file")
    if status.st_size > limit:
        raise BankReadError(_too_big(limit))


def _too_big(limit: int) -> str:
    return (
        f"larger than {limit:,} bytes, the most a bank may be (set {MAX_BANK_MB_ENV} to allow more)"
    )


def _os_reason(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "a symbolic link loop: it never reaches a file"
    return f"cannot read the file: {exc.strerror or exc}"


def load_bank(path: Path, origin: str = "explicit", *, cache: bool = True) -> LoadResult:
    """Read and check the bank at `path` (from the cache when unchanged); never raises.

    Whatever goes wrong with one file, even a bug in the loader, comes back as a problem
    located in that file, so it never hides the other banks.
    """
    shown = str(path)
    try:
        return _load_bank(path, shown, origin, cache)
    except BankReadError as exc:
        return LoadResult(path, None, [Problem(shown, 1, 1, str(exc))], origin)
    except Exception as exc:  # RecursionError and MemoryError included
        message = f"the loader failed on this file ({type(exc).__name__}: {exc})"
        return LoadResult(path, None, [Problem(shown, 1, 1, message)], origin)


def _load_bank(path: Path, shown: str, origin: str, cache: bool) -> LoadResult:
    raw = read_bank_file(path)
    try:
        key = bank_cache.cache_key(path, raw) if cache else None
    except OSError:
        key = None
    if key is not None:
        cached = bank_cache.read_cached(path, key, origin)
        if cached is not None:
            return cached
    bank, problems, document = load_bank_bytes(raw, shown)
    result = LoadResult(path, bank, problems, origin)
    if document is not None:
        at = document.locate(("bank", "id"))
        result.id_position = (at.line + 1, at.column + 1)
        entries = document.data.get("questions") if isinstance(document.data, dict) else None
        result.read = len(entries) if isinstance(entries, list) else 0
    if bank is not None:
        result.read = len(bank.questions)
    del raw, document  # the parsed data and the bytes: freed before the cache entry is built
    if key is not None:
        bank_cache.write_cached(path, key, result)
    return result


def load_bank_bytes(raw: bytes, shown: str) -> tuple[Bank | None, list[Problem], Document | None]:
    """Check a bank given as bytes; `shown` is the name used in messages."""
    from po_exam.banks.yamlnodes import YamlError, parse_document

    text, problem = _decode(raw, shown)
    if problem:
        return None, [problem], None
    tabs = _tab_indents(text, shown)
    if tabs:
        return None, tabs, None
    quick = _quick_check(text, shown)
    if quick is not None:
        return quick
    try:
        document = parse_document(text)
    except YamlError as exc:
        return None, [Problem(shown, exc.line + 1, exc.column + 1, exc.message)], None
    return (*check_document(document, shown), document)


def _quick_check(text: str, shown: str) -> tuple[Bank, list[Problem], Document] | None:
    """The bank when a parse without positions finds nothing wrong; None sends it to the full check.

    Most banks are clean, so this path is the one a big bank takes: the rules run on the
    parsed data first, then each question's data is dropped as soon as its model is
    built, so the data and the models of a 50 MB bank are never all in memory at once.
    """
    from po_exam.banks.yamlnodes import YamlError, parse_document

    try:
        document = parse_document(text, located=False)
    except YamlError:
        return None
    if document.yaml11_words or not isinstance(document.data, dict):
        return None
    if rules.check_rules(document, shown):  # even a warning: the full check locates it
        return None
    bank = _validate_consuming(document.data)
    return None if bank is None else (bank, [], document)


def _validate_consuming(data: dict[str, Any]) -> Bank | None:
    """The bank, validating one question at a time and dropping each one's data once its
    model is built; None on any error (the full check then reports it, located)."""
    questions = data.get("questions")
    if not isinstance(questions, list):
        return None
    try:
        shell = Bank.model_validate({**data, "questions": []})
        built: list[Question] = []
        for index, question in enumerate(questions):
            built.append(Question.model_validate(question))
            questions[index] = None
            del question
    except ValidationError:
        return None
    return shell.model_copy(update={"questions": built})


def check_document(document: Document, shown: str) -> tuple[Bank | None, list[Problem]]:
    """Validate parsed data against the models and the bank rules."""
    data = document.data
    if not isinstance(data, dict):
        kind = {
            list: "a list",
            str: "plain text",
            int: "a number",
            float: "a number",
            bool: "a boolean",
        }.get(type(data), "a single value")
        message = f"a bank must be a mapping with format, bank, topics and questions, not {kind}"
        at = document.locate(())  # where the value starts, not the comments above it
        return None, [Problem(shown, at.line + 1, at.column + 1, message)]
    problems = _yaml11_words(document, shown)
    flagged = {(p.line, p.column) for p in problems}
    bank: Bank | None = None
    try:
        # Only a yes/no/on/off word needs turning into text: copy the data only then.
        bank = Bank.model_validate(_plain(data) if document.yaml11_words else data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            problem = _locate_validation_error(document, shown, error)
            if (problem.line, problem.column) not in flagged:
                problems.append(problem)
    problems.extend(rules.check_rules(document, shown))
    if any(p.severity == "error" for p in problems):
        bank = None
    problems.sort(key=lambda p: (p.severity != "error", p.line, p.column))
    return bank, problems


def _decode(raw: bytes, shown: str) -> tuple[str, Problem | None]:
    """UTF-8 text (a BOM is allowed), or a located error at the first bad byte."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        bad = raw[exc.start : exc.start + 1].hex()
        return "", Problem(shown, line, column, f"not UTF-8: byte 0x{bad} cannot be decoded")
    if not text.strip():
        return text, Problem(
            shown, 1, 1, "the file is empty: a bank needs format, bank, topics and questions"
        )
    return text, None


def _tab_indents(text: str, shown: str) -> list[Problem]:
    """YAML forbids tabs for indentation; say so at the first one instead of a parser riddle."""
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            return [
                Problem(
                    shown,
                    number,
                    indent.index("\t") + 1,
                    "tab used for indentation; indent with spaces",
                )
            ]
    return []


def _yaml11_words(document: Document, shown: str) -> list[Problem]:
    """Report yes/no/on/off, which YAML 1.1 loaders read as booleans, wherever they appear."""
    from po_exam.banks.yamlnodes import is_yaml11_word

    return [
        Problem(
            shown,
            origin.line + 1,
            origin.column + 1,
            f"'{origin.raw}' is read as a boolean by YAML 1.1 loaders: "
            f'quote it ("{origin.raw}") for text, or write true/false',
        )
        for origin in document.values.values()
        if is_yaml11_word(origin)
    ]


def _plain(value: Any) -> Any:
    """Data for pydantic: YAML 1.1 words become plain text (already reported)."""
    from po_exam.banks.yamlnodes import _Yaml11Bool

    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        if isinstance(value, _Yaml11Bool):
            return str(value)
        return value

    return plain(value)


def _model_at(loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model that validates the mapping at `loc`, for field-name suggestions."""
    shape = tuple(
        "*" if isinstance(part, int) or (i == 1 and loc[0] == "topics") else part
        for i, part in enumerate(loc)
    )
    return _MODEL_AT_DEPTH.get(shape)  # type: ignore[arg-type]


def _locate_validation_error(document: Document, shown: str, error: Any) -> Problem:
    """Turn one pydantic error into a located, author-friendly message."""
    loc: tuple[str | int, ...] = tuple(part for part in error["loc"] if not _is_union_tag(part))
    kind = error["type"]
    where = _describe(document, loc)
    if kind == "extra_forbidden":
        origin = document.locate_key(loc)
        field = loc[-1]
        model = _model_at(loc[:-1])
        hint = ""
        if model is not None:
            close = difflib.get_close_matches(str(field), list(model.model_fields), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            allowed = ", ".join(model.model_fields)
            hint += f"; allowed: {allowed}"
        message = f"unknown field '{field}'{hint}"
        if _split_by_comma(document, loc):
            message = (
                f"unknown field '{field}': a comma inside {{...}} ends the text before it;"
                f' quote the whole text, e.g. {{text: "..., {field}"}}'
            )
        return Problem(
            shown, origin.line + 1, origin.column + 1, f"{where}: {message}" if where else message
        )
    origin = document.locate(loc)
    if kind == "missing":
        message = f"missing required field '{loc[-1]}'"
        parent = _describe(document, loc[:-1])
        return Problem(
            shown, origin.line + 1, origin.column + 1, f"{parent}: {message}" if parent else message
        )
    message = error["msg"]
    if kind in ("string_type",) and origin.raw is not None:
        message = f"expected text, but {origin.raw!r} is read as a {_kind_of(origin.tag)}; quote it"
    return Problem(
        shown, origin.line + 1, origin.column + 1, f"{where}: {message}" if where else message
    )


def _split_by_comma(document: Document, loc: tuple[str | int, ...]) -> bool:
    """Whether an unknown field is the tail of text a comma split off in a `{...}` mapping:
    it has no value and sits beside a `text` field."""
    parent: Any = document.data
    for part in loc[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return False
    return isinstance(parent, dict) and "text" in parent and parent.get(loc[-1], "") is None


def _is_union_tag(part: str | int) -> bool:
    return isinstance(part, str) and (
        part.startswith(("list[", "function-", "constrained-"))
        or part in ("int", "float", "str", "bool", "none")
    )


def _kind_of(tag: str | None) -> str:
    return {
        "tag:yaml.org,2002:int": "number",
        "tag:yaml.org,2002:float": "number",
        "tag:yaml.org,2002:bool": "boolean",
        "tag:yaml.org,2002:null": "null (empty value)",
    }.get(tag or "", "non-text value")


def _describe(document: Document, loc: tuple[str | int, ...]) -> str:
    """A readable name for a place in the bank, naming questions by their id."""
    names: list[str] = []
    for index, part in enumerate(loc):
        if isinstance(part, str):
            names.append(part)
        elif loc[:index] == ("questions",):
            names[-1] = f"question {_question_id(document, part) or f'#{part + 1}'}:"
        elif names:
            names[-1] += f"[{part}]"
    return ".".join(names).replace(":.", ": ").rstrip(":")


def _question_id(document: Document, index: int) -> str | None:
    questions = document.data.get("questions") if isinstance(document.data, dict) else None
    if isinstance(questions, list) and 0 <= index < len(questions):
        item = questions[index]
        qid = item.get("id") if isinstance(item, dict) else None
        return qid if isinstance(qid, str) else None
    return None
