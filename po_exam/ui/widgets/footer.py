"""Textual's footer, rebuilt only when the keys it shows change.

Textual's `Footer` recomposes itself (one styled widget per key) on every
`refresh_bindings()`, once per call even when several arrive before the next frame,
and even when nothing it shows has changed. Home and the exam refresh their bindings
whenever what they hold changes (a summary read, an answer saved), so on a 2-core
machine those rebuilds were a good part of the time to the first paint and to Home
being usable (benchmarks/bench_usable.py). This one folds the calls made before the
next refresh into one, and that one recomposes only when the keys on show (each
binding, whether it is enabled, its tooltip) differ from those on screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Footer as TextualFooter

if TYPE_CHECKING:
    from textual.binding import Binding
    from textual.screen import Screen

Shown = tuple[tuple["Binding", bool, str], ...]


class Footer(TextualFooter):
    """The key bindings of the screen, recomposed once per change of what they show."""

    def __init__(self, *, show_command_palette: bool = True) -> None:
        super().__init__(show_command_palette=show_command_palette)
        self._shown: Shown | None = None
        """The keys on screen (None: none composed yet)."""
        self._queued = False
        """Whether a check for changed keys is waiting for the next refresh."""

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._queued:
            self._queued = True
            self.call_after_refresh(self._show_keys)

    async def _show_keys(self) -> None:
        self._queued = False
        if not self.is_attached:  # its screen went away meanwhile
            return
        shown = self.keys_on_show()
        if shown != self._shown:
            self._shown = shown
            await self.recompose()

    def keys_on_show(self) -> Shown:
        """Every active binding of the screen with whether it is enabled and its tooltip."""
        return tuple(
            (binding, enabled, tooltip)
            for _node, binding, enabled, tooltip in self.screen.active_bindings.values()
        )
