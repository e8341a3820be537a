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
