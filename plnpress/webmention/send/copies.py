"""Keeping the copies Bridgy Publish made: their addresses go into the entries' front matter.

The sent log records each address too; the front matter is what the build reads, so the next build
shows the copy as an "Also on" (``u-syndication``) link, as if the writer had typed it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from plnpress.content.syndication import FrontMatterError, add_syndication
from plnpress.model import Entry


@dataclass(frozen=True, slots=True)
class StoredCopy:
    """One copy's address, and whether it went into the entry's file."""

    entry: Entry
    url: str
    added: bool
    """True if the file changed; False if the address was there already or could not be added."""
    problem: str | None = None
    """Why it could not be added (then the writer adds it by hand, from the sent log)."""


def store_copies(root: Path, copies: Iterable[tuple[Entry, str]]) -> tuple[StoredCopy, ...]:
    """Add each (entry, address) to the entry's ``syndication:``; never raises for one file."""
    stored = []
    for entry, url in copies:
        try:
            added = add_syndication(root / entry.source, url)
        except (FrontMatterError, OSError) as exc:
            stored.append(StoredCopy(entry, url, False, str(exc)))
            continue
        stored.append(StoredCopy(entry, url, added))
    return tuple(stored)
