"""A whole 80-question PSPO I simulation taken through Pilot, against the same key presses in a bare app.

The bare app is a Textual app with a RadioSet of four options; it gets exactly as many key
presses as the simulation needs (answer and next for each question, then review, submit, confirm).
Only the key presses are timed, from the first answer to the results on screen.

Run: uv run python benchmarks/bench_simulation.py [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import RadioButton, RadioSet

QUESTIONS = 80


class Bare(App[None]):
    """The reference: one RadioSet that every key press moves through."""

    def compose(self) -> ComposeResult:
        with RadioSet():
            for label in ("A", "B", "C", "D"):
                yield RadioButton(label)


async def bare_presses(presses: int) -> float:
    async with Bare().run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        start = time.perf_counter()
        for n in range(presses // 2):
            await pilot.press("down" if n % 2 else "up", "enter")
        await pilot.pause()
        return time.perf_counter() - start


async def simulation(folder: Path, seed: int) -> tuple[float, int]:
    """Seconds of key presses for a whole PSPO I simulation, and how many presses it took."""
    from po_exam.ui.app import PoExamApp
    from po_exam.ui.screens.exam import ExamScreen
    from po_exam.ui.screens.results import ResultsScreen

    app = PoExamApp(db_url=f"sqlite:///{folder}/bench-{seed}.db", seed=seed)
    async with app.run_test(size=(80, 24)) as pilot:
        while not app.banks or app.store is None:
            await pilot.pause(0.05)
        await pilot.press("enter")  # PSPO I simulation
        await pilot.pause()
        await pilot.press("ctrl+s")  # start
        while not isinstance(app.screen, ExamScreen):
            await pilot.pause(0.02)
        presses = 0
        start = time.perf_counter()
        for _ in range(QUESTIONS):
            await pilot.press("a", "n")
            presses += 2
        await pilot.press("s", "s", "y")  # review before submitting, submit, confirm
        presses += 3
        while not isinstance(app.screen, ResultsScreen):
            await pilot.pause(0.01)
        elapsed = time.perf_counter() - start
        assert app.screen.attempt_id is not None
        return elapsed, presses


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["PO_EXAM_DATA_DIR"] = folder
        ours, bare = [], []
        for run in range(args.runs):
            seconds, presses = await simulation(Path(folder), seed=run)
            ours.append(seconds)
            bare.append(await bare_presses(presses))
        mine, base = statistics.median(ours), statistics.median(bare)
        print(f"{presses} key presses, median of {args.runs} runs:")
        print(f"  bare app with a RadioSet      {base * 1000:8.0f} ms   1.00x")
        print(f"  po-exam PSPO I simulation     {mine * 1000:8.0f} ms   {mine / base:.2f}x")
        print(f"  target: at most 1.5x -> {'PASS' if mine <= 1.5 * base else 'FAIL'}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    asyncio.run(main())
