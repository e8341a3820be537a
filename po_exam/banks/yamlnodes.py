"""Safe YAML to plain data, remembering where every value came from.

PyYAML's own constructors silently accept duplicate keys, expand alias bombs and
turn `yes` into True, and libyaml's composer recurses (50,000 nested `[` crash
it). Here the C parser only produces its event stream; this module builds the
data from it with an explicit stack, refusing what a bank never needs (aliases,
tags, control characters, deep nesting) and recording each value's position so
later checks can point at `line:column`.
"""

from __future__ import annotations

import gc
import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import yaml

from po_exam.text import describe_char, find_control

try:  # the libyaml parser when present: several times faster on big banks
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader  # type: ignore[assignment]

Path_ = tuple[str | int, ...]

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_INT = "tag:yaml.org,2002:int"
_BOOL = "tag:yaml.org,2002:bool"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_SCALAR_TAGS = {
    _STR,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_MAYBE_CONTROL = re.compile("[\\\\\u0085\u202a-\u202e\u2066-\u2069]")
"""What can put a control character in a scalar: an escape in a double-quoted string (the
reader refuses raw C0, DEL and most of C1), or a raw NEL or bidi control."""
_YAML11_BOOL = re.compile(r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$")


class YamlError(Exception):
    """A YAML problem at a position (0-based line and column, as in PyYAML marks)."""

    def __init__(self, message: str, line: int, column: int) -> None:
        message = " ".join(message.split())  # one line, whatever the parser said
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


class Origin(NamedTuple):
    """Where a value was written (0-based), and the raw text and tag of a scalar."""

    line: int
    column: int
    raw: str | None = None
    tag: str | None = None


@dataclass(slots=True)
class Document:
    """The plain data of a YAML document and the origin of every value and key in it."""

    data: Any
    values: dict[Path_, Origin] = field(default_factory=dict)
    keys: dict[Path_, Origin] = field(default_factory=dict)
    yaml11_words: bool = False
    """Whether a yes/no/on/off word was read (reported only from a fully located parse)."""

    def locate(self, path: Path_) -> Origin:
        """The origin of the value at `path`, or of its nearest written ancestor."""
        for end in range(len(path), -1, -1):
            found = self.values.get(path[:end])
            if found is not None:
                return found
        return Origin(0, 0)

    def locate_key(self, path: Path_) -> Origin:
        """The origin of the mapping key that names `path` (falls back to the value)."""
        return self.keys.get(path) or self.locate(path)


QUICK_DEPTH = 2
"""How deep a quick parse records origins: enough for the bank's id."""


def parse_document(text: str, *, located: bool = True) -> Document:
    """Parse `text` with the safe C parser and build plain data with origins.

    With `located=False` only the top levels' origins are kept: a quick parse for banks
    that turn out clean, which are most of them; any problem is located by a full parse.
    """
    document = Document(data=None)
    builder = _Builder(document, None if located else QUICK_DEPTH)
    builder.controls = _MAYBE_CONTROL.search(text) is not None
    collecting = gc.isenabled()
    gc.disable()  # building ~10^5 small objects: the cyclic collector would only slow it down
    try:
        for event in yaml.parse(text, Loader=SafeLoader):
            builder.feed(event)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        line, column = (mark.line, mark.column) if mark else (0, 0)
        raise YamlError(f"YAML syntax error: {problem}", line, column) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position)
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1)
        character = (
            exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        )
        raise YamlError(
            f"character U+{character:04X} is not allowed in YAML", line, column
        ) from None
    except yaml.YAMLError as exc:
        raise YamlError("YAML error: " + " ".join(str(exc).split()), 0, 0) from None
    finally:
        if collecting:
            gc.enable()
    if not builder.started:
        raise YamlError("the file is empty: a bank needs format, bank, topics and questions", 0, 0)
    return document


MAX_DEPTH = 32
"""How deeply collections may nest; a bank needs six levels. Checked as the parser's
events arrive, so a hostile file never reaches a recursive composer or builder."""


class _Frame:
    """A collection being filled: its container, its path, and a mapping's pending key."""

    __slots__ = ("container", "is_map", "key", "key_path", "path")

    def __init__(self, container: Any, path: Path_, is_map: bool) -> None:
        self.container = container
        self.path = path
        self.is_map = is_map
        self.key: str | None = None
        self.key_path: Path_ = ()


class _Builder:
    """Turns the parser's event stream into plain Python data, recording origins.

    Iterative (an explicit stack, no recursion and no node graph): memory stays close
    to the data itself, and depth is bounded by `MAX_DEPTH`.
    """

    def __init__(self, document: Document, depth: int | None) -> None:
        self.document = document
        self.values = document.values
        self.keys = document.keys
        self.depth = depth
        self.stack: list[_Frame] = []
        self.started = False
        self.second_document = False
        self.controls = True
        """Whether scalars may hold control characters and must be checked one by one."""
        self.resolver = yaml.SafeLoader("")
        self.constructors = yaml.SafeLoader.yaml_constructors

    def feed(self, event: yaml.Event) -> None:
        kind = type(event)
        if kind is yaml.ScalarEvent:
            self._scalar(event)  # type: ignore[arg-type]
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            self._start(event, kind is yaml.MappingStartEvent)  # type: ignore[arg-type]
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            self.stack.pop()
        elif kind is yaml.AliasEvent:
            raise _alias_error(event.start_mark)
        elif kind is yaml.DocumentStartEvent and self.started:
            self.second_document = True

    def _next(self, mark: Any) -> tuple[_Frame | None, Path_]:
        """The collection the next value goes into, and the value's path."""
        if self.second_document:
            raise YamlError("only one YAML document per bank file", mark.line, mark.column)
        if not self.stack:
            self.started = True
            return None, ()
        top = self.stack[-1]
        if top.is_map:
            return top, top.key_path
        return top, (*top.path, len(top.container))

    def _put(self, top: _Frame | None, value: Any) -> None:
        if top is None:
            self.document.data = value
        elif top.is_map:
            top.container[top.key] = value
            top.key = None
        else:
            top.container.append(value)

    def _start(self, event: yaml.CollectionStartEvent, is_map: bool) -> None:
        mark = event.start_mark
        if event.anchor is not None:
            raise _alias_error(mark)
        top = self.stack[-1] if self.stack else None
        if top is not None and top.is_map and top.key is None:
            raise YamlError("a mapping key must be plain text", mark.line, mark.column)
        tag = event.tag
        if tag is not None and tag != "!" and tag != (_MAP if is_map else _SEQ):
            raise _tag_error(tag, mark)
        if len(self.stack) >= MAX_DEPTH:
            raise YamlError(
                f"nested more than {MAX_DEPTH} levels deep; a bank needs six",
                mark.line,
                mark.column,
            )
        top, path = self._next(mark)
        if self.depth is None or len(path) <= self.depth:
            self.values[path] = Origin(mark.line, mark.column)
        container: Any = {} if is_map else []
        self._put(top, container)
        self.stack.append(_Frame(container, path, is_map))

    def _scalar(self, event: yaml.ScalarEvent) -> None:
        mark = event.start_mark
        if event.anchor is not None:
            raise _alias_error(mark)
        value = event.value
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.resolver.resolve(yaml.ScalarNode, value, event.implicit)
        stack = self.stack
        if stack and stack[-1].is_map and stack[-1].key is None:
            self._key(stack[-1], value, tag, mark)
            return
        if self.controls:
            _refuse_control(value, mark, "text")
        top, path = self._next(mark)
        if self.depth is None or len(path) <= self.depth:
            self.values[path] = Origin(mark.line, mark.column, value, tag)
        if tag in (_STR, _TIMESTAMP):  # dates stay text: no field of a bank is a date
            self._put(top, value)
            return
        if tag == _BOOL and _YAML11_BOOL.match(value):
            self.document.yaml11_words = True
            self._put(top, _Yaml11Bool(value))
            return
        if tag not in _SCALAR_TAGS:
            raise _tag_error(tag, mark)
        try:
            if tag == _INT and value.isdigit():
                built = int(value)
            else:
                node = yaml.ScalarNode(tag, value, mark, event.end_mark, event.style)
                built = self.constructors[tag](self.resolver, node)
        except ValueError:  # an integer too long to convert (Python's digit limit)
            raise YamlError(
                f"a number {len(value)} characters long is not allowed; quote it if it is text",
                mark.line,
                mark.column,
            ) from None
        self._put(top, built)

    def _key(self, top: _Frame, key: str, tag: str, mark: Any) -> None:
        if self.second_document:
            raise YamlError("only one YAML document per bank file", mark.line, mark.column)
        if self.controls:
            _refuse_control(key, mark, "a key")
        if tag != _STR and key == "<<":
            raise YamlError("merge keys (<<) are not allowed in a bank", mark.line, mark.column)
        key_path = (*top.path, key)
        if key in top.container:
            first = self.keys.get(key_path)
            where = f" (first given at line {first.line + 1})" if first else ""
            raise YamlError(f"duplicate key '{key}'{where}", mark.line, mark.column)
        if self.depth is None or len(key_path) <= self.depth:
            self.keys[key_path] = Origin(mark.line, mark.column, key)
        top.key = key
        top.key_path = key_path


def _refuse_control(value: str, mark: Any, what: str) -> None:
    """Refuse a control character (ESC, BEL, NUL, a bidi override...) in a scalar.

    Such a character could drive the terminal that shows the bank (set the clipboard,
    wipe the screen) or reorder the text around it; no bank needs one.
    """
    index = find_control(value)
    if index >= 0:
        raise YamlError(
            f"control character {describe_char(value[index])} in {what} is not allowed "
            "(it could take over the terminal); remove it",
            mark.line,
            mark.column,
        )


def _alias_error(mark: Any) -> YamlError:
    return YamlError(
        "anchors and aliases (&name / *name) are not allowed in a bank", mark.line, mark.column
    )


def _tag_error(tag: str, mark: Any) -> YamlError:
    shown = tag.replace("tag:yaml.org,2002:", "!!")
    return YamlError(
        f"tag {shown} is not allowed: banks are plain safe YAML", mark.line, mark.column
    )


def is_yaml11_word(origin: Origin) -> bool:
    """Whether a scalar was a yes/no/on/off word, a boolean only to YAML 1.1 loaders."""
    return origin.tag == _BOOL and origin.raw is not None and bool(_YAML11_BOOL.match(origin.raw))


class _Yaml11Bool(str):
    """A YAML 1.1 yes/no/on/off word: text here, so a boolean field can explain the quirk."""

    __slots__ = ()
