"""The text of a new entry file and its place in ``content/``: what ``plnpress new`` writes, and
what the server writes for a post from an app (``plnpress.micropub``).

Front matter values are written so that they read back exactly: text and lists in JSON's
quoting (valid YAML), dates as ``2025-06-01 14:30:00+02:00``. The file is named
``YYYY-MM-DD-slug.md`` and written through the one atomic writer.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from pathlib import Path

from plnpress.atomic import atomic_write
from plnpress.errors import PlnpressError

FrontValue = str | bool | int | datetime | Sequence[object] | Mapping[str, object]


def yaml_value(value: FrontValue) -> str:
    """One front matter value as YAML that reads back as `value`."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, Mapping):
        return json.dumps(dict(value), ensure_ascii=False)
    return "[" + ", ".join(json.dumps(item, ensure_ascii=False) for item in value) + "]"


def entry_text(
    front: Sequence[tuple[str, FrontValue]], body: str, comments: dict[str, str] | None = None
) -> str:
    """A whole entry file: ``---``, one ``key: value`` line per field (with an optional
    ``# comment`` after it), ``---``, a blank line, then `body`."""
    notes = comments or {}
    lines = ["---"]
    for key, value in front:
        line = f"{key}: {yaml_value(value)}"
        lines.append(f"{line}  # {notes[key]}" if key in notes else line)
    lines += ["---", "", body.rstrip("\n"), ""]
    return "\n".join(lines)


def entry_path(folder: Path, when: datetime, slug: str) -> Path:
    """Where an entry dated `when` with `slug` lives in `folder`."""
    return folder / f"{when:%Y-%m-%d}-{slug}.md"


def write_new_entry(folder: Path, when: datetime, slug: str, text: str) -> Path:
    """Create the entry file; refuse to replace one that exists."""
    folder.mkdir(parents=True, exist_ok=True)
    path = entry_path(folder, when, slug)
    if path.exists():
        raise PlnpressError(f"{path} already exists; choose another title or --slug")
    atomic_write(path, text)
    return path


def free_slug(slug: str, taken: Callable[[str], bool], limit: int = 1000) -> str:
    """`slug`, or `slug-2`, `slug-3`, ... : the first one `taken` says is free."""
    for number in range(1, limit + 1):
        candidate = slug if number == 1 else f"{slug}-{number}"
        if not taken(candidate):
            return candidate
    raise PlnpressError(f"no free slug left for {slug!r}")
