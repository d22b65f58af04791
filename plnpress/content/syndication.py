"""Writing a copy's address into an entry's ``syndication:`` front matter, in place.

When Bridgy Publish answers with the address of the copy it made, ``plnpress webmention send``
adds it to the entry's file, where the next build shows it as an "Also on" link, exactly as if the
writer had typed it. Only the ``syndication:`` value changes: the rest of the file, comments and
quoting included, stays byte for byte as it was.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from plnpress import yamledit
from plnpress.atomic import atomic_write

_FENCES = ("---", "...")


class FrontMatterError(ValueError):
    """The file's front matter cannot be edited safely (it is missing or not valid YAML)."""


def add_syndication(path: Path, url: str) -> bool:
    """Add `url` to the ``syndication:`` of the Markdown file at `path`.

    Returns False if it was already listed. Raises `FrontMatterError` if the front matter cannot
    be read; the file is left untouched then.
    """
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise FrontMatterError("the file is not UTF-8 text") from None
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    windows = "\r\n" in text  # keep the writer's line endings and byte order mark
    text = text.removeprefix(bom).replace("\r\n", "\n")
    edited = with_syndication(text, url)
    if edited == text:
        return False
    atomic_write(path, bom + (edited.replace("\n", "\r\n") if windows else edited))
    return True


def with_syndication(text: str, url: str) -> str:
    """The text of a Markdown file with `url` added to its ``syndication:`` list."""
    start, end = _front_matter_span(text)
    front = text[start:end]
    try:
        root = yamledit.compose(front)
    except yaml.YAMLError as exc:
        raise FrontMatterError(f"the front matter is not valid YAML ({exc})") from None
    if root is not None and not isinstance(root, yaml.MappingNode):
        raise FrontMatterError("the front matter is not 'key: value' lines")
    found = yamledit.mapping_get(root, "syndication") if root is not None else None
    if found is None:
        entry = f"syndication:\n  - {yamledit.scalar(url)}\n"
        return text[:end] + entry + text[end:]
    edit = _added(front, found[1], url)
    if edit is None:
        return text
    return text[:start] + yamledit.apply(front, [edit]) + text[end:]


def _added(front: str, value: yaml.Node, url: str) -> yamledit.Edit | None:
    if yamledit.is_empty(value):
        return yamledit.set_empty_value(front, value, url)
    if isinstance(value, yaml.SequenceNode):
        if any(isinstance(item, yaml.ScalarNode) and item.value == url for item in value.value):
            return None
        return yamledit.append_item(front, value, url)
    if isinstance(value, yaml.ScalarNode):
        if value.value == url:
            return None
        both = ", ".join(yamledit.scalar(v, flow=True) for v in (value.value, url))
        return yamledit.Edit(value.start_mark.index, value.end_mark.index, f"[{both}]")
    raise FrontMatterError("syndication: is neither a list nor an address")


def _front_matter_span(text: str) -> tuple[int, int]:
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
