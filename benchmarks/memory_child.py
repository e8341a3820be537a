"""Child of bench_memory: run one app headless until it is ready, then print its peak RSS in KiB.

Usage: python benchmarks/memory_child.py bare | po-exam BANK.yaml
"""

from __future__ import annotations

import resource
import sys

from paint_child import bare_app


async def wait_for_banks(pilot) -> None:  # type: ignore[no-untyped-def]
    """Let the po-exam app's workers finish loading banks and opening the store."""
    app = pilot.app
    while app.bank_results is None or app.store is None:
        await pilot.pause(0.05)
    assert any(len(b.questions) >= 10_000 for b in app.banks), "large bank not loaded"
    app.exit()


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    pilot.app.exit()


def main() -> None:
    if sys.argv[1] == "bare":
        bare_app().run(headless=True, size=(120, 40), auto_pilot=settle)
    else:
        from pathlib import Path

        from po_exam.ui.app import PoExamApp

        PoExamApp(bank_paths=[Path(sys.argv[2])]).run(
            headless=True, size=(120, 40), auto_pilot=wait_for_banks
        )
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


if __name__ == "__main__":
    main()
