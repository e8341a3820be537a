"""In a browser (textual-serve's driver) the glyphs Roboto Mono lacks are swapped."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.command import SearchIcon
from textual.widgets import Header
from textual.widgets._header import HeaderIcon

from po_exam.ui import glyphs
from po_exam.ui.widgets.countdown import Countdown


@pytest.fixture
def restore_icons():
    owners = (Header, HeaderIcon, SearchIcon)
    saved = {owner: (owner.__dict__["icon"], owner.__dict__.get("_reactives")) for owner in owners}
    yield
    for owner, (descriptor, reactives) in saved.items():
        owner.icon = descriptor  # type: ignore[assignment]
        if reactives is None:
            del owner._reactives
        else:
            owner._reactives = reactives


def test_the_terminal_keeps_its_glyphs(monkeypatch) -> None:
    monkeypatch.delenv("TEXTUAL_DRIVER", raising=False)
    assert not glyphs.in_browser() and glyphs.clock_prefix() == "⏱ "


def test_the_browser_gets_glyphs_roboto_mono_has(monkeypatch, restore_icons) -> None:
    monkeypatch.setenv("TEXTUAL_DRIVER", glyphs.WEB_DRIVER)
    assert glyphs.in_browser() and glyphs.clock_prefix() == ""
    glyphs.use_browser_glyphs()
    assert Header().icon == "•" and HeaderIcon().icon == "•" and SearchIcon().icon == ">"
    countdown = Countdown()
    countdown.watch_remaining(None, timedelta(minutes=42, seconds=5))
    assert "⏱" not in str(countdown.render()) and "42:05 left" in str(countdown.render())
