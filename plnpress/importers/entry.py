"""One imported entry, page or link-bookmark, and the text of the Markdown file it becomes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml


class ImportedKind(StrEnum):
    """Which folder of ``content/`` an imported item goes to."""

    POST = "posts"
    LINK = "links"
    PAGE = "pages"


@dataclass(frozen=True, slots=True)
class ImportedFile:
    """A file that comes along: a picture in an entry's bundle, or a static file. Copied from
    ``source`` or written from ``data``."""

    path: str
    """For a bundle's file: relative to the bundle folder (``photo.jpg``, ``images/a.png``);
    for a static file: relative to the blog folder (``content/static/img/a.png``)."""
    source: Path | None = None
    data: bytes | None = None

    def read(self) -> bytes:
        if self.data is not None:
            return self.data
        assert self.source is not None
        return self.source.read_bytes()


@dataclass(frozen=True, slots=True)
class ImportedEntry:
    """What an importer made of one item of the old blog, before it is written."""

    kind: ImportedKind
    origin: str
    """Where it came from, for messages and the ledger: a file of the old site
    (``_posts/2020-01-02-x.md``) or a place in an export (``export.xml:120``)."""
    slug: str
    date: datetime | None
    """Required for posts and links; None for pages."""
    front: dict[str, Any]
    """Front matter in the order it is written, without ``date``, ``slug`` and ``aliases``
    (added when the file is written: ``slug`` only when the file name does not give it)."""
    body: str
    """Markdown."""
    old_urls: tuple[str, ...] = ()
    """Every address the item had on the old site (paths or full URLs); those that differ from
    the new address become ``aliases``."""
    bundle: tuple[ImportedFile, ...] = ()
    """Files that go beside the entry (it is then written as ``<folder>/index.md``)."""
    path: str | None = None
    """The file to write, relative to the blog folder, when the importer already knows it (a
    bookmark imported before); else chosen from the kind, date and slug."""

    @property
    def draft(self) -> bool:
        return self.front.get("draft") is True


def entry_text(front: dict[str, Any], body: str) -> str:
    """The Markdown file: YAML front matter between ``---`` lines, a blank line, the body."""
    dumped = yaml.safe_dump(
        front, sort_keys=False, allow_unicode=True, default_flow_style=False, width=4096
    )
    body = body.strip("\n")
    return f"---\n{dumped}---\n" + (f"\n{body}\n" if body else "")
