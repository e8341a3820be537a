"""Shared fixtures: every test runs with its own data folder, never the user's."""

import inspect
import re
from pathlib import Path
from types import ModuleType

import pytest

STARTER = Path(__file__).parents[1] / "po_exam" / "banks" / "starter.yaml"


@pytest.fixture(autouse=True)
def isolated_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Point po-exam's data folder and database at a fresh temporary folder."""
    folder = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("PO_EXAM_DATA_DIR", str(folder))
    monkeypatch.delenv("PO_EXAM_DB", raising=False)
    return folder


@pytest.fixture
def clock():  # type: ignore[no-untyped-def]
    """A fake clock at the store and exam tests' fixed moment T0."""
    from exam_helpers import T0

    from po_exam.exam.clock import FakeClock

    return FakeClock(T0)


@pytest.fixture
def store(tmp_path: Path, clock):  # type: ignore[no-untyped-def]
    """A fresh attempt store in a file under `tmp_path`, on `clock`."""
    from store_helpers import tmp_store

    with tmp_store(tmp_path, clock) as opened:
        yield opened


@pytest.fixture(scope="session")
def builtin_results():  # type: ignore[no-untyped-def]
    """The built-in banks, loaded once for the whole run (685 questions take a while to parse).

    Shared: tests must not change what they get.
    """
    from po_exam.banks.discovery import discover_banks

    return tuple(discover_banks(user=False))


@pytest.fixture
def starter_text() -> str:
    """The commented starter bank that `po-exam bank new` writes."""
    return STARTER.read_text(encoding="utf-8")


SPAWNS = re.compile(r"\bsubprocess\.|multiprocessing|\bProcess\(|get_context\(")
"""What starts another process: such a test is marked `slow`."""


def _spawning_helpers(module: ModuleType) -> set[str]:
    """Functions of a test module that start another process (so calling them is slow)."""
    found = set()
    for name, value in vars(module).items():
        if inspect.isfunction(value) and not name.startswith("test_"):
            try:
                if SPAWNS.search(inspect.getsource(value)):
                    found.add(name)
            except (OSError, TypeError):
                continue
    return found


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark `slow` every test that starts a process or is a hypothesis property (they still run
    in a plain `uv run pytest`; `-m 'not slow'` leaves them out for a quick loop)."""
    helpers: dict[str, set[str]] = {}
    for item in items:
        function = getattr(item, "function", None)
        module = getattr(item, "module", None)
        if function is None or module is None or item.get_closest_marker("slow"):
            continue
        if getattr(function, "is_hypothesis_test", False):
            item.add_marker(pytest.mark.slow)
            continue
        try:
            source = inspect.getsource(function)
        except (OSError, TypeError):
            continue
        spawners = helpers.setdefault(module.__name__, _spawning_helpers(module))
        if SPAWNS.search(source) or any(re.search(rf"\b{name}\(", source) for name in spawners):
            item.add_marker(pytest.mark.slow)
