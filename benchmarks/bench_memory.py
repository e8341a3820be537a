"""Peak memory of the app with a generated 10,000-question bank loaded, next to a bare Textual app.

Run: uv run python benchmarks/bench_memory.py [--questions 10000]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from make_bank import bank_text
from timing import python

HERE = Path(__file__).parent


def peak_kib(*args: str, env: dict[str, str]) -> int:
    out = subprocess.run(
        python(str(HERE / "memory_child.py"), *args),
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    return int(out.stdout.split()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "PO_EXAM_DATA_DIR": folder}
        bank = Path(folder) / "large.yaml"
        bank.write_text(bank_text(args.questions), encoding="utf-8")
        bare = peak_kib("bare", env=env)
        cold = peak_kib("po-exam", str(bank), env=env)
        warm = peak_kib("po-exam", str(bank), env=env)
        print(f"Peak RSS ({args.questions:,}-question bank plus the built-in banks):")
        print(f"  bare Textual app                     {bare / 1024:7.1f} MiB   1.00x")
        print(f"  po-exam, bank parsed (cold cache)    {cold / 1024:7.1f} MiB   {cold / bare:.2f}x")
        print(f"  po-exam, bank from cache (warm)      {warm / 1024:7.1f} MiB   {warm / bare:.2f}x")


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    main()
