"""Start-up: time to the home screen's first paint, and `po-exam --help`, against bare baselines.

Run: uv run python benchmarks/bench_startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import median_of, process_seconds, python, report

HERE = Path(__file__).parent


def time_to_paint(variant: str, env: dict[str, str]) -> float:
    """Seconds from spawning the child to its first paint (the child reports the paint time)."""
    start = time.time()
    out = subprocess.run(
        python(str(HERE / "paint_child.py"), variant),
        check=True,
        capture_output=True,
        text=True,
        env=env,
    ).stdout.split()
    if variant == "po-exam" and out[1] != "0":
        print("  WARNING: SQLAlchemy was imported before the first paint")
    return float(out[0]) - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "PO_EXAM_DATA_DIR": data}
        subprocess.run(
            python(str(HERE / "paint_child.py"), "po-exam"),
            check=True,
            capture_output=True,
            env=env,
        )
        print(f"First paint, median of {args.runs} runs (data folder and bank cache warm):")
        bare = median_of(lambda: time_to_paint("bare", env), args.runs)
        ours = median_of(lambda: time_to_paint("po-exam", env), args.runs)
        report(
            [("bare Textual app (Header, Static, Footer)", bare), ("po-exam home screen", ours)],
            "bare Textual app (Header, Static, Footer)",
        )
        print(f"  target: at most 1.25x -> {'PASS' if ours <= 1.25 * bare else 'FAIL'}")

        print(f"\n`--help` and `bank validate`, median of {args.runs} runs:")
        builtin = str(HERE.parent / "question_banks")
        rows = [
            (
                "python -c pass",
                median_of(lambda: process_seconds(python("-c", "pass"), env), args.runs),
            ),
            (
                "python -c 'import click'",
                median_of(lambda: process_seconds(python("-c", "import click"), env), args.runs),
            ),
            (
                "po-exam --help",
                median_of(
                    lambda: process_seconds(python("-m", "po_exam", "--help"), env), args.runs
                ),
            ),
            (
                "po-exam bank validate <built-in>",
                median_of(
                    lambda: process_seconds(
                        python("-m", "po_exam", "bank", "validate", builtin), env
                    ),
                    args.runs,
                ),
            ),
        ]
        report(rows, "python -c 'import click'")
        click_cost = dict(rows)["python -c 'import click'"]
        helps = dict(rows)["po-exam --help"]
        print(
            f"  target: --help at most 1.5x python + click -> {'PASS' if helps <= 1.5 * click_cost else 'FAIL'}"
        )
        code = (
            "import sys; from po_exam.cli import main\n"
            f"for a in (['--help'], ['bank', 'validate', {builtin!r}]):\n"
            "    try: main(a)\n"
            "    except SystemExit: pass\n"
            "print('textual imported' if 'textual' in sys.modules else 'textual not imported')"
        )
        out = subprocess.run(
            python("-c", code), capture_output=True, text=True, env=env
        ).stdout.splitlines()[-1]
        print(f"  --help and bank validate: {out}")


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    main()
