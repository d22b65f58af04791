"""The shape of what a build remembers for the next one (kept in memory, saved by
:mod:`plnpress.incremental.statefile`).

Every key is typed here, so a module that reads or changes the state says what it expects and
mypy checks it. Records are saved as plain tuples (thousands load fastest that way); each reader
makes them its named tuple again when it reads them (``SourceRecord(*record)``), so a record in a
state read back from disk may still be the plain tuple of the same fields.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

from plnpress.incremental.fingerprint import Digest

if TYPE_CHECKING:
    from plnpress.incremental.loading import MarkdownRecord
    from plnpress.incremental.pages import PageRecord
    from plnpress.incremental.pictures import PictureRecord
    from plnpress.incremental.sources import SourceRecord
    from plnpress.incremental.store import BodyRef
    from plnpress.incremental.units import UnitRecord


class CacheState(TypedDict):
    """The state of the last successful build of one output folder and set of options."""

    version: Digest
    """The code that made it (:func:`~plnpress.incremental.version.code_version`); empty for
    a state no build made yet."""
    source_key: Digest
    """The config and options the content records hold for."""
    sources: dict[str, SourceRecord]
    """What each content file became, by its path in the blog."""
    markdown: dict[Digest, MarkdownRecord]
    """Rendered bodies, by the digest of their Markdown."""
    bodies: dict[Digest, BodyRef]
    """Where each rendered body is in the body pack, by the digest of its HTML."""
    pages: dict[str, PageRecord]
    """What each page read and how it came out, by its output file."""
    units: dict[str, UnitRecord]
    """Feeds, the sitemap and the network's files, by unit name."""
    structure: Digest | None
    """The site's structure (which pages, lists and links there are)."""
    items: dict[str, tuple[Digest, Digest]]
    """Each entry's and page's fingerprints (without its body, and whole), by source."""
    pictures: dict[str, PictureRecord]
    """What each picture file became (its copies' folder, size), by its path in the blog."""
    shown_pictures: dict[str, Digest]
    """Each published picture as pages show it, by output file (pages depend on these)."""


PARTS = ("sources", "markdown", "bodies", "pages", "units", "items", "pictures", "shown_pictures")
"""The keys whose values are dicts of records (saved as changes when few of them change)."""


def empty_state() -> CacheState:
    """The state before any build: nothing to reuse."""
    return CacheState(
        version=b"",
        source_key=b"",
        sources={},
        markdown={},
        bodies={},
        pages={},
        units={},
        structure=None,
        items={},
        pictures={},
        shown_pictures={},
    )


def is_state(value: object) -> bool:
    """Whether ``value``, read from a file, has the keys of a :class:`CacheState`."""
    return isinstance(value, dict) and CacheState.__required_keys__ <= value.keys()
