"""The core stays free of the UI and the database: checked in a fresh interpreter."""

import subprocess
import sys

import pytest


def _loaded(statement: str, modules: tuple[str, ...]) -> list[str]:
    code = f"import sys; {statement}; print([m for m in {modules!r} if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return eval(out.stdout)


@pytest.mark.parametrize(
    "statement",
    [
        "import po_exam.banks, po_exam.banks.models",
        "import po_exam.exam.modes, po_exam.exam.draw, po_exam.exam.session, "
        "po_exam.exam.retry, po_exam.exam.stats, po_exam.exam.clock",
    ],
)
def test_banks_and_exam_import_neither_textual_nor_sqlalchemy(statement: str) -> None:
    assert _loaded(statement, ("textual", "sqlalchemy", "sqlmodel")) == []
