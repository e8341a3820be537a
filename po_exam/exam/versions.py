"""Question versions: a content hash of what decides a question's key, and re-grading.

The hash covers the stem, the option texts and which of them are keyed, in an order-free
form, so a question hashes the same as authored and as asked (options shuffled). Explanation,
reference, topic and difficulty are left out: changing them changes no verdict.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from po_exam.banks.models import Bank, Question
    from po_exam.exam.asked import AskedQuestion

HASH_LENGTH = 16
"""Hex digits kept of the SHA-256: 64 bits, ample to tell the versions of one question apart."""


def content_hash(text: str, options: Iterable[str], keyed: Iterable[str]) -> str:
    """The hash of a stem, its option texts and its keyed option texts (order-free)."""
    canonical = json.dumps(
        [text.strip(), sorted(o.strip() for o in options), sorted(k.strip() for k in keyed)],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:HASH_LENGTH]


def asked_hash(question: AskedQuestion) -> str:
    """The content hash of a question as asked (display order does not matter)."""
    keyed = [question.options[i] for i in question.correct if 0 <= i < len(question.options)]
    return content_hash(question.text, question.options, keyed)


def question_hash(question: Question) -> str:
    """The content hash of a question as the bank has it now."""
    choices = question.choices
    keyed = [choices[i] for i in question.correct_indices if 0 <= i < len(choices)]
    return content_hash(question.text, choices, keyed)


class CurrentVersions:
    """The loaded banks' questions by (bank id, question id), each hashed once, when first asked.

    Built per set of loaded banks: a debrief of 80 questions hashes at most 80 of the 685
    built-in ones, and looking the same question up again costs a dictionary read.
    """

    def __init__(self, banks: Iterable[Bank]) -> None:
        self._questions: dict[tuple[str, str], Question] = {}
        for bank in banks:
            for question in bank.questions:
                self._questions.setdefault((bank.id, question.id), question)
        self._hashes: dict[tuple[str, str], str] = {}

    def question(self, key: tuple[str, str]) -> Question | None:
        """The loaded question with this (bank id, question id), if any."""
        return self._questions.get(key)

    def hash(self, key: tuple[str, str]) -> str | None:
        """The current content hash of a loaded question; None when it is not loaded."""
        found = self._hashes.get(key)
        if found is None:
            question = self._questions.get(key)
            if question is None or question.type == "essay":
                return None
            found = self._hashes[key] = question_hash(question)
        return found

    def changed(self, key: tuple[str, str], stored: str | None) -> bool:
        """Whether the loaded question differs from the version with hash `stored`."""
        if not stored:
            return False
        current = self.hash(key)
        return current is not None and current != stored


@dataclass(frozen=True, slots=True)
class Regrade:
    """A past answer judged against the current key."""

    key: frozenset[int] | None
    """The current key in the attempt's display positions; None when it cannot be mapped."""
    reason: str = ""
    """Why it cannot be re-graded (the options themselves changed)."""


def current_key(asked: AskedQuestion, question: Question) -> Regrade:
    """The current key of `question` in the display order `asked` showed its options in.

    The options are matched by text: when the current options are not the ones that were
    shown (one was added, removed or reworded), the answer cannot be judged fairly and is
    left as graded, with the reason.
    """
    choices = [c.strip() for c in question.choices]
    shown = [o.strip() for o in asked.options]
    if sorted(choices) != sorted(shown) or len(set(shown)) != len(shown):
        return Regrade(None, "its options changed, not only its key")
    keyed = {choices[i] for i in question.correct_indices}
    return Regrade(frozenset(pos for pos, text in enumerate(shown) if text in keyed))
