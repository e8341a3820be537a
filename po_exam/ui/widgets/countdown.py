"""The exam clock: time left, turning to warning colours (and saying so) near the end."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from po_exam.ui.formatting import clock_text
from po_exam.ui.glyphs import clock_prefix

WARNINGS = (1, 10)
"""Minutes left at which the learner is warned, smallest first."""


class Countdown(Static):
    """Shows the time left; posts `Warned` when crossing 10 and 1 minutes, `Expired` at zero."""

    remaining: reactive[timedelta | None] = reactive(None, always_update=True)

    @dataclass
    class Warned(Message):
        """The time left has just dropped to `minutes` minutes or less."""

        minutes: int

    class Expired(Message):
        """The time is up."""

    def watch_remaining(self, old: timedelta | None, new: timedelta | None) -> None:
        if new is None:
            self.update("untimed")
            self.set_classes("")
            return
        self.set_class(new <= timedelta(minutes=10), "-warning")
        self.set_class(new <= timedelta(minutes=1), "-danger")
        self.update(f"{clock_prefix()}{clock_text(new)} left")
        if new <= timedelta(0):
            if old is None or old > timedelta(0):
                self.post_message(self.Expired())
            return
        for minutes in WARNINGS:
            limit = timedelta(minutes=minutes)
            if new <= limit and (old is None or old > limit):
                self.post_message(self.Warned(minutes))
                break
