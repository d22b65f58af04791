"""Changing some front matter keys of an entry file, leaving every other line as it was.

An update from an app (a new category, a photo taken away, a tombstone) changes a few keys. The
file is the writer's: their comments, order and quoting of the other keys stay, and the body stays
unless the content changed. Each top-level key spans the lines from its own to the end of its
value (a trailing comment included); a changed key's lines are replaced by one ``key: value``
line, a removed key's lines dropped, a new key added before the closing ``---``.
"""

from __future__ import annotations

from collections.abc import Mapping

import yaml

from plnpress.micropub.errors import MicropubError
from plnpress.scaffold.entry_file import FrontValue, yaml_value
from plnpress.yamledit import compose

GENERATED = "made from the first words (the post had no name): change it freely"
"""The comment after a title plnpress made up."""


def split(text: str) -> tuple[list[str], str]:
    """The front matter's lines (without the fences) and the body after them."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        raise MicropubError("the entry file has no front matter", status=500, error="server_error")
    closing = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if closing is None:
        raise MicropubError(
            "the entry file's front matter is not closed", status=500, error="server_error"
        )
    return lines[1:closing], "\n".join(lines[closing + 1 :])


def key_lines(front: list[str]) -> dict[str, tuple[int, int]]:
    """Each top-level key's lines in `front`: ``[start, end)``."""
    try:
        node = compose("\n".join(front))
    except yaml.YAMLError:
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    spans = {}
    for key, value in node.value:
        end = value.end_mark.line + (1 if value.end_mark.column > 0 else 0)
        spans[str(key.value)] = (key.start_mark.line, max(end, key.start_mark.line + 1))
    return spans


def is_generated_title(text: str) -> bool:
    """True if the file's title is one plnpress made up (its comment says so)."""
    front, _ = split(text)
    span = key_lines(front).get("title")
    return span is not None and any(GENERATED in line for line in front[span[0] : span[1]])


def edit(
    text: str,
    changes: Mapping[str, FrontValue | None],
    body: str | None = None,
    comments: Mapping[str, str] | None = None,
) -> str:
    """`text` with each key in `changes` set (or removed, for None) and the body replaced if
    `body` is given."""
    front, old_body = split(text)
    spans = key_lines(front)
    notes = comments or {}
    replaced: dict[int, list[str]] = {}
    dropped: set[int] = set()
    added: list[str] = []
    for key, value in changes.items():
        lines = [] if value is None else [_line(key, value, notes.get(key))]
        if key in spans:
            start, end = spans[key]
            replaced[start] = lines
            dropped.update(range(start + 1, end))
        elif lines:
            added += lines
    new_front: list[str] = []
    for index, line in enumerate(front):
        if index in replaced:
            new_front += replaced[index]
        elif index not in dropped:
            new_front.append(line)
    while new_front and not new_front[-1].strip():
        new_front.pop()
    rest = old_body if body is None else "\n" + body.rstrip("\n") + "\n"
    return "\n".join(["---", *new_front, *added, "---"]) + "\n" + rest


def _line(key: str, value: FrontValue, note: str | None) -> str:
    line = f"{key}: {yaml_value(value)}"
    return f"{line}  # {note}" if note else line
