"""Large banks: cold load (parse + validate) and warm load (cache) of a generated 10,000-question bank.

Run: uv run python benchmarks/bench_bank_load.py [--questions 10000] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

import yaml
from make_bank import bank_text
from timing import best_of, report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["PO_EXAM_DATA_DIR"] = folder  # the bank cache goes to a throwaway folder
        from po_exam.banks.loader import load_bank

        path = Path(folder) / "large.yaml"
        path.write_text(bank_text(args.questions), encoding="utf-8")
        print(
            f"{args.questions:,} questions, {path.stat().st_size:,} bytes; best of {args.runs} runs"
        )

        def bare() -> object:
            return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)

        def cold() -> object:
            result = load_bank(path, cache=False)
            assert result.ok, result.first_error
            return result

        def warm() -> object:
            result = load_bank(path)
            assert result.ok and len(result.bank.questions) == args.questions
            return result

        load_bank(path)  # writes the cache entry
        rows = [
            ("yaml.load(CSafeLoader)", best_of(bare, args.runs)),
            ("po-exam cold load (parse + validate)", best_of(cold, args.runs)),
            ("po-exam warm load (cache hit)", best_of(warm, args.runs)),
        ]
        report(rows, "yaml.load(CSafeLoader)")
        times = dict(rows)
        cold_ratio = times["po-exam cold load (parse + validate)"] / times["yaml.load(CSafeLoader)"]
        warm_ratio = (
            times["po-exam warm load (cache hit)"] / times["po-exam cold load (parse + validate)"]
        )
        print(
            f"  cold / bare = {cold_ratio:.2f} (target <= 1.30) -> {'PASS' if cold_ratio <= 1.3 else 'FAIL'}"
        )
        print(
            f"  warm / cold = {warm_ratio:.3f} (target <= 0.10) -> {'PASS' if warm_ratio <= 0.1 else 'FAIL'}"
        )


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()
