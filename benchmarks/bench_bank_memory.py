"""Peak memory of the first (cold) load of a 50 MB bank, each in a fresh child process.

Run: uv run python benchmarks/bench_bank_memory.py [--questions 100000] [--code PATH]

`--code` points the children at another checkout's `po_exam` (for a before/after
figure, e.g. `git archive <commit> po_exam | tar -x -C /tmp/before`). Target: the
first load, which also writes the bank cache, peaks under 1 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from make_bank import bank_text

CHILD = """
import json, resource, sys, time
import po_exam.banks.loader
from pathlib import Path
mode, path = sys.argv[1], Path(sys.argv[2])
start = time.perf_counter()
if mode == "read":
    data = path.read_bytes()
    ok = bool(data)
else:
    from po_exam.banks.loader import load_bank
    result = load_bank(path, cache=(mode == "first"))
    ok = result.ok
print(json.dumps({
    "seconds": time.perf_counter() - start,
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "ok": ok,
    "code": po_exam.banks.loader.__file__,
}))
"""

LIMIT_MB = 1024


def run_child(mode: str, path: Path, data_dir: str, code: Path | None) -> dict[str, float]:
    env = {**os.environ, "PO_EXAM_DATA_DIR": data_dir}
    if code is not None:
        env["PYTHONPATH"] = str(code)
    out = subprocess.run(
        [sys.executable, "-c", CHILD, mode, str(path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=path.parent,  # not the checkout: `--code` must win over the current folder
        check=True,
    )
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=int, default=100_000)
    parser.add_argument("--code", type=Path, help="folder holding the po_exam package to measure")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "large.yaml"
        path.write_text(bank_text(args.questions), encoding="utf-8")
        size_mb = path.stat().st_size / 1e6
        print(f"{args.questions:,} questions, {size_mb:.1f} MB; peak RSS of a fresh process each")
        rows = [
            ("read the file only", run_child("read", path, folder + "/a", args.code)),
            ("cold load, no cache", run_child("cold", path, folder + "/b", args.code)),
            ("first load (writes the cache)", run_child("first", path, folder + "/c", args.code)),
        ]
        for name, figures in rows:
            assert figures["ok"], name
            print(f"  {name:<32} {figures['peak_mb']:8.0f} MB  {figures['seconds']:7.2f} s")
        print(f"  code: {rows[-1][1]['code']}")
        peak = max(figures["peak_mb"] for _, figures in rows)
        verdict = "PASS" if peak < LIMIT_MB else "FAIL"
        print(f"  target: first load under {LIMIT_MB} MB -> {verdict}")


if __name__ == "__main__":
    main()
