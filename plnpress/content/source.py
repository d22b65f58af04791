"""One Markdown file split into its YAML front matter and its body."""

from __future__ import annotations

import re
from dataclasses import dataclass

from plnpress.errors import ProblemLog
from plnpress.yamldoc import YamlDocument, YamlSyntaxError, load_yaml

_FENCE = "---"
_HOW = "start the file with a line '---', then 'title: ...' and 'date: ...', then '---'"


@dataclass(frozen=True, slots=True)
class SourceDocument:
    rel: str
    """The file, relative to the blog folder."""
    front: YamlDocument
    """Front matter with the line of each key."""
    body: str
    """The Markdown after the front matter."""
    body_line: int = 1
    """The line of the file the body starts on."""


def decode(rel: str, raw: bytes, log: ProblemLog) -> str | None:
    """UTF-8 text with newlines normalised, or None (and a problem naming the line) if invalid."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        log.error(
            rel, line, f"is not valid UTF-8 text (byte 0x{raw[exc.start]:02x}); save it as UTF-8"
        )
        return None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


_KEY_AND_COLON = re.compile(r"\s*([A-Za-z_][\w-]*):\s+([^\"'\s].*:(\s.*)?)$")


def _quoting_hint(lines: list[str], line: int | None) -> str:
    """For ``title: Hello: world`` (a second ``: `` that YAML reads as another key): how to write
    it instead."""
    if line is None or not 0 < line <= len(lines):
        return ""
    found = _KEY_AND_COLON.match(lines[line - 1])
    if found is None:
        return ""
    key, value = found.group(1), found.group(2).strip().replace('"', '\\"')
    return f'; put the {key} in quotes: {key}: "{value}"'


def split_front_matter(rel: str, text: str, log: ProblemLog) -> SourceDocument | None:
    """Parse the front matter between the ``---`` lines; report and return None if it is broken."""
    if not text.startswith(_FENCE + "\n") and text.rstrip("\n") != _FENCE:
        log.error(rel, 1, f"no front matter: {_HOW}")
        return None
    lines = text.split("\n")
    closing = next(
        (i for i in range(1, len(lines)) if lines[i].rstrip() in {_FENCE, "..."}),
        None,
    )
    if closing is None:
        log.error(rel, 1, "front matter is not closed: add a line '---' after it")
        return None
    try:
        front = load_yaml("\n".join(lines[1:closing]), first_line=2)
    except YamlSyntaxError as exc:
        log.error(rel, exc.line, exc.message + _quoting_hint(lines, exc.line))
        return None
    for key_path, line in front.duplicates:
        log.error(rel, line, f"{'.'.join(map(str, key_path))}: appears twice in the front matter")
    for key_path, line in front.non_text_keys:
        log.error(rel, line, f"{key_path[-1]}: keys must be text")
    if front.data is not None and not isinstance(front.data, dict):
        log.error(rel, 2, "front matter must be 'key: value' lines")
        return None
    body = "\n".join(lines[closing + 1 :])
    if front.duplicates or front.non_text_keys:
        return None
    return SourceDocument(rel=rel, front=front, body=body, body_line=closing + 2)
