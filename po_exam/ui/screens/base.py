"""What every screen of the app shares: failed workers are told, never a traceback."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen
from textual.worker import Worker

if TYPE_CHECKING:
    from po_exam.ui.app import PoExamApp


class AppScreen(Screen[None]):
    """A full screen of po-exam; a read or write that fails in a worker becomes a notice."""

    app: PoExamApp  # type: ignore[assignment]

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.app.report_failed_worker(event)
