"""The app around the screens: first paint, broken banks and databases, size, help, palette."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
from test_ui_helpers import (
    isolated,  # noqa: F401 - autouse: data dir in tmp_path
    make_app,
    plain,
    settle,
)
from textual.command import CommandPalette

from po_exam.ui.screens.help import HelpScreen
from po_exam.ui.screens.home import HomeScreen
from po_exam.ui.screens.store_error import StoreErrorScreen
from po_exam.ui.screens.too_small import TooSmallScreen


def test_the_app_and_the_cli_import_neither_sqlalchemy_nor_the_bank_parser_nor_pydantic() -> None:
    code = (
        "import sys, po_exam.cli, po_exam.ui.app\n"
        "heavy = [m for m in ('sqlalchemy', 'sqlmodel', 'yaml', 'pydantic') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_cli_imports_textual_only_to_open_the_app() -> None:
    code = "import sys, po_exam.cli\nprint('textual' in sys.modules)\n"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_opening_the_app_loads_no_subcommand_and_help_lists_them_all() -> None:
    code = (
        "import sys, po_exam.cli\n"
        "print(sorted(m for m in sys.modules if m.startswith('po_exam.cli_')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    from click.testing import CliRunner

    from po_exam.cli import SUBCOMMANDS, main

    shown = CliRunner().invoke(main, ["--help"]).output
    listed = shown.split("Commands:")[1].split()
    assert {"bank", "class", "disputes", "export", "history", "serve"} == set(SUBCOMMANDS)
    assert all(name in listed for name in SUBCOMMANDS)
    bank_help = CliRunner().invoke(main, ["bank", "--help"]).output
    assert "import" in bank_help and "items" in bank_help  # wired in when bank loads
    assert "rescore" in CliRunner().invoke(main, ["history", "--help"]).output


def test_help_lists_the_commands_as_click_would_without_loading_them() -> None:
    import click

    from po_exam.cli import SHORT_HELP, SUBCOMMANDS

    assert set(SHORT_HELP) == set(SUBCOMMANDS)
    for name, load in SUBCOMMANDS.items():
        command = load()
        for limit in (20, 45, 58, 80, 500):
            shown = click.Command(name, help=SHORT_HELP[name]).get_short_help_str(limit)
            assert shown == command.get_short_help_str(limit), (name, limit)
    code = (
        "import sys\n"
        "from po_exam.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('po_exam.cli_')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines()[-1] == "[]"
    assert "bank      Write and check question banks." in out.stdout


async def test_home_paints_before_the_banks_are_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import po_exam.banks.discovery as discovery

    release = threading.Event()
    real = discovery.discover_banks

    def slow_discovery(*args: object, **kwargs: object) -> object:
        release.wait(10)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(discovery, "discover_banks", slow_discovery)
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "Looking for question banks" in plain(app.screen.query_one("#banks"))
        release.set()
        await settle(pilot)
        assert "UI test bank (45 questions)" in plain(app.screen.query_one("#banks"))


async def test_a_broken_bank_is_named_with_its_first_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: 1\nbank:\n  id: Bad Id\n  title: x\ntopics: {}\nquestions: []\n")
    app, _ = make_app(tmp_path)
    app.bank_paths = (*app.bank_paths, broken)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        notices = plain(app.screen.query_one("#notices"))
        assert "Bank left out" in notices and "broken.yaml:3:" in notices
        assert "UI test bank" in plain(app.screen.query_one("#banks"))


async def test_a_corrupt_database_is_explained_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "t.db").write_bytes(b"this is not a database" * 100)
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, StoreErrorScreen)
        assert "t.db" in plain(app.screen.query_one("#message"))
        await pilot.press("escape", "enter")  # look around; starting an exam is refused
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert (tmp_path / "t.db").read_bytes().startswith(b"this is not")


async def test_a_small_terminal_is_told_its_size_and_the_size_needed(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(70, 20)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TooSmallScreen)
        message = plain(app.screen.query_one("#message"))
        assert "70x20" in message and "80x24" in message
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_help_lists_the_keys_and_the_palette_opens(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(plain(table) for table in app.screen.query(".keys"))
        for words in (
            "Take the free retry",
            "Flag the question",
            "at a glance",
            "1-8 a-h",
            "Ctrl+P",
            "answered wrong",
            "go on to the next question",
        ):
            assert words in text
        await pilot.press("escape", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"theme", "enter")
        await pilot.pause(0.3)
        await pilot.press(*"textual-light", "enter")
        await pilot.pause(0.3)
        assert app.theme == "textual-light"


async def test_a_failing_read_is_told_and_the_app_carries_on(tmp_path: Path) -> None:
    from po_exam.store.db import StoreError

    app, _ = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)

        def broken(*args: object, **kwargs: object) -> None:
            raise StoreError("The database t.db failed: disk I/O error")

        assert app.store is not None
        app.store.list_attempts = broken  # type: ignore[method-assign]
        await pilot.press("h")
        await settle(pilot)
        assert any("disk I/O error" in n.message for n in app._notifications)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_an_answer_the_database_refuses_is_reported(tmp_path: Path) -> None:
    from po_exam.store.db import StoreError
    from po_exam.ui.screens.exam import ExamScreen

    app, _ = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("down", "enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ExamScreen)

        def refuse(*args: object) -> None:
            raise StoreError("The database t.db failed: database is locked")

        assert app.store is not None
        app.store.save_answer = refuse  # type: ignore[method-assign]
        await pilot.press("a")
        await settle(pilot)  # the answer is written in a worker
        assert any(n.title == "Not saved" and "locked" in n.message for n in app._notifications)


async def test_the_chosen_theme_is_kept_for_the_next_run(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.theme = "textual-light"
        await pilot.pause()
    again, _ = make_app(tmp_path)
    assert again.theme == "textual-light"
    (tmp_path / "settings.json").write_text("{not json")
    assert make_app(tmp_path)[0].theme != "textual-light"  # an unreadable file is ignored
