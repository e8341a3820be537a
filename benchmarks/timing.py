"""Small timing helpers shared by the benchmarks (run by hand, never by pytest)."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence


def best_of(function: Callable[[], object], runs: int = 5) -> float:
    """The fastest of `runs` calls, in seconds: the figure least disturbed by other load."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def median_of(function: Callable[[], float], runs: int) -> float:
    """The median of `runs` measurements that `function` returns itself."""
    return statistics.median(function() for _ in range(runs))


def process_seconds(args: Sequence[str], env: dict[str, str] | None = None) -> float:
    """Wall time of a whole child process, from spawn to exit."""
    start = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def python(*args: str) -> list[str]:
    """A command line that runs this interpreter (the project's venv under `uv run`)."""
    return [sys.executable, *args]


def report(rows: Sequence[tuple[str, float]], baseline: str) -> None:
    """Print each figure and its ratio to the baseline row."""
    base = dict(rows)[baseline]
    width = max(len(name) for name, _ in rows)
    for name, seconds in rows:
        print(f"  {name:<{width}}  {seconds * 1000:10.3f} ms   {seconds / base:5.2f}x")
