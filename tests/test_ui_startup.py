"""Start-up order: Home's first frame from the read started at launch, the banks before the
store, a setup opened and started while the store is still opening, and a footer rebuilt
only when its keys change."""

from __future__ import annotations

import sqlite3
import threading
from concurrent.futures import Future
from pathlib import Path

import pytest
from test_ui_helpers import (
    isolated,  # noqa: F401 - autouse: data dir in tmp_path
    make_app,
    plain,
    settle,
)

from po_exam.quick import BankHead, HomeView
from po_exam.ui.screens.exam import ExamScreen
from po_exam.ui.screens.home import HomeScreen
from po_exam.ui.screens.setup import SetupScreen
from po_exam.ui.widgets.footer import Footer


def _held_store(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Make opening the store wait until the returned event is set."""
    import po_exam.store.db as db

    release = threading.Event()
    real = db.open_store

    def slow_open(*args: object, **kwargs: object) -> object:
        assert release.wait(10)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(db, "open_store", slow_open)
    return release


async def test_home_shows_the_early_view_in_its_first_frame(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path)
    head = BankHead(tmp_path / "x.yaml", "x", "Read at launch", 12, None)
    early: Future[HomeView] = Future()
    early.set_result(HomeView((head,), None))
    app._early = early
    shown: list[str] = []
    app._load_everything = lambda: shown.append(plain(app.screen.query_one("#banks")))  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        # Already on the screen when the app's first refresh starts the full load.
        assert shown and "Read at launch (12 questions)" in shown[0]


async def test_a_failed_early_read_falls_back_on_the_full_load(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path)
    early: Future[HomeView] = Future()
    early.set_exception(OSError("cache unreadable"))
    app._early = early
    notices: list[str] = []
    app.notify = lambda message, **_: notices.append(str(message))  # type: ignore[method-assign, assignment]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "UI test bank (45 questions)" in plain(app.screen.query_one("#banks"))
        assert app.attempts is not None
    assert notices == []  # the quick read is only a head start: its failure is not news


async def test_the_banks_load_before_the_store_opens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = _held_store(monkeypatch)
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(50):
            await pilot.pause(0.05)
            if app.bank_results is not None:
                break
        assert app.bank_results is not None and app.attempts is None
        release.set()
        await settle(pilot)
        assert app.attempts is not None


async def _written_once(tmp_path: Path) -> None:
    """A first run of the app, which writes the database and warms the bank cache."""
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)


async def _start_before_the_store(pilot) -> None:  # type: ignore[no-untyped-def]
    """Set up PSPO II style (the test bank is too small for I) and press Start, while the
    store is held."""
    await _home_before_the_store(pilot)
    await pilot.press("down", "enter")
    await pilot.pause()
    await pilot.press("ctrl+s")
    await pilot.pause()


async def _until(pilot, ready, what: str) -> None:  # type: ignore[no-untyped-def]
    """Wait (at most 5 s, in 50 ms steps) until `ready()`; fail saying `what` never came."""
    for _ in range(100):
        await pilot.pause(0.05)
        if ready():
            return
    raise AssertionError(f"{what} never came")


async def _home_before_the_store(pilot) -> None:  # type: ignore[no-untyped-def]
    """Wait until Home has its banks and quick view while the store is held."""
    app = pilot.app

    def ready() -> bool:
        home = app.screen
        return app.bank_results is not None and isinstance(home, HomeScreen) and home.summary

    await _until(pilot, ready, "Home's quick view")


async def test_an_exam_starts_before_the_store_is_open_and_its_answers_follow(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _written_once(tmp_path)
    release = _held_store(monkeypatch)
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _home_before_the_store(pilot)
        await pilot.press("down", "enter")  # PSPO II style (the test bank is too small for I)
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        await pilot.press("ctrl+s")
        await _until(pilot, lambda: isinstance(app.screen, ExamScreen), "the exam")
        exam = app.screen
        assert isinstance(exam, ExamScreen) and app.attempts is None  # started, store not open
        await pilot.press("a")
        await pilot.pause(0.2)
        assert exam.live.unsaved() == [0]  # shown pending: the store is not open to write it
        release.set()
        await settle(pilot)
        assert app.attempts is not None and exam.live.unsaved() == []
        attempt_id = exam.live.id
    with sqlite3.connect(tmp_path / "t.db") as connection:
        mode, learner = connection.execute(
            "SELECT mode, learner_id FROM attempt WHERE id = ?", (attempt_id,)
        ).fetchone()
        asked = connection.execute(
            "SELECT count(*) FROM asked_question WHERE attempt_id = ?", (attempt_id,)
        ).fetchone()[0]
        answered = connection.execute(
            "SELECT selection FROM answer WHERE attempt_id = ? AND position = 0", (attempt_id,)
        ).fetchone()[0]
    assert (mode, learner) == ("pspo2", 1) and asked == len(exam.live.session.questions)
    assert answered == "[0]"


async def test_start_waits_for_the_store_when_it_cannot_start_early(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _written_once(tmp_path)
    release = _held_store(monkeypatch)
    app, _ = make_app(tmp_path)
    app.early_attempts = lambda: None  # type: ignore[method-assign] - as on a shared database
    async with app.run_test(size=(80, 24)) as pilot:
        await _start_before_the_store(pilot)
        assert "Opening your history" in plain(app.screen.query_one("#problem"))
        assert isinstance(app.screen, SetupScreen)
        release.set()
        await settle(pilot)
        assert isinstance(app.screen, ExamScreen)


async def test_start_says_why_when_the_store_then_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import po_exam.store.db as db

    await _written_once(tmp_path)
    release = threading.Event()

    def failing_open(*args: object, **kwargs: object) -> object:
        assert release.wait(10)
        raise db.StoreError("Cannot use the database t.db: disk I/O error")

    monkeypatch.setattr(db, "open_store", failing_open)
    app, _ = make_app(tmp_path)
    app.early_attempts = lambda: None  # type: ignore[method-assign] - as on a shared database
    async with app.run_test(size=(80, 24)) as pilot:
        await _start_before_the_store(pilot)
        release.set()
        await settle(pilot)
        app.pop_screen()  # the store error screen over the setup
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        assert "disk I/O error" in plain(app.screen.query_one("#problem"))


async def test_the_footer_is_rebuilt_only_when_its_keys_change(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(Footer)
        composed: list[int] = []
        real = footer.compose

        def counting():  # type: ignore[no-untyped-def]
            composed.append(1)
            return real()

        footer.compose = counting  # type: ignore[method-assign]
        for _ in range(5):
            app.screen.refresh_bindings()
        await settle(pilot)
        assert composed == []  # nothing it shows changed
        home = app.screen
        assert isinstance(home, HomeScreen)
        shown = [binding.key for binding, _e, _t in footer.keys_on_show()]
        assert "c" not in shown  # no unfinished exam: Continue is hidden
        real_check = home.check_action
        home.check_action = lambda action, parameters: (  # type: ignore[method-assign]
            True if action == "resume" else real_check(action, parameters)
        )
        for _ in range(3):
            home.refresh_bindings()
        await settle(pilot)
        assert composed == [1]  # three refreshes, one change: one rebuild
        assert "Continue exam" in [key.description for key in footer.query("FooterKey")]


def test_a_stand_in_is_settled_by_the_store_worker_even_when_the_app_is_gone(
    tmp_path: Path,
) -> None:
    """An answer waiting for the store must never keep the process from exiting: the worker
    that opens the store settles the stand-in itself, before telling the (maybe closed) app."""
    from po_exam.store.models import HomeSummary

    app, _ = make_app(tmp_path)
    app.home_preview = HomeSummary(None, None, [], 0)
    service = app.early_attempts()
    assert service is not None
    stand_in = app._on_the_way[0]  # type: ignore[index]
    failures: list[BaseException] = []

    def open_in_a_worker() -> None:
        try:
            app._open_store()  # the app is not running: telling it fails
        except Exception as error:
            failures.append(error)

    worker = threading.Thread(target=open_in_a_worker)
    worker.start()
    worker.join(30)
    assert failures  # call_from_thread refused: no app to tell
    assert stand_in._settled.wait(5)  # without the worker settling it, this would wait on
    assert stand_in.recent_results(5) == []  # yet the stand-in forwards to the open store
    assert app.early_attempts() is None  # and no new stand-in is handed out once it opened
    stand_in._open().close()


@pytest.mark.parametrize("theme", [None, "textual-light"])
async def test_homes_first_frame_is_styled_as_a_full_restyle_would(
    tmp_path: Path, theme: str | None
) -> None:
    """Home's first showing skips Textual's restyle of every widget (they were styled as
    they mounted): what it paints must be what restyling would give, saved theme or not."""
    if theme is not None:
        (tmp_path / "settings.json").write_text(f'{{"theme": "{theme}"}}')
    app, _ = make_app(tmp_path)

    def looks() -> dict[str, str]:
        return {
            f"{index}:{node!r}": f"{node.rich_style} {node.styles.border}"
            for index, node in enumerate(app.screen.walk_children(with_self=True))
        }

    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)  # nothing restyles the first widgets meanwhile but focus
        first = looks()
        assert app.screen.focused is app.screen.query_one("#modes")
        app.screen.update_node_styles(animate=False)
        await pilot.pause()
        assert looks() == first and len(first) > 20
        if theme is not None:
            assert app.theme == theme and app.screen.rich_style.bgcolor is not None
            light = app.screen.rich_style.bgcolor.triplet
            assert light is not None and min(light) > 200  # a light background, painted


async def test_a_long_home_scrolls_as_one_page_under_a_fixed_header_and_footer(
    tmp_path: Path,
) -> None:
    from textual.widgets import Footer as TextualFooter
    from textual.widgets import Header

    app, _ = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        home = app.screen
        home.query_one("#recent").update("\n".join(f"result line {n}" for n in range(40)))
        await pilot.pause()
        assert home.max_scroll_y > 0  # the page is taller than the terminal
        home.scroll_end(animate=False)
        await pilot.pause()
        assert home.scroll_offset.y == home.max_scroll_y
        assert home.query_one(Header).region.y == 0
        assert home.query_one(TextualFooter).region.y == 23
        last = home.query_one("#recent").region
        assert last.bottom - home.scroll_offset.y <= 23  # its last line is in view


def _banks_after(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Make the banks load only once the returned event is set."""
    from po_exam.ui.app import PoExamApp

    go = threading.Event()
    real = PoExamApp._find_banks

    def waiting(self: PoExamApp) -> None:
        assert go.wait(10)
        real(self)

    monkeypatch.setattr(PoExamApp, "_find_banks", waiting)
    return go


def _store_openings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The screen on top each time the store starts opening."""
    from po_exam.ui.app import PoExamApp

    seen: list[str] = []
    real = PoExamApp._open_store

    def recording(self: PoExamApp) -> None:
        seen.append(type(self.screen).__name__)
        real(self)

    monkeypatch.setattr(PoExamApp, "_open_store", recording)
    return seen


async def _watched_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """A second run's app (database written, bank cache warm) whose banks load once the
    returned event is set, and the screens on top each time its store starts opening."""
    await _written_once(tmp_path)
    go, seen = _banks_after(monkeypatch), _store_openings(monkeypatch)
    return make_app(tmp_path)[0], go, seen


async def _setup_before_the_banks(pilot, go: threading.Event) -> None:  # type: ignore[no-untyped-def]
    """Enter on PSPO II style the moment Home shows, then let the banks load."""
    await pilot.pause()
    await pilot.press("down", "enter")
    go.set()
    await _setup_shown(pilot)


async def _setup_shown(pilot) -> None:  # type: ignore[no-untyped-def]
    """Wait until the setup is on top and mounted (its `on_mount` has run)."""
    await _until(
        pilot,
        lambda: isinstance(pilot.app.screen, SetupScreen) and pilot.app.screen.is_mounted,
        "the setup",
    )


async def test_the_store_waits_while_an_exam_is_set_up_and_opens_once_it_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, go, seen = await _watched_app(tmp_path, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await _setup_before_the_banks(pilot, go)
        await pilot.pause(0.3)
        assert seen == [] and app.attempts is None  # held while the learner sets up
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ExamScreen)
        assert seen == ["ExamScreen"] and app.attempts is not None


async def test_leaving_the_setup_or_a_start_that_needs_the_store_opens_it_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, go, seen = await _watched_app(tmp_path, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await _setup_before_the_banks(pilot, go)
        assert not app._store_may_open.is_set()
        await pilot.press("escape")
        await pilot.pause()
        assert app._store_may_open.is_set()  # back on Home: nothing to make room for
        await settle(pilot)
        assert seen == ["HomeScreen"]

    app, go, seen = await _watched_app(tmp_path, monkeypatch)
    app.early_attempts = lambda: None  # type: ignore[method-assign] - as on a shared database
    async with app.run_test(size=(80, 24)) as pilot:
        await _setup_before_the_banks(pilot, go)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app._store_may_open.is_set()  # the exam waits for the store: open it
        await settle(pilot)
        assert isinstance(app.screen, ExamScreen) and seen == ["SetupScreen"]


async def test_a_setup_left_open_holds_the_store_no_longer_than_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import po_exam.ui.app as app_module

    monkeypatch.setattr(app_module, "STORE_HOLD_S", 0.2)
    app, go, seen = await _watched_app(tmp_path, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await _setup_before_the_banks(pilot, go)
        await settle(pilot)
        assert isinstance(app.screen, SetupScreen) and seen == ["SetupScreen"]
        assert app.attempts is not None


async def test_a_review_setup_lets_the_store_open_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review my mistakes draws what the store says is due: its setup never holds it."""
    app, go, seen = await _watched_app(tmp_path, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("down", "down", "down", "down", "enter")  # Review my mistakes
        assert not app._store_may_open.is_set()  # held while the banks load
        go.set()
        await _setup_shown(pilot)
        assert app.screen.mode.key == "review"  # type: ignore[attr-defined]
        assert app._store_may_open.is_set()
        await settle(pilot)
        assert seen == ["SetupScreen"] and app.attempts is not None
