"""Problems found in a bank file, each located at `file:line:column`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from po_exam.text import printable

if TYPE_CHECKING:  # pydantic: not needed to read problems back from the cache
    from po_exam.banks.models import Bank

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One error or warning in a bank file (line and column are 1-based)."""

    path: str
    line: int
    column: int
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        """`file:line:col: severity: message`, printable: it may quote a path or a key."""
        return printable(f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}")

    def as_dict(self) -> dict[str, str | int]:
        """The problem as plain data, for `--format json`."""
        return {
            "file": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "message": self.message,
        }


@dataclass(slots=True)
class LoadResult:
    """What loading one bank file gave: the bank when it has no errors, and every problem."""

    path: Path
    bank: Bank | None
    problems: list[Problem] = field(default_factory=list)
    origin: str = "explicit"
    id_position: tuple[int, int] = (1, 1)
    read: int = 0
    """How many entries the file's `questions` list has, even when the bank failed."""

    @property
    def errors(self) -> list[Problem]:
        """The problems that keep the bank out."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """The problems an author should look at but that do not block the bank."""
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        """True when the bank loaded without errors."""
        return self.bank is not None and not self.errors

    @property
    def first_error(self) -> Problem | None:
        """The first error in file order, for one-line notices."""
        errors = self.errors
        return min(errors, key=lambda p: (p.line, p.column)) if errors else None

    def reject(self, problem: Problem) -> None:
        """Add an error found after loading (such as a clashing bank id) and drop the bank."""
        self.problems.append(problem)
        self.bank = None
