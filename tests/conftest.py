"""Shared fixtures: every test runs with its own data folder, never the user's."""

from pathlib import Path

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


@pytest.fixture
def starter_text() -> str:
    """The commented starter bank that `po-exam bank new` writes."""
    return STARTER.read_text(encoding="utf-8")
