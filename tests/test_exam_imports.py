"""The core stays free of the UI and the database: checked in a fresh interpreter."""

import json
import subprocess
import sys

import pytest

IMPORT_ALL = (
    "import importlib, pkgutil, {package}\n"
    "for info in pkgutil.iter_modules({package}.__path__):\n"
    "    importlib.import_module('{package}.' + info.name)\n"
)


def loaded_after(package: str, watched: tuple[str, ...]) -> list[str]:
    """Which of `watched` a fresh interpreter holds after importing every module of `package`."""
    code = (
        "import json, sys\n"
        + IMPORT_ALL.format(package=package)
        + f"print(json.dumps([m for m in {watched!r} if m in sys.modules]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


@pytest.mark.parametrize("package", ["po_exam.banks", "po_exam.exam"])
def test_banks_and_exam_import_neither_textual_nor_sqlalchemy(package: str) -> None:
    assert loaded_after(package, ("textual", "sqlalchemy", "sqlmodel")) == []


def test_the_exam_engine_does_not_wait_for_pydantic() -> None:
    # The home screen uses the modes before any bank is loaded; pydantic comes with the banks.
    assert loaded_after("po_exam.exam", ("pydantic", "yaml")) == []
