"""Shared fixtures: every test runs with its own data folder, never the user's."""

import os
from pathlib import Path

import pytest

SERVER_URL = os.environ.get("PO_EXAM_TEST_DB_URL")
"""A scratch server database (PostgreSQL in CI, see .ci/run) the store tests also run on."""
NO_SERVER = (
    "no database server: set PO_EXAM_TEST_DB_URL to a scratch PostgreSQL database "
    "(.ci/run starts one; .ci/postgres start DIR prints its URL)"
)

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


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """Run a store test on a SQLite file and again on the scratch server database (emptied
    first); `store_helpers.tmp_store` opens whichever is in use."""
    import store_helpers

    if request.param == "sqlite":
        yield "sqlite"
        return
    if request.node.get_closest_marker("sqlite_only"):
        pytest.skip("SQLite only: it reads the file or SQLite's query plans")
    if not SERVER_URL:
        pytest.skip(NO_SERVER)
    store_helpers.empty_server_database(SERVER_URL)
    store_helpers.SERVER["url"] = SERVER_URL
    try:
        yield request.param
    finally:
        store_helpers.SERVER["url"] = None


@pytest.fixture
def store(tmp_path: Path, clock, backend):  # type: ignore[no-untyped-def]
    """A fresh attempt store in a file under `tmp_path`, on `clock`."""
    from store_helpers import tmp_store

    with tmp_store(tmp_path, clock) as opened:
        yield opened


@pytest.fixture
def starter_text() -> str:
    """The commented starter bank that `po-exam bank new` writes."""
    return STARTER.read_text(encoding="utf-8")
