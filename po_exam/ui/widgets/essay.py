"""The essay editor: a multi-line text area that refuses pasted answers."""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import TextArea

PASTE_WORDS = 4
"""Pasting more words than this is refused: the real assessment forbids prepared answers."""


def too_long_to_paste(text: str) -> bool:
    """Whether `text` is more than a few words (and so refused when pasted)."""
    return len(text.split()) > PASTE_WORDS


class EssayArea(TextArea):
    """Where an essay is written; more than a few pasted words are refused with a notice."""

    BINDINGS = [Binding("escape", "done", "Done writing")]

    class PasteRefused(Message):
        """A paste of more than a few words was refused."""

        def __init__(self, words: int) -> None:
            super().__init__()
            self.words = words

    class Done(Message):
        """The learner left the editor (Esc) to move around with the exam keys."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(soft_wrap=True, show_line_numbers=False, tab_behavior="focus", **kwargs)  # type: ignore[arg-type]

    async def _on_paste(self, event: events.Paste) -> None:
        if too_long_to_paste(event.text):
            event.prevent_default()  # TextArea's own handler would insert it
            event.stop()
            self.post_message(self.PasteRefused(len(event.text.split())))
        # Otherwise TextArea's own handler (next in the MRO) inserts the few words.

    def action_paste(self) -> None:
        """Ctrl+V from the app's clipboard: a few words at most, like a terminal paste."""
        if too_long_to_paste(self.app.clipboard):
            self.post_message(self.PasteRefused(len(self.app.clipboard.split())))
            return
        super().action_paste()

    def action_done(self) -> None:
        """Leave the editor; Enter comes back to it."""
        self.post_message(self.Done())
