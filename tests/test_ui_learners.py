"""Learners in the app: a shared database asks who you are; the trainer's class report."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_helpers import sit
from test_ui_helpers import make_app, settle
from textual.widgets import DataTable, Input, OptionList

from po_exam.exam.clock import FakeClock
from po_exam.store.db import open_store
from po_exam.store.store import Store
from po_exam.ui.screens.classroom import ClassReportScreen
from po_exam.ui.screens.learner import LearnerScreen


@pytest.fixture
def shared(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every SQLite file act as a shared (server) database: no default learner."""
    monkeypatch.setattr(Store, "shared", property(lambda self: True))


async def test_a_shared_database_asks_who_you_are_and_makes_a_new_learner(
    tmp_path: Path, shared: None
) -> None:
    app, clock = make_app(tmp_path)
    with open_store(f"sqlite:///{tmp_path}/t.db", clock=clock, learner="ann") as store:
        sit(store, FakeClock(clock.now()), right=70, mode="pspo1")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, LearnerScreen) and app.attempts is None
        options = picker.query_one(OptionList)
        shown = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert shown == ["ann", "default", "+ New learner… (n)"]  # a SQLite file has a default
        await pilot.press("n")
        assert picker.query_one(Input).has_focus
        await pilot.press(*"zoe", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, LearnerScreen)
        assert app.store is not None and app.store.learner.name == "zoe"
        assert app.store.list_attempts() == []  # none of ann's
        assert app.sub_title.endswith("· zoe")


async def test_picking_an_existing_learner_shows_their_history(
    tmp_path: Path, shared: None
) -> None:
    app, clock = make_app(tmp_path)
    with open_store(f"sqlite:///{tmp_path}/t.db", clock=clock, learner="ann") as store:
        mine = sit(store, FakeClock(clock.now()), right=70, mode="pspo1")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # ann, the first
        await settle(pilot)
        assert app.store.learner.name == "ann"
        assert [a.id for a in app.store.list_attempts()] == [mine]


async def test_escape_on_the_picker_quits(tmp_path: Path, shared: None) -> None:
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LearnerScreen)
        assert app.screen.query_one(OptionList).has_focus
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_code == 0


async def test_the_class_report_screen_lists_every_learner(tmp_path: Path) -> None:
    app, clock = make_app(tmp_path)
    url = f"sqlite:///{tmp_path}/t.db"
    for name, right in (("ann", 70), ("bob", 20)):
        with open_store(url, clock=clock, learner=name) as store:
            sit(store, FakeClock(clock.now()), right=right, mode="pspo1")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+t")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ClassReportScreen)
        learners = screen.query_one("#learners", DataTable)
        rows = [[str(cell) for cell in learners.get_row_at(i)] for i in range(learners.row_count)]
        assert [row[:4] for row in rows] == [
            ["ann", "1", f"{70 * 100 / 80:.0f}%", f"{70 * 100 / 80:.0f}%"],
            ["bob", "1", "25%", "25%"],
            ["default", "0", "-", "-"],
        ]
        assert rows[1][5].startswith("until ")
        assert screen.query_one("#areas", DataTable).row_count > 0
        await pilot.press("escape")
        assert not isinstance(app.screen, ClassReportScreen)
