"""Find banks: the built-in ones, the user's bank folder, and files or folders given by hand."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path

from po_exam.banks.problems import LoadResult, Problem
from po_exam.paths import user_bank_dir

BANK_SUFFIXES = (".yaml", ".yml")


def builtin_bank_dir() -> Path:
    """The folder of banks shipped inside the package."""
    return Path(str(resources.files("po_exam") / "question_banks"))


def bank_files(folder: Path) -> list[Path]:
    """Everything named like a bank in `folder` and below, in a stable order.

    A folder, a FIFO or a symbolic link loop named `x.yaml` is listed too, so that
    loading it reports what it is instead of skipping it without a word.
    """
    return sorted(p for p in folder.rglob("*") if p.suffix in BANK_SUFFIXES)


def discover_banks(
    extra: Sequence[Path] = (), *, builtin: bool = True, user: bool = True
) -> list[LoadResult]:
    """Load every bank po-exam can see; broken ones come back with their problems."""
    sources: list[tuple[Path, str]] = []
    missing: list[LoadResult] = []

    def scan(folder: Path, origin: str) -> None:
        try:
            sources.extend((p, origin) for p in bank_files(folder))
        except OSError as error:  # an unreadable folder is a problem, not a crash
            problem = Problem(str(folder), 1, 1, f"cannot list the folder: {error.strerror}")
            missing.append(LoadResult(folder, None, [problem], origin))

    if builtin:
        scan(builtin_bank_dir(), "builtin")
    if user and user_bank_dir().is_dir():
        scan(user_bank_dir(), "user")
    for path in extra:
        if path.is_dir():
            scan(path, "explicit")
        elif path.exists() or path.is_symlink():  # a dangling link or a loop: say so
            sources.append((path, "explicit"))
        else:
            problem = Problem(str(path), 1, 1, "no such file or folder")
            missing.append(LoadResult(path, None, [problem], "explicit"))
    return [*load_all(sources), *missing]


def load_all(sources: Iterable[tuple[Path, str]]) -> list[LoadResult]:
    """Load each (path, origin) once and reject a bank whose id an earlier bank already uses;
    a question whose text an earlier bank already has is a warning naming both places."""
    from po_exam.banks.loader import load_bank  # pydantic: not needed to list the files

    results: list[LoadResult] = []
    owners: dict[str, Path] = {}
    seen: set[Path] = set()
    texts: dict[str, tuple[LoadResult, str]] = {}
    for path, origin in sources:
        try:
            resolved = path.resolve()
        except (OSError, RuntimeError):  # a symbolic link loop: load_bank reports it
            resolved = path.absolute()
        if resolved in seen:
            continue
        seen.add(resolved)
        result = load_bank(path, origin)
        if result.bank is not None:
            owner = owners.get(result.bank.id)
            if owner is not None:
                message = f"bank id '{result.bank.id}' is already used by {owner}"
                result.reject(Problem(str(path), *result.id_position, message))
            else:
                owners[result.bank.id] = path
                _warn_repeated_texts(result, texts)
        results.append(result)
    return results


ACROSS_BANKS = "same text as question"
"""How a warning about a question repeated from another bank begins (after the question)."""


def _warn_repeated_texts(result: LoadResult, texts: dict[str, tuple[LoadResult, str]]) -> None:
    """Warn about each question of `result` whose text an earlier loaded bank already has."""
    from po_exam.banks.rules import normalise  # yaml: not needed to list the files

    assert result.bank is not None
    found: list[tuple[str, LoadResult, str]] = []
    for question in result.bank.questions:
        key = normalise(question.text)
        earlier = texts.get(key)
        if earlier is None:
            texts[key] = (result, question.id)
        elif earlier[0] is not result:  # repeats inside one bank are the bank rules' warning
            found.append((question.id, *earlier))
    if not found:
        return
    lines: dict[Path, dict[str, int]] = {}
    for qid, other, other_id in found:
        line = _id_line(result.path, qid, lines)
        where = f"{other.path}:{_id_line(other.path, other_id, lines)}"
        assert other.bank is not None
        message = (
            f"question {qid}: {ACROSS_BANKS} {other_id} of bank {other.bank.id} ({where});"
            " one attempt could ask both"
        )
        result.problems.append(Problem(str(result.path), line, 1, message, "warning"))


def _id_line(path: Path, qid: str, cache: dict[Path, dict[str, int]]) -> int:
    """The line where question `qid` is declared in `path` (1 when it cannot be told)."""
    if path not in cache:
        cache[path] = {}
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            text = ""
        pattern = re.compile(r"^[ \t-]*id:[ \t]*['\"]?([A-Za-z0-9._-]+)['\"]?[ \t]*(#.*)?$", re.M)
        for match in pattern.finditer(text):
            cache[path].setdefault(match.group(1), text.count("\n", 0, match.start()) + 1)
    return cache[path].get(qid, 1)
