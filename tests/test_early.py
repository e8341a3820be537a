"""Home's first view read at launch (po_exam/early.py): in a process of its own, so that
its Python never holds the lock the app needs to import Textual and paint."""

from __future__ import annotations

import os
from concurrent.futures import Future
from pathlib import Path

import pytest
from store_helpers import sit

from po_exam import early, quick
from po_exam.banks.discovery import discover_banks

pytestmark = pytest.mark.sqlite_only  # the quick read is of a SQLite file


def _view(future: Future[early.HomeView]) -> early.HomeView:
    return future.result(timeout=60)


@pytest.mark.parametrize("process", [True, False], ids=["in a process", "in a thread"])
def test_the_view_read_at_launch_is_the_quick_read(store, clock, process: bool) -> None:  # type: ignore[no-untyped-def]
    sit(store, clock, 40, mode="pspo1")
    sit(store, clock, 10, mode="pspo1")  # failed: a retry is offered, mistakes are due
    discover_banks()  # the bank cache warm, as every day after the first
    url = f"sqlite:///{store.location}"
    direct = quick.home_view(
        url, now=clock.now(), recent=early.RECENT, mistakes_limit=early.MISTAKES_LIMIT
    )
    read = _view(early.read_home_early(url, clock=clock, process=process))
    assert direct.heads and direct.preview and direct.preview.retry is not None
    assert read == direct  # every bank head, every pending item, every last result


def _in_process(code: str) -> Future[early.HomeView]:
    request = early.Request(None, (), early.datetime(2026, 3, 2), None, True, True)
    future: Future[early.HomeView] = Future()
    early._read_in_process(request, future, code)
    return future


def test_the_read_runs_in_another_process() -> None:
    code = "import os, pickle, sys; sys.stdout.buffer.write(pickle.dumps((True, os.getpid())))"
    pid = _view(_in_process(code))
    assert isinstance(pid, int) and pid != os.getpid()


def test_the_reading_process_sees_the_apps_path(tmp_path: Path) -> None:
    code = "import pickle, sys, po_exam; sys.stdout.buffer.write(pickle.dumps((True, po_exam.__file__)))"
    assert Path(_view(_in_process(code))) == Path(early.__file__).parent / "__init__.py"


def test_an_error_in_the_read_fails_the_future_with_it() -> None:
    code = "import sys; sys.argv[1] = 'not hex'; import po_exam.early as e; e.child_main()"
    error = _in_process(code).exception(timeout=60)
    assert isinstance(error, ValueError)  # from bytes.fromhex, raised in the child


def test_a_process_that_ends_without_a_view_fails_the_future() -> None:
    error = _in_process("import os; os._exit(3)").exception(timeout=60)
    assert isinstance(error, RuntimeError) and "(3) without a view" in str(error)


def test_no_process_to_start_reads_in_a_thread(store, clock, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def no_process(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError("no more processes")

    monkeypatch.setattr(early.subprocess, "Popen", no_process)
    url = f"sqlite:///{store.location}"
    view = _view(early.read_home_early(url, clock=clock))
    assert view.preview is not None and view.preview.recent == []


def test_the_reading_process_ignores_a_po_exam_in_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    impostor = tmp_path / "po_exam"
    impostor.mkdir()
    (impostor / "__init__.py").write_text("raise SystemExit('the wrong po_exam')\n")
    monkeypatch.chdir(tmp_path)
    code = "import pickle, sys, po_exam; sys.stdout.buffer.write(pickle.dumps((True, po_exam.__file__)))"
    assert Path(_view(_in_process(code))) == Path(early.__file__).parent / "__init__.py"


def test_a_frozen_build_reads_in_a_thread(store, clock, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def no_process(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("a frozen build's executable is the app, not Python")

    monkeypatch.setattr(early.subprocess, "Popen", no_process)
    monkeypatch.setattr(early.sys, "frozen", True, raising=False)
    url = f"sqlite:///{store.location}"
    view = _view(early.read_home_early(url, clock=clock))
    assert view.preview is not None and view.preview.recent == []
