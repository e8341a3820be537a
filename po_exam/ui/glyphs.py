"""Glyphs a browser can draw: served by textual-serve, the page only has Roboto Mono.

The page cannot reach web fonts (a class offline), and the font textual-serve ships has
no ⭘ (the header icon), ⏱ (the exam clock) or 🔎 (the command palette): a browser shows
empty boxes for them. In the browser these become glyphs Roboto Mono has.
"""

from __future__ import annotations

import os

WEB_DRIVER = "textual.drivers.web_driver:WebDriver"


def in_browser() -> bool:
    """Whether the app runs under textual-serve (it sets this driver)."""
    return os.environ.get("TEXTUAL_DRIVER") == WEB_DRIVER


def clock_prefix() -> str:
    """What comes before the time left: a stopwatch in a terminal, nothing in a browser."""
    return "" if in_browser() else "⏱ "


def use_browser_glyphs() -> None:
    """Swap Textual's header icon and palette search icon for ones Roboto Mono can draw."""
    from textual.command import SearchIcon
    from textual.reactive import Reactive, var
    from textual.widgets._header import Header, HeaderIcon

    for owner, descriptor in (
        (Header, Reactive("•")),
        (HeaderIcon, Reactive("•")),
        (SearchIcon, var(">")),
    ):
        descriptor.__set_name__(owner, "icon")
        owner.icon = descriptor  # type: ignore[assignment]
        # Textual sets each widget's reactive defaults from this map when it is mounted.
        owner._reactives = {**owner._reactives, "icon": descriptor}
