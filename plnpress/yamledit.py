"""Small edits to YAML written by people, made in the text so that nothing else changes.

Dumping a parsed file back would lose the writer's comments, blank lines, quoting and order, so
plnpress never rewrites ``content/blogroll.yaml`` or front matter that way. Instead it finds the
place to change with PyYAML's node positions and inserts or replaces just those characters.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

import yaml

_Loader: type[yaml.SafeLoader]
try:
    _Loader = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

NULL_TAG = "tag:yaml.org,2002:null"


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` with `new` (``start == end`` inserts)."""

    start: int
    end: int
    new: str


def compose(text: str) -> yaml.Node | None:
    """The node tree of `text`, with the position of every node (raises ``yaml.YAMLError``)."""
    return yaml.compose(text, Loader=_Loader)


def apply(text: str, edits: Iterable[Edit]) -> str:
    """`text` with every edit made; edits must not overlap."""
    result = text
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        result = result[: edit.start] + edit.new + result[edit.end :]
    return result


def scalar(value: str, *, flow: bool = False) -> str:
    """`value` as a YAML scalar: plain when that reads back as the same text, else in double
    quotes (JSON's escaping is valid YAML). In a flow collection (``[...]``, ``{...}``) commas
    and brackets need quotes too."""
    if not (flow and any(ch in value for ch in ",[]{}")):
        try:
            loaded = yaml.load(f"k: {value}", Loader=_Loader)
        except yaml.YAMLError:
            loaded = None
        if loaded == {"k": value} and "\n" not in value:
            return value
    return json.dumps(value, ensure_ascii=False)


def mapping_get(node: yaml.MappingNode, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    """The key node and value node of `key` in `node`, or None."""
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            return key_node, value_node
    return None


def is_empty(node: yaml.Node) -> bool:
    """True for ``key:`` with nothing after it, ``null``, ``~`` or an empty string."""
    return isinstance(node, yaml.ScalarNode) and (node.tag == NULL_TAG or node.value == "")


def set_empty_value(text: str, value_node: yaml.Node, value: str) -> Edit:
    """Fill an empty value (see `is_empty`) with `value`."""
    start, end = value_node.start_mark.index, value_node.end_mark.index
    space = "" if start > 0 and text[start - 1] == " " else " "
    if start == end:
        return Edit(start, end, space + scalar(value))
    return Edit(start, end, scalar(value))


def add_key_after(
    text: str, mapping: yaml.MappingNode, after: tuple[yaml.Node, yaml.Node], key: str, value: str
) -> Edit:
    """Add ``key: value`` to `mapping` just after the entry `after` (its key and value nodes).

    In a block mapping the new key goes on a line of its own after that entry's line (after any
    comment on it), at the same indentation; in a flow mapping (``{a: 1}``) after the entry.
    """
    after_key, after_value = after
    if mapping.flow_style:
        end = after_value.end_mark.index
        return Edit(end, end, f", {key}: {scalar(value, flow=True)}")
    end = line_end(text, after_value.end_mark.index)
    indent = " " * after_key.start_mark.column
    return Edit(end, end, f"\n{indent}{key}: {scalar(value)}")


def append_item(text: str, sequence: yaml.SequenceNode, value: str) -> Edit:
    """Add `value` as the last item of `sequence`, in its own style."""
    if sequence.flow_style:
        close = sequence.end_mark.index - 1  # the position of "]"
        separator = ", " if sequence.value else ""
        return Edit(close, close, separator + scalar(value, flow=True))
    last = sequence.value[-1]
    dash = sequence.start_mark.column
    gap = max(1, last.start_mark.column - dash - 1)
    end = line_end(text, last.end_mark.index)
    return Edit(end, end, "\n" + " " * dash + "-" + " " * gap + scalar(value))


def line_end(text: str, index: int) -> int:
    """The index of the end of the line `index` is on (its newline, or the end of the text)."""
    if index > 0 and text[index - 1] == "\n":
        index -= 1  # a block value's end mark is often at the start of the next line
    found = text.find("\n", index)
    return len(text) if found == -1 else found
