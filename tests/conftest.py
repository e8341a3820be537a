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
def starter_text() -> str:
    """The commented starter bank that `po-exam bank new` writes."""
    return STARTER.read_text(encoding="utf-8")
