"""Child process of bench_startup: runs one app headless, prints the wall time of its first paint.

Usage: python benchmarks/paint_child.py bare|po-exam
"""

from __future__ import annotations

import sys
import time


def bare_app():  # type: ignore[no-untyped-def]
    """The reference: a Textual app painting a header, a static and a footer."""
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Static

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("Hello")
            yield Footer()

    return Bare()


def po_exam_app():  # type: ignore[no-untyped-def]
    """The real app as `po-exam` opens it (built-in banks, database in the data folder)."""
    from po_exam.ui.app import PoExamApp

    return PoExamApp()


def main() -> None:
    app = bare_app() if sys.argv[1] == "bare" else po_exam_app()
    painted: list[float] = []
    heavy: list[bool] = []

    def first_paint() -> None:
        if not painted:
            painted.append(time.time())
            heavy.append("sqlalchemy" in sys.modules)
            app.exit()

    app.post_display_hook = first_paint  # type: ignore[method-assign]
    app.run(headless=True, size=(120, 40))
    print(f"{painted[0]} {int(heavy[0])}")


if __name__ == "__main__":
    main()
