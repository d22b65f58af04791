"""What the people on the blogroll wrote lately, as ``plnpress read`` last found it.

Kept in the build state folder (never in ``content/``): it is a reading list, not the writer's
words. The ``/reading/`` page shows it when ``reading.publish`` is on (and ``plnpress serve``
always), newest first.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from datetime import datetime

from plnpress.model.response import Author


@dataclass(frozen=True, slots=True)
class ReadEntry:
    """One entry from a feed of someone on the blogroll, cleaned and cut to a summary."""

    url: str
    """The original, on their site."""
    title: str | None
    """Its title (notes have none)."""
    summary_html: str
    """The start of its text: sanitised with nh3 (no scripts, styles, event handlers or
    images), a few hundred characters at most."""
    published: datetime | None
    seen: datetime
    """When ``plnpress read`` first found it (the date of an entry that gives none)."""
    author: Author
    """Who wrote it; ``avatar`` is their photo, downloaded into the state folder."""
    feed: str
    person: str
    """Their name on the blogroll."""
    person_url: str
    """Their site, as the blogroll has it."""
    person_photo: str | None = None
    """Their picture from the blogroll (``photo:``), preferred to a downloaded one."""

    @property
    def date(self) -> datetime:
        """When it was published, or else first seen."""
        return self.published or self.seen

    @property
    def reply_command(self) -> str:
        """The command that starts a reply to it."""
        return f"plnpress new reply {shlex.quote(self.url)}"


@dataclass(frozen=True, slots=True)
class Reading:
    """The newest entries of everyone on the blogroll, newest first."""

    entries: tuple[ReadEntry, ...]
    read_at: datetime | None
    """When ``plnpress read`` last ran."""
