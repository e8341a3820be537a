"""Safe YAML to plain data, remembering where every value came from.

PyYAML's own constructors silently accept duplicate keys, expand alias bombs and
turn `yes` into True. Here the C parser only composes the node graph; this module
builds the data itself, refusing what a bank never needs and recording each
node's position so later checks can point at `line:column`.
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
    """Compose `text` with the safe C parser and build plain data with origins.

    With `located=False` only the top levels' origins are kept: a quick parse for banks
    that turn out clean, which are most of them; any problem is located by a full parse.
    """
    try:
        nodes = list(yaml.compose_all(text, Loader=SafeLoader))
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
    if not nodes or nodes[0] is None:
        raise YamlError("the file is empty: a bank needs format, bank, topics and questions", 0, 0)
    if len(nodes) > 1:
        second = nodes[1].start_mark
        raise YamlError("only one YAML document per bank file", second.line, second.column)
    document = Document(data=None)
    builder = _Builder(document, None if located else QUICK_DEPTH)
    builder.controls = _MAYBE_CONTROL.search(text) is not None
    collecting = gc.isenabled()
    gc.disable()  # building ~10^5 small objects: the cyclic collector would only slow it down
    try:
        document.data = builder.build(nodes[0], ())
    finally:
        if collecting:
            gc.enable()
    return document


class _Builder:
    """Turns a composed node graph into plain Python data, recording origins."""

    def __init__(self, document: Document, depth: int | None) -> None:
        self.document = document
        self.values = document.values
        self.keys = document.keys
        self.depth = depth
        self.seen: set[int] = set()
        self.controls = True
        """Whether scalars may hold control characters and must be checked one by one."""
        self.constructor = yaml.SafeLoader("")

    def build(self, node: yaml.Node, path: Path_) -> Any:
        node_id = id(node)
        if node_id in self.seen:
            mark = node.start_mark
            raise YamlError(
                "anchors and aliases (&name / *name) are not allowed in a bank",
                mark.line,
                mark.column,
            )
        self.seen.add(node_id)
        mark = node.start_mark
        kind = node.id
        located = self.depth is None or len(path) <= self.depth
        if kind == "scalar":
            tag = node.tag
            value = node.value
            if self.controls:
                _refuse_control(value, mark, "text")
            if located:
                self.values[path] = Origin(mark.line, mark.column, value, tag)
            if tag in (_STR, _TIMESTAMP):  # dates stay text: no field of a bank is a date
                return value
            if tag == _BOOL and _YAML11_BOOL.match(value):
                self.document.yaml11_words = True
                return _Yaml11Bool(value)
            if tag not in _SCALAR_TAGS:
                raise _tag_error(node)
            if tag == _INT and value.isdigit():
                return int(value)
            return self.constructor.construct_object(node, deep=True)
        if located:
            self.values[path] = Origin(mark.line, mark.column)
        if kind == "sequence":
            if node.tag != _SEQ:
                raise _tag_error(node)
            build = self.build
            return [build(item, (*path, i)) for i, item in enumerate(node.value)]
        if node.tag != _MAP:
            raise _tag_error(node)
        return self._mapping(node, path)

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        result: dict[str, Any] = {}
        keys = self.keys
        for key_node, value_node in node.value:
            key_mark = key_node.start_mark
            if key_node.id != "scalar":
                raise YamlError("a mapping key must be plain text", key_mark.line, key_mark.column)
            key = key_node.value
            if self.controls:
                _refuse_control(key, key_mark, "a key")
            if key_node.tag != _STR:
                if key == "<<":
                    raise YamlError(
                        "merge keys (<<) are not allowed in a bank", key_mark.line, key_mark.column
                    )
                key = str(key)
            key_path = (*path, key)
            if key in result:
                first = keys.get(key_path)
                where = f" (first given at line {first.line + 1})" if first else ""
                raise YamlError(f"duplicate key '{key}'{where}", key_mark.line, key_mark.column)
            if self.depth is None or len(key_path) <= self.depth:
                keys[key_path] = Origin(key_mark.line, key_mark.column, key)
            result[key] = self.build(value_node, key_path)
        return result


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


def _tag_error(node: yaml.Node) -> YamlError:
    mark = node.start_mark
    shown = node.tag.replace("tag:yaml.org,2002:", "!!")
    return YamlError(
        f"tag {shown} is not allowed: banks are plain safe YAML", mark.line, mark.column
    )


def is_yaml11_word(origin: Origin) -> bool:
    """Whether a scalar was a yes/no/on/off word, a boolean only to YAML 1.1 loaders."""
    return origin.tag == _BOOL and origin.raw is not None and bool(_YAML11_BOOL.match(origin.raw))


class _Yaml11Bool(str):
    """A YAML 1.1 yes/no/on/off word: text here, so a boolean field can explain the quirk."""

    __slots__ = ()
