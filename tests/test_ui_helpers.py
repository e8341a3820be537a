"""Shared pieces of the UI tests: a small bank on disk, a fixed clock, an app on a tmp database."""

from __future__ import annotations

import contextlib
import io
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Static

from po_exam.exam.clock import FakeClock
from po_exam.ui.app import PoExamApp

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TOPICS = {"value": "Product Value", "backlog": "Product Backlog Management", "team": "Scrum Team"}


def bank_yaml(per_topic: int = 15, bank_id: str = "ui-test") -> str:
    """A valid bank: `per_topic` questions on each of three topics, all question kinds."""
    lines = [
        "format: 1",
        "bank:",
        f"  id: {bank_id}",
        "  title: UI test bank",
        "topics:",
        *(f"  {key}: {{title: {title}}}" for key, title in TOPICS.items()),
        "questions:",
    ]
    for topic in TOPICS:
        for n in range(per_topic):
            qid = f"{topic}-{n:02d}"
            kind = ("single", "multiple", "true_false")[n % 3]
            lines += [
                f"  - id: {qid}",
                f"    topic: {topic}",
                f"    type: {kind}",
                f"    text: What is true about {topic} number {n}?",
                f"    explanation: Because of rule {qid}.",
                f"    reference: Scrum Guide 2020, section {n}",
            ]
            if kind == "true_false":
                lines.append("    answer: true")
            else:
                lines += [
                    "    options:",
                    f"      - {{text: Right answer {qid}, correct: true}}",
                    f"      - {{text: Second {qid}, correct: {'true' if kind == 'multiple' else 'false'}}}",
                    f"      - {{text: Wrong answer {qid}}}",
                    f"      - {{text: Another wrong {qid}}}",
                ]
    return "\n".join(lines) + "\n"


def make_app(tmp_path: Path, *, per_topic: int = 15, seed: int = 7) -> tuple[PoExamApp, FakeClock]:
    """An app on a fresh database in `tmp_path` with the test bank and a clock at T0."""
    bank = tmp_path / "bank.yaml"
    if not bank.exists():
        bank.write_text(bank_yaml(per_topic), encoding="utf-8")
    clock = FakeClock(T0)
    app = PoExamApp(
        db_url=f"sqlite:///{tmp_path}/t.db",
        bank_paths=[bank],
        clock=clock,
        builtin_banks=False,
        seed=seed,
    )
    return app, clock


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Keep user banks and data in `tmp_path` and show times in UTC (import it to use it)."""
    monkeypatch.setenv("PO_EXAM_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


async def settle(pilot: Pilot) -> None:
    """Let workers finish and the screen catch up. A worker may start the next one after a
    refresh (the app's start-up is such a chain: quick read, banks, store, Home's summary),
    so this waits until a whole round starts no new worker (at most 20 rounds)."""
    from textual.worker import WorkerFailed

    app = pilot.app
    for _ in range(20):
        await pilot.pause()
        # The app reports a failed worker itself; tests look at what it shows.
        with contextlib.suppress(WorkerFailed):
            await app.workers.wait_for_complete()
        await pilot.pause()
        if not any(not worker.is_finished for worker in app.workers) and not _starting(app):
            break


def _starting(app: object) -> bool:
    """Whether the app is still between its first paint and an open store (or its error,
    or the learner picker of a shared database)."""
    from po_exam.ui.screens.learner import LearnerScreen

    if not isinstance(app, PoExamApp):
        return False
    if app.bank_results is None:
        return True
    return (
        app.attempts is None and not app.store_error and not isinstance(app.screen, LearnerScreen)
    )


async def start_pspo2(pilot: Pilot) -> None:
    """From a freshly opened app: choose PSPO II style on Home and start it from Setup."""
    await settle(pilot)
    await pilot.press("down", "enter")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


def keys_for(selection: frozenset[int]) -> list[str]:
    """The letter keys that pick `selection`."""
    return ["abcdefgh"[i] for i in sorted(selection)]


def record_attempt(
    tmp_path: Path,
    clock: FakeClock,
    *,
    mode: str = "pspo2",
    right: int = 0,
    seed: int = 3,
    seconds: Callable[[int], float] | None = None,
    certainty: Callable[[int], int | None] | None = None,
    choose: Callable[[int, Any], frozenset[int] | None] | None = None,
) -> int:
    """Store a finished attempt of `mode` with the first `right` questions answered right
    (with `seconds(position)` spent and `certainty(position)` rated, when given)."""
    from po_exam.banks.loader import load_bank
    from po_exam.exam.draw import draw_questions
    from po_exam.exam.modes import plan_exam
    from po_exam.exam.session import Session
    from po_exam.store.db import open_store

    bank = load_bank(tmp_path / "bank.yaml").bank
    assert bank is not None
    settings = plan_exam(mode, [bank], seed=seed, certainty=certainty is not None or None)
    questions = draw_questions([bank], settings)
    started = clock.now()
    deadline = started + timedelta(minutes=settings.minutes) if settings.minutes else None
    with open_store(f"sqlite:///{tmp_path}/t.db", clock=clock) as store:
        attempt_id = store.start_attempt(settings, questions, started_at=started, deadline=deadline)
        session = Session(questions, settings, started_at=started, deadline=deadline, clock=clock)
        for position, question in enumerate(questions):
            wrong = frozenset(
                {next(i for i in range(len(question.options)) if i not in question.correct)}
            )
            selection = question.correct if position < right else wrong
            if choose is not None:
                selection = choose(position, question) or selection
            session.answer(selection, position)
            store.save_answer(attempt_id, position, selection)
            if seconds is not None:
                store.save_seconds(attempt_id, position, seconds(position))
            if certainty is not None:
                store.save_certainty(attempt_id, position, certainty(position))
        if questions:
            session.set_flag(True, 1)
            store.save_flag(attempt_id, 1, True)
        clock.advance(25 * 60)
        store.finish_attempt(attempt_id, session.submit(), clock.now())
    return attempt_id


def plain(widget: Widget) -> str:
    """What `widget` shows, as plain text."""
    console = Console(width=120, record=True, file=io.StringIO())
    shown = widget.content if isinstance(widget, Static) and widget.content else widget.render()
    console.print(shown)
    return console.export_text()
