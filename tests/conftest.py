"""Shared fixtures: every test runs with its own data folder, never the user's."""

import inspect
import os
import re
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

SERVER_ENV = "PO_EXAM_TEST_DB_URL"
WORKER = os.environ.get("PYTEST_XDIST_WORKER")
"""This pytest-xdist worker's name (gw0, gw1, ...), or None when the run is not split."""


def _worker_url(url: str | None) -> str | None:
    """The database this worker may empty and fill: `url` itself when the run is not split,
    else a sibling database named after the worker (poexam_gw0, ...), made by `server_url`,
    so two workers never drop each other's tables."""
    if not url or not WORKER:
        return url
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    return parsed.set(database=f"{parsed.database}_{WORKER}").render_as_string(hide_password=False)


SERVER_BASE_URL = os.environ.get(SERVER_ENV)
"""The scratch server database given (PostgreSQL in CI, see .ci/run)."""
SERVER_URL = _worker_url(SERVER_BASE_URL)
"""This worker's scratch server database, the one the store tests also run on."""
if SERVER_URL:
    os.environ[SERVER_ENV] = SERVER_URL  # modules and processes that read it get this worker's
NO_SERVER = (
    "no database server: set PO_EXAM_TEST_DB_URL to a scratch PostgreSQL database "
    "(.ci/run starts one; .ci/postgres start DIR prints its URL)"
)

STARTER = Path(__file__).parents[1] / "po_exam" / "banks" / "starter.yaml"

MOST_WORKERS = 8
"""Few enough that their connections stay well under the CI server's max_connections (60)."""


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """How many workers `-n auto` (pyproject's addopts) starts: two per core, at most eight.

    Much of the suite waits rather than computes (Pilot polls for the app to go idle, tests
    wait for `po-exam` subprocesses), so one worker per core left a core idle: on 2 cores the
    suite took ~240 s with 2 workers, ~155 s with 4. PYTEST_XDIST_AUTO_NUM_WORKERS overrides.
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return min(2 * (cores or 1), MOST_WORKERS)


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


@pytest.fixture(scope="session")
def server_url() -> Iterator[str]:
    """This worker's scratch server database, made (empty) on first use when the run is split
    across workers and dropped at the end; skips the test when no server is given."""
    if not SERVER_URL or not SERVER_BASE_URL:
        pytest.skip(NO_SERVER)
    if SERVER_URL == SERVER_BASE_URL:
        yield SERVER_URL
        return
    import store_helpers

    store_helpers.create_server_database(SERVER_BASE_URL, SERVER_URL)
    try:
        yield SERVER_URL
    finally:
        store_helpers.drop_server_database(SERVER_BASE_URL, SERVER_URL)


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
    url = request.getfixturevalue("server_url")  # skips when there is no server
    store_helpers.empty_server_database(url)
    store_helpers.SERVER["url"] = url
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
