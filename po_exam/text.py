"""Text from files, paths and databases made safe for a terminal.

A bank, a folder name or a database row is untrusted: an ESC or OSC sequence in it
could set the clipboard, wipe the screen or retitle the window, and a bidi override
could reorder what the learner reads. Banks refuse such characters outright
(`find_control`); everything echoed to a terminal goes through `printable`, which
shows them as visible escapes instead. Pure: no Textual, no Rich.
"""

from __future__ import annotations

import re

# C0 except tab and newline, DEL, C1 (includes NEL U+0085), and the bidi embeddings,
# overrides and isolates that reorder the text around them.
_CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
CONTROL = re.compile(f"[{_CONTROL}]")
"""A character never allowed in bank text, and shown escaped by `printable`."""

_NAMES = {
    0x00: "NUL",
    0x07: "BEL",
    0x08: "BS",
    0x0B: "VT",
    0x0C: "FF",
    0x0D: "CR",
    0x1B: "ESC",
    0x7F: "DEL",
    0x85: "NEL",
    0x9B: "CSI",
    0x9D: "OSC",
    0x202A: "LEFT-TO-RIGHT EMBEDDING",
    0x202B: "RIGHT-TO-LEFT EMBEDDING",
    0x202C: "POP DIRECTIONAL FORMATTING",
    0x202D: "LEFT-TO-RIGHT OVERRIDE",
    0x202E: "RIGHT-TO-LEFT OVERRIDE",
    0x2066: "LEFT-TO-RIGHT ISOLATE",
    0x2067: "RIGHT-TO-LEFT ISOLATE",
    0x2068: "FIRST STRONG ISOLATE",
    0x2069: "POP DIRECTIONAL ISOLATE",
}


def find_control(text: str) -> int:
    """The index of the first control character in `text`, or -1 when there is none."""
    match = CONTROL.search(text)
    return -1 if match is None else match.start()


def describe_char(char: str) -> str:
    """`U+001B (ESC)`: a control character named for a message."""
    code = ord(char)
    name = _NAMES.get(code)
    return f"U+{code:04X}" + (f" ({name})" if name else "")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: object) -> str:
    """`text` with every control character shown as a visible escape (`\\x1b`, `\\u202e`).

    Tabs and newlines stay; anything else a terminal would act on becomes plain text.
    """
    shown = str(text)
    return CONTROL.sub(_escape, shown) if CONTROL.search(shown) else shown
