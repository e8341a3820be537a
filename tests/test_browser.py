"""po-exam in a real browser: `po-exam serve` driven by Playwright with Debian's Chromium.

Skipped, with the reason, where Chromium or Playwright is missing (`.ci/run` installs both:
Chromium from the Debian packages, Playwright from PyPI; Playwright's own browser download
is never used). All traffic stays on 127.0.0.1.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("PO_EXAM_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
try:
    from playwright.sync_api import Page, sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None  # type: ignore[assignment]

pytestmark = [
    pytest.mark.skipif(
        sync_playwright is None, reason="playwright is not installed (uv sync installs it)"
    ),
    pytest.mark.skipif(
        not Path(CHROMIUM).is_file(),
        reason="Chromium is not installed (Debian: apt-get install chromium; .ci/run does)",
    ),
]
ASKS = re.compile(r"Choose one\.|True or false\?|Choose (?P<count>\d+)\W+0 selected")
"""The first question's instruction: how many options answer it."""
ANSI = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[P\]X^_].*?(?:\x07|\x1b\\)|\x1b.", re.S)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _until(
    check: Callable[[], bool], what: str, seconds: float = 60, page: Page | None = None
) -> None:
    """Poll `check` until it holds; fail naming `what` after `seconds`. With a page, wait
    through Playwright (its events, such as websocket frames, arrive only then)."""
    end = time.monotonic() + seconds
    while not check():
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        if page is None:
            time.sleep(0.1)
        else:
            page.wait_for_timeout(100)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """`po-exam serve` on a free loopback port with a scratch database; (url, database)."""
    port = _free_port()
    database = tmp_path / "served.sqlite3"
    server = subprocess.Popen(
        [sys.executable, "-m", "po_exam", "serve", "--port", str(port), "--db", str(database)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/"

    def up() -> bool:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.status == 200
        except OSError:
            return server.poll() is not None  # stop waiting: the assertion below says why

    try:
        _until(up, "po-exam serve to answer")
        assert server.poll() is None, server.stdout.read() if server.stdout else ""
        yield url, database
    finally:
        server.terminate()
        server.wait(timeout=20)


class Screen:
    """What the app has drawn so far, read off the websocket (the terminal is a canvas)."""

    def __init__(self, page: Page) -> None:
        self.raw: list[str] = []
        page.on("websocket", self._watch)

    def _watch(self, socket_: object) -> None:
        socket_.on("framereceived", self._frame)  # type: ignore[attr-defined]

    def _frame(self, payload: str | bytes) -> None:
        text = payload.decode("utf-8", "ignore") if isinstance(payload, bytes) else payload
        self.raw.append(text)

    def text(self) -> str:
        return ANSI.sub("", "".join(self.raw))

    def shows(self, words: str) -> bool:
        return words in self.text()

    def mark(self) -> None:
        """Forget what was drawn before (so the next check sees only new drawing)."""
        self.raw.clear()


def test_a_custom_exam_in_the_browser_by_keys_lands_in_the_database(served) -> None:
    url, database = served
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            screen = Screen(page)
            page.goto(url)
            assert page.title() == "po-exam"
            # The page loads nothing from the internet (no web fonts), and has a favicon.
            assert "googleapis" not in page.content()
            icon = page.request.get(url + "favicon.svg")
            assert icon.ok and icon.headers["content-type"].startswith("image/svg+xml")
            _until(lambda: screen.shows("PSPO I simulation"), "the home screen", page=page)
            # Keys reach the app without a click: the page took the focus itself.
            _until(
                lambda: page.evaluate("document.body.dataset.keys") == "ready", "focus", page=page
            )
            assert not page.is_visible("#click-to-start")
            _until(lambda: screen.shows("Banks:"), "the banks to load", page=page)
            _until(lambda: screen.shows("No finished attempts yet"), "the history", page=page)
            # The header icon and the palette search icon are glyphs Roboto Mono can draw.
            assert "⭘" not in screen.text() and "•" in screen.text()
            page.keyboard.press("Control+p")
            _until(lambda: screen.shows("Search for commands"), "the command palette", page=page)
            assert "🔎" not in screen.text()
            screen.mark()
            page.keyboard.press("Escape")
            _until(lambda: screen.shows("PSPO I simulation"), "home again", page=page)
            for _ in range(5):
                page.keyboard.press("ArrowDown")
            page.keyboard.press("Enter")
            _until(lambda: screen.shows("Set up: Custom"), "the custom set-up", page=page)
            page.keyboard.press("Control+s")
            _until(lambda: screen.shows("Question 1"), "the first question", page=page)
            assert "⏱" not in screen.text()
            # The draw is random: a multiple-answer first question counts as answered only
            # once as many options as it asks for are chosen (1, 2, ...).
            _until(
                lambda: bool(ASKS.search(screen.text())), "what the first question asks", page=page
            )
            asks = ASKS.search(screen.text())
            for key in range(1, int(asks["count"] or 1) + 1):
                page.keyboard.press(str(key))
            _until(lambda: screen.shows("1 answered"), "the first answer", page=page)
            page.keyboard.press("s")
            _until(lambda: screen.shows("Review before submitting"), "the overview", page=page)
            page.keyboard.press("s")
            _until(lambda: screen.shows("Submit the exam now?"), "the confirmation", page=page)
            screen.mark()
            page.keyboard.press("y")
            _until(lambda: screen.shows("PASSED"), "the result", page=page)
            assert re.search(r"\d+ / 20 right", screen.text())
        except AssertionError as error:  # say what the page last drew (a rare timeout seen in CI)
            raise AssertionError(
                f"{error}; the page last drew: {screen.text()[-2000:]!r}"
            ) from error
        finally:
            browser.close()
    from po_exam.store.db import open_store

    with open_store(str(database), read_only=True) as store:
        attempts = store.list_attempts()
        assert [(a.mode, a.total, a.finished_at is not None) for a in attempts] == [
            ("custom", 20, True)
        ]
        detail = store.attempt_detail(attempts[0].id)
    assert sum(bool(item.selection) for item in detail.items) == 1
