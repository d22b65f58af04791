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
from plnpress.content.frontmatter import (
    FrontMatterError,
    edit_file,
    front_matter_root,
    front_matter_span,
)

__all__ = ["FrontMatterError", "add_syndication", "with_syndication"]


def add_syndication(path: Path, url: str) -> bool:
    """Add `url` to the ``syndication:`` of the Markdown file at `path`.

    Returns False if it was already listed. Raises `FrontMatterError` if the front matter cannot
    be read; the file is left untouched then.
    """
    return edit_file(path, lambda text: with_syndication(text, url))


def with_syndication(text: str, url: str) -> str:
    """The text of a Markdown file with `url` added to its ``syndication:`` list."""
    start, end = front_matter_span(text)
    front = text[start:end]
    root = front_matter_root(front)
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
