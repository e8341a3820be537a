"""The app with hostile banks, paths and errors: nothing hidden, nothing hangs, no markup (issue 15)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_hostile_text import OSC_BANK
from test_ui_helpers import (
    isolated,  # noqa: F401 - autouse: data dir in tmp_path
    make_app,
    plain,
    settle,
)


async def test_hostile_banks_are_each_named_and_never_hide_the_good_one(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)  # used to hang the bank worker, and with it the app's quit
    deep = tmp_path / "deep.yaml"
    deep.write_text("format: 1\nbank: " + "[" * 50_000 + "\n")
    digits = tmp_path / "digits.yaml"
    digits.write_text("format: " + "9" * 5000 + "\n")
    osc = tmp_path / "osc.yaml"
    osc.write_text(OSC_BANK)
    app, _ = make_app(tmp_path)
    app.bank_paths = (*app.bank_paths, fifo, deep, digits, osc)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "UI test bank" in plain(app.screen.query_one("#banks"))
        notices = plain(app.screen.query_one("#notices"))
        for name in ("pipe.yaml:1:1", "deep.yaml:2:", "digits.yaml:1:9", "osc.yaml:4:10"):
            assert name in notices
        assert "\x1b" not in notices


async def test_a_failing_bank_search_still_ends_the_wait(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import po_exam.banks.discovery as discovery

    def broken(*_args: object, **_kwargs: object) -> object:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(discovery, "discover_banks", broken)
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.bank_results == ()
        assert "Looking for question banks" not in plain(app.screen.query_one("#banks"))


MARKUP = "[@click=app.quit]CLICK[/]"


def shown(widget: object) -> str:
    """What a widget shows, markup and all (the shared `plain` helper prints through Rich,
    which would interpret markup itself)."""
    return str(widget.render()).replace("\n", "")  # type: ignore[attr-defined]


async def test_a_database_path_with_markup_is_shown_as_written(tmp_path: Path) -> None:
    folder = tmp_path / MARKUP.replace("/", "|")  # a folder name cannot hold "/"
    folder.mkdir()
    database = folder / "x[" / "]y.db"  # the issue's --db '/tmp/x[/]y', one folder down
    database.parent.mkdir()
    database.write_bytes(b"not a database" * 50)
    app, _ = make_app(tmp_path)
    app.db_url = str(database)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        from po_exam.ui.screens.store_error import StoreErrorScreen

        assert isinstance(app.screen, StoreErrorScreen)
        message = shown(app.screen.query_one("#message"))
        assert f"{MARKUP.replace('/', '|')}/x[/]y.db" in message
        await pilot.press("escape", "enter")  # the Home notice repeats it in a toast
        await settle(pilot)
        assert app.is_running
        toasts = [n for n in app._notifications if "x[/]y.db" in n.message]
        assert toasts and not any(n.markup for n in toasts)


async def test_a_failing_read_with_markup_in_its_message_is_toasted_verbatim(
    tmp_path: Path,
) -> None:
    from po_exam.store.db import StoreError

    app, _ = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)

        def broken(*args: object, **kwargs: object) -> None:
            raise StoreError(f"The database /tmp/x[/]y failed: {MARKUP}")

        assert app.store is not None
        app.store.list_attempts = broken  # type: ignore[method-assign]
        await pilot.press("h")
        await settle(pilot)
        await pilot.pause()
        assert app.is_running
        [toast] = [n for n in app._notifications if MARKUP in n.message]
        assert toast.message == f"The database /tmp/x[/]y failed: {MARKUP}"
        assert toast.markup is False


async def test_a_bank_path_with_markup_is_named_as_written(tmp_path: Path) -> None:
    folder = tmp_path / MARKUP.replace("/", "|")
    folder.mkdir()
    broken = folder / "b[i]x.yaml"
    broken.write_text("format: 1\n")
    app, _ = make_app(tmp_path)
    app.bank_paths = (*app.bank_paths, broken)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        notices = shown(app.screen.query_one("#notices"))
        assert "[@click=app.quit]CLICK[|]/b[i]x.yaml:1:1" in notices


async def test_a_not_saved_toast_with_markup_in_the_path_is_shown_verbatim(tmp_path: Path) -> None:
    from po_exam.store.db import StoreError
    from po_exam.ui.screens.exam import ExamScreen

    app, _ = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("down", "enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ExamScreen)

        def refuse(*args: object) -> None:
            raise StoreError("The database /tmp/x[/]y failed: database is locked")

        assert app.store is not None
        app.store.save_answer = refuse  # type: ignore[method-assign]
        await pilot.press("a")
        await pilot.pause()
        await pilot.pause()
        assert app.is_running
        [toast] = [n for n in app._notifications if n.title == "Not saved"]
        assert "x[/]y" in toast.message and toast.markup is False


def test_a_crashed_app_exits_non_zero(monkeypatch: pytest.MonkeyPatch) -> None:
    # `po-exam --db '/tmp/x[/]y'` once crashed on a MarkupError and still exited 0.
    from po_exam.ui import app as app_module

    def crash(self: app_module.PoExamApp) -> None:
        self._return_code = 1  # what Textual records after printing a fatal error

    monkeypatch.setattr(app_module.PoExamApp, "run", crash)
    with pytest.raises(SystemExit) as exited:
        app_module.run_app(None, ())
    assert exited.value.code == 1


async def test_history_shows_a_mode_from_the_database_as_written(tmp_path: Path) -> None:
    import sqlite3

    from test_ui_helpers import record_attempt
    from textual.widgets import DataTable
    from textual.widgets._data_table import default_cell_formatter

    app, clock = make_app(tmp_path)
    record_attempt(tmp_path, clock)
    raw = sqlite3.connect(tmp_path / "t.db")
    raw.execute("UPDATE attempt SET mode = ?", (MARKUP,))
    raw.commit()
    raw.close()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        cells = [default_cell_formatter(cell) for cell in table.get_row_at(0)]
        assert MARKUP in [getattr(cell, "plain", None) for cell in cells]
        assert app.is_running


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_the_app_quits_when_its_terminal_goes_away_without_a_hangup(tmp_path: Path) -> None:
    """A terminal closed under the app with no SIGHUP (its own session, as a crashed
    emulator can leave it): the app ends instead of spinning on the closed terminal."""
    import fcntl
    import select
    import struct
    import subprocess
    import sys
    import termios
    import time

    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {**os.environ, "PO_EXAM_DATA_DIR": str(tmp_path), "TERM": "xterm-256color"}
    app = subprocess.Popen(
        [sys.executable, "-m", "po_exam", "--db", str(tmp_path / "t.sqlite3")],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    try:
        seen, deadline = b"", time.monotonic() + 60
        while b"PSPO I simulation" not in seen and time.monotonic() < deadline:
            if select.select([master], [], [], 1)[0]:
                seen += os.read(master, 65536)
        assert b"PSPO I simulation" in seen, seen[-300:]
        os.close(master)  # the terminal goes away; nobody sends a hang-up
        master = -1
        assert app.wait(timeout=60) is not None  # it ends by itself
    finally:
        if master >= 0:
            os.close(master)
        if app.poll() is None:
            app.kill()
            app.wait()
