"""A cache of checked banks, so an unchanged file is not parsed and validated again.

An entry is keyed by the file's resolved path, size, modification time and a hash
of its bytes, plus the loader's version: any change to the file (or to the rules)
misses, so a stale bank is never served. Entries hold plain data in `marshal`
form, rebuilt into models without validating again (they were validated when
written). A cache that can't be read or written is simply not used.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import marshal
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from po_exam import __version__
from po_exam.banks.problems import LoadResult, Problem
from po_exam.paths import user_cache_dir

if TYPE_CHECKING:  # the models (pydantic) are imported only to rebuild a bank
    from po_exam.banks.models import Bank

CACHE_FORMAT = 7  # bump whenever the loader's checks or the models change


def cache_key(path: Path, raw: bytes) -> tuple[Any, ...]:
    """What must match for a cached entry to stand for the file's current bytes."""
    stat = path.stat()
    digest = hashlib.blake2b(raw, digest_size=20).hexdigest()
    return (CACHE_FORMAT, __version__, str(path.resolve()), stat.st_size, stat.st_mtime_ns, digest)


def cache_entry(path: Path) -> Path:
    """The file that holds the cached entry of the bank at `path`."""
    name = hashlib.blake2b(str(path.resolve()).encode(), digest_size=16).hexdigest()
    return user_cache_dir() / "banks" / f"{name}.marshal"


def read_cached(path: Path, key: tuple[Any, ...], origin: str) -> LoadResult | None:
    """The cached result for `path` when its key still matches, else None."""
    try:
        payload = marshal.loads(cache_entry(path).read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not isinstance(payload, dict) or payload.get("key") != key:
        return None
    problems = [Problem(*fields) for fields in payload["problems"]]
    bank = _rebuild(payload["bank"]) if payload["bank"] is not None else None
    read = payload.get("read", len(bank.questions) if bank is not None else 0)
    return LoadResult(path, bank, problems, origin, tuple(payload["id_position"]), read)


def write_cached(path: Path, key: tuple[Any, ...], result: LoadResult) -> None:
    """Store `result` for `path` (atomically; failures only cost the next load its speed)."""
    payload = {
        "key": key,
        "bank": result.bank.model_dump() if result.bank is not None else None,
        "problems": [(p.path, p.line, p.column, p.message, p.severity) for p in result.problems],
        "id_position": result.id_position,
        "read": result.read,
    }
    entry = cache_entry(path)
    with contextlib.suppress(OSError, ValueError):
        entry.parent.mkdir(parents=True, exist_ok=True)
        temporary = entry.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(marshal.dumps(payload))
        os.replace(temporary, entry)


def _rebuild(data: dict[str, Any]) -> Bank:
    """Models from data that was validated when it was cached."""
    from po_exam.banks.models import (
        Bank,
        BankInfo,
        Defaults,
        Objective,
        Option,
        Question,
        RubricPoint,
        Topic,
    )

    collecting = gc.isenabled()
    gc.disable()
    try:
        info = dict(data["bank"])
        if info.get("defaults") is not None:
            info["defaults"] = Defaults.model_construct(**info["defaults"])
        questions = []
        for question in data["questions"]:
            fields = dict(question)
            if fields["options"] is not None:
                fields["options"] = [Option.model_construct(**o) for o in fields["options"]]
            if fields.get("rubric") is not None:
                fields["rubric"] = [RubricPoint.model_construct(**r) for r in fields["rubric"]]
            questions.append(Question.model_construct(**fields))
        return Bank.model_construct(
            format=data["format"],
            bank=BankInfo.model_construct(**info),
            topics={tid: Topic.model_construct(**t) for tid, t in data["topics"].items()},
            objectives={
                oid: Objective.model_construct(**o)
                for oid, o in (data.get("objectives") or {}).items()
            },
            questions=questions,
        )
    finally:
        if collecting:
            gc.enable()
