"""Shared pieces of the UI tests: a small bank on disk, a fixed clock, an app on a tmp database."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.pilot import Pilot

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
def _private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PO_EXAM_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("TZ", "UTC")


async def settle(pilot: Pilot) -> None:
    """Let workers finish and the screen catch up."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def keys_for(selection: frozenset[int]) -> list[str]:
    """The letter keys that pick `selection`."""
    return ["abcdefgh"[i] for i in sorted(selection)]
