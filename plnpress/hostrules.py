"""Reading a built ``_redirects`` file, so that ``plnpress serve`` and the receiver answer as the
host will: ``410`` for a deleted entry, ``301`` from an old address (``aliases:``) to the new one.

Only the simple rules the build writes are read (``FROM  TO  STATUS[!]``); comments and rules with
placeholders, splats or conditions are left to the host.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Redirect:
    """One rule of a ``_redirects`` file."""

    to: str
    """Where the rule sends the request (a path or a full URL)."""
    status: int
    forced: bool
    """Written with ``!``: it applies even where a file exists (else the file shadows it)."""


def read_redirects(path: Path) -> Mapping[str, Redirect]:
    """The rules of the ``_redirects`` file at ``path`` by the path they match (none if it is
    missing or unreadable); read again only when the file changes."""
    try:
        stat = path.stat()
    except OSError:
        return {}
    return _read(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=4)
def _read(path: Path, mtime_ns: int, size: int) -> Mapping[str, Redirect]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return {}
    rules: dict[str, Redirect] = {}
    for line in lines:
        parts = line.split()
        if len(parts) != 3 or not parts[0].startswith("/") or "*" in parts[0] or ":" in parts[0]:
            continue
        status = parts[2].removesuffix("!")
        if status.isdigit():
            rule = Redirect(parts[1], int(status), forced=parts[2].endswith("!"))
            rules.setdefault(parts[0], rule)  # the first rule that matches wins
    return rules
