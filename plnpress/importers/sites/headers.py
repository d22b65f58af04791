"""A source file's front matter, whichever way its generator writes it.

- YAML between ``---`` lines (Jekyll, Hugo, Eleventy, Pelican with a plugin);
- TOML between ``+++`` lines (Hugo), read with the standard library's ``tomllib``;
- Pelican's Markdown metadata: ``Key: value`` lines up to the first blank line (keys are read in
  lower case, as Pelican does).

Dates stay as the source wrote them (text, or TOML's dates): :mod:`.front` reads them.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from typing import Any

import yaml

from plnpress.yamldoc import YamlSyntaxError, load_yaml


class HeaderError(ValueError):
    """The front matter cannot be read; ``line`` is in the file."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True, slots=True)
class SourceText:
    """A source file split into its front matter and body."""

    front: dict[str, Any]
    body: str
    body_line: int
    """The line of the file the body starts on."""
    lines: dict[str, int] = field(default_factory=dict)
    """The line of each top-level key."""
    style: str = "yaml"
    """``yaml``, ``toml``, ``pelican`` or ``none``."""


_PELICAN_KEY = re.compile(r"^([A-Za-z][\w-]*):\s*(.*)$")


def read_source(text: str) -> SourceText:
    """Split ``text``; ``HeaderError`` if its front matter is broken."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines[0].rstrip() == "---":
        return _fenced(lines, "---", _yaml)
    if lines[0].rstrip() == "+++":
        return _fenced(lines, "+++", _toml)
    if _PELICAN_KEY.match(lines[0]):
        return _pelican(lines)
    return SourceText({}, text, 1, style="none")


def _fenced(lines: list[str], fence: str, parse: Any) -> SourceText:
    closing = next((i for i in range(1, len(lines)) if lines[i].rstrip() == fence), None)
    if closing is None:
        raise HeaderError(1, f"the front matter is not closed by a line {fence!r}")
    header = lines[1:closing]
    data = parse(header)
    if not isinstance(data, dict):
        raise HeaderError(2, "the front matter is not a mapping of keys")
    found = {str(k): v for k, v in data.items()}
    style = "yaml" if fence == "---" else "toml"
    return SourceText(
        found, "\n".join(lines[closing + 1 :]), closing + 2, _key_lines(header, 2), style
    )


def _yaml(header: list[str]) -> Any:
    try:
        return load_yaml("\n".join(header), first_line=2).data or {}
    except YamlSyntaxError as exc:
        raise HeaderError(exc.line or 1, exc.message) from None


def _toml(header: list[str]) -> Any:
    try:
        return tomllib.loads("\n".join(header))
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None) or _toml_line(str(exc))
        raise HeaderError(line + 1, f"invalid TOML: {str(exc).split(' (at ')[0]}") from None


def _toml_line(message: str) -> int:
    found = re.search(r"line (\d+)", message)
    return int(found.group(1)) if found else 1


def _pelican(lines: list[str]) -> SourceText:
    front: dict[str, Any] = {}
    where: dict[str, int] = {}
    index = 0
    while index < len(lines) and lines[index].strip():
        match = _PELICAN_KEY.match(lines[index])
        if match is None:
            break
        key = match.group(1).lower()
        front[key] = match.group(2).strip()
        where[key] = index + 1
        index += 1
    return SourceText(front, "\n".join(lines[index:]), index + 1, where, "pelican")


def _key_lines(header: list[str], first: int) -> dict[str, int]:
    found: dict[str, int] = {}
    for offset, line in enumerate(header):
        match = re.match(r"^([A-Za-z_][\w-]*)\s*[:=]", line)
        if match and match.group(1) not in found:
            found[match.group(1)] = first + offset
    return found


def dump_safe(value: Any) -> Any:
    """``value`` with anything YAML's safe dumper cannot write turned into text."""
    try:
        yaml.safe_dump(value)
    except yaml.representer.RepresenterError:
        return str(value)
    return value
