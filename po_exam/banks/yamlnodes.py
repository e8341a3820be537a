"""Safe YAML to plain data, remembering where every value came from.

PyYAML's own constructors silently accept duplicate keys, expand alias bombs and
turn `yes` into True. Here the C parser only composes the node graph; this module
builds the data itself, refusing what a bank never needs and recording each
node's position so later checks can point at `line:column`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

try:  # the libyaml parser when present: several times faster on big banks
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader  # type: ignore[assignment]

Path_ = tuple[str | int, ...]

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_SCALAR_TAGS = {
    _STR,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_YAML11_BOOL = re.compile(r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$")
_MAX_NODES = 200_000


class YamlError(Exception):
    """A YAML problem at a position (0-based line and column, as in PyYAML marks)."""

    def __init__(self, message: str, line: int, column: int) -> None:
        message = " ".join(message.split())  # one line, whatever the parser said
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a value was written, and the raw text of a scalar."""

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


def parse_document(text: str) -> Document:
    """Compose `text` with the safe C parser and build plain data with origins."""
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
    builder = _Builder(document)
    document.data = builder.build(nodes[0], ())
    return document


class _Builder:
    """Turns a composed node graph into plain Python data, recording origins."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.seen: set[int] = set()
        self.constructor = yaml.SafeLoader("")

    def build(self, node: yaml.Node, path: Path_) -> Any:
        if id(node) in self.seen or len(self.seen) > _MAX_NODES:
            mark = node.start_mark
            raise YamlError(
                "anchors and aliases (&name / *name) are not allowed in a bank",
                mark.line,
                mark.column,
            )
        self.seen.add(id(node))
        mark = node.start_mark
        if isinstance(node, yaml.MappingNode):
            self._check_tag(node, _MAP)
            self.document.values[path] = Origin(mark.line, mark.column)
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            self._check_tag(node, _SEQ)
            self.document.values[path] = Origin(mark.line, mark.column)
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        return self._scalar(node, path)

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_mark = key_node.start_mark
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _MAP:
                raise YamlError("a mapping key must be plain text", key_mark.line, key_mark.column)
            if key_node.value == "<<" and key_node.tag != _STR:
                raise YamlError(
                    "merge keys (<<) are not allowed in a bank", key_mark.line, key_mark.column
                )
            key = str(key_node.value)
            if key in result:
                first = self.document.keys[(*path, key)]
                raise YamlError(
                    f"duplicate key '{key}' (first given at line {first.line + 1})",
                    key_mark.line,
                    key_mark.column,
                )
            self.seen.add(id(key_node))
            self.document.keys[(*path, key)] = Origin(key_mark.line, key_mark.column, key)
            result[key] = self.build(value_node, (*path, key))
        return result

    def _scalar(self, node: yaml.ScalarNode, path: Path_) -> Any:
        mark = node.start_mark
        self._check_tag(node, None)
        self.document.values[path] = Origin(mark.line, mark.column, node.value, node.tag)
        if node.tag == _STR:
            return node.value
        if node.tag == "tag:yaml.org,2002:timestamp":
            return node.value  # dates stay text; no field of a bank is a date
        if node.tag == "tag:yaml.org,2002:bool" and _YAML11_BOOL.match(node.value):
            return _Yaml11Bool(node.value)
        return self.constructor.construct_object(node, deep=True)

    @staticmethod
    def _check_tag(node: yaml.Node, expected: str | None) -> None:
        allowed = _SCALAR_TAGS if expected is None else {expected}
        if node.tag not in allowed:
            mark = node.start_mark
            shown = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise YamlError(
                f"tag {shown} is not allowed: banks are plain safe YAML", mark.line, mark.column
            )


class _Yaml11Bool(str):
    """A YAML 1.1 yes/no/on/off word: text here, so a boolean field can explain the quirk."""

    __slots__ = ()
