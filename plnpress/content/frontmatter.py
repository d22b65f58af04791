"""Edits to a Markdown file's front matter made in its text, so nothing else in the file changes.

Dumping parsed YAML back would lose the writer's comments, quoting and order. These helpers find
the place with PyYAML's node positions (:mod:`plnpress.yamledit`) and change only those lines:
``syndication:`` gets a copy's address (:mod:`plnpress.content.syndication`), ``context:`` what
the pages an entry answers say (``plnpress new reply --refresh``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import yaml

from plnpress import yamledit
from plnpress.atomic import atomic_write

_FENCES = ("---", "...")


class FrontMatterError(ValueError):
    """The file's front matter cannot be edited safely (it is missing or not valid YAML)."""


def edit_file(path: Path, edit: Callable[[str], str]) -> bool:
    """Apply `edit` to the text of the Markdown file at `path` (line endings and byte order
    mark kept as the writer had them); True if the file changed. Raises `FrontMatterError`
    (the file is left untouched then)."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise FrontMatterError("the file is not UTF-8 text") from None
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    windows = "\r\n" in text
    text = text.removeprefix(bom).replace("\r\n", "\n")
    edited = edit(text)
    if edited == text:
        return False
    atomic_write(path, bom + (edited.replace("\n", "\r\n") if windows else edited))
    return True


def front_matter_span(text: str) -> tuple[int, int]:
    """Where the YAML between the ``---`` lines starts and ends (the closing line's start)."""
    if not text.startswith("---\n"):
        raise FrontMatterError("the file does not start with a '---' line")
    start = 4
    position = start
    while position <= len(text):
        newline = text.find("\n", position)
        line_end = len(text) if newline == -1 else newline
        if text[position:line_end].rstrip() in _FENCES:
            return start, position
        if newline == -1:
            break
        position = newline + 1
    raise FrontMatterError("the front matter is not closed by a '---' line")


def front_matter_root(front: str) -> yaml.MappingNode | None:
    """The node tree of the front matter's text (None when it is empty)."""
    try:
        root = yamledit.compose(front)
    except yaml.YAMLError as exc:
        raise FrontMatterError(f"the front matter is not valid YAML ({exc})") from None
    if root is not None and not isinstance(root, yaml.MappingNode):
        raise FrontMatterError("the front matter is not 'key: value' lines")
    return root


def with_block(text: str, key: str, block: str, after: Sequence[str] = ()) -> str:
    """The text of a Markdown file with the front matter's `key` (its whole entry, nested lines
    and all) replaced by `block`, whole ``key: ...`` lines ending in a newline; a file without
    `key` gets `block` after the entry of the last key of `after` it has, else at the end."""
    start, end = front_matter_span(text)
    front = text[start:end]
    root = front_matter_root(front)
    entries = root.value if root is not None and not root.flow_style else []
    found = next((pair for pair in entries if _named(pair[0], key)), None)
    if found is not None:
        first, last = _line_start(front, found[0].start_mark.index), _entry_end(front, found)
        return text[:start] + front[:first] + block + front[last:] + text[end:]
    anchor = next(
        (pair for name in reversed(after) for pair in entries if _named(pair[0], name)), None
    )
    at = _entry_end(front, anchor) if anchor is not None else len(front)
    if at and not front[:at].endswith("\n"):
        block = "\n" + block
    return text[:start] + front[:at] + block + front[at:] + text[end:]


def _named(node: yaml.Node, key: str) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.value == key


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _entry_end(front: str, pair: tuple[yaml.Node, yaml.Node]) -> int:
    """Just after the newline that ends a mapping entry's last line (comment lines after it,
    which belong to what follows, are left where they are)."""
    end = yamledit.line_end(front, _last_scalar(pair[1]).end_mark.index)
    return min(end + 1, len(front))


def _last_scalar(node: yaml.Node) -> yaml.Node:
    """The last node of a value as written: a block collection's end mark lies past any
    comment lines that follow it, its last scalar's does not."""
    while isinstance(node, yaml.SequenceNode | yaml.MappingNode) and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(last, tuple) else last
    return node
