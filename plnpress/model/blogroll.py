"""The blogroll: people and sites the writer reads and recommends (``content/blogroll.yaml``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class BlogrollPerson:
    """One person (or site) on the blogroll, as the writer listed them."""

    name: str
    url: str
    """Their site: an absolute http(s) URL."""
    feed: str | None = None
    """Their feed (Atom, RSS or JSON Feed), if known; ``plnpress blogroll discover`` finds it."""
    photo: str | None = None
    """Their picture: a site path (``/blogroll/….jpg``) or an address, if known."""
    note: str | None = None
    """A line from the writer about why they are worth reading."""
    tags: tuple[str, ...] = ()
    line: int = 1
    """Where the person starts in ``content/blogroll.yaml``, for messages."""
