"""Which file is at which address, and which addresses are taken, read from ``content/``.

Micropub names posts by URL (update, delete, ``q=source``), and a new post must not take an
address another entry, page, alias or static file already has: the build would refuse the
collision, and the other entry must never be overwritten. The index reads only front matter (no
Markdown is rendered) and remembers each file by its size and time, so after the first request
only files that changed are read again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from plnpress.config import Config
from plnpress.content.discovery import SourceFile, SourceKind, discover
from plnpress.content.loader import ContentOptions, load_file
from plnpress.content.rendered import RenderedMarkdown
from plnpress.errors import ProblemLog
from plnpress.model import Entry

EVERYTHING = ContentOptions(drafts=True, future=True)
"""Drafts and future posts have addresses too."""


@dataclass(frozen=True, slots=True)
class Found:
    """What one file gives the index."""

    url: str | None
    """The entry's address (None for a page: Micropub edits entries only)."""
    outputs: tuple[str, ...] = ()
    """Files under ``site/`` it makes (its page and its aliases' pages)."""
    tags: tuple[str, ...] = ()


@dataclass(slots=True)
class Index:
    """Every address and output file of the site, at one moment."""

    entries: dict[str, str] = field(default_factory=dict)
    """An entry's URL -> its file (relative to the blog folder)."""
    outputs: dict[str, str] = field(default_factory=dict)
    """A file under ``site/`` -> the source that makes it."""
    tags: set[str] = field(default_factory=set)
    """Every entry's tags (``q=category``)."""


def _no_markdown(body: str, base_path: str) -> RenderedMarkdown:
    return RenderedMarkdown("", "", ())


class SiteIndex:
    """`read(config)` gives the current `Index`."""

    def __init__(self) -> None:
        self._seen: dict[str, tuple[tuple[int, int], Found]] = {}

    def read(self, config: Config) -> Index:
        index = Index()
        seen: dict[str, tuple[tuple[int, int], Found]] = {}
        for source in discover(config.root, ProblemLog()):
            if source.kind is SourceKind.STATIC:
                index.outputs[source.inner] = source.rel
                continue
            try:
                info = source.path.stat()
            except OSError:
                continue
            stamp = (info.st_mtime_ns, info.st_size)
            cached = self._seen.get(source.rel)
            found = cached[1] if cached and cached[0] == stamp else _read(source, config)
            seen[source.rel] = (stamp, found)
            if found.url is not None:
                index.entries[found.url] = source.rel
            index.tags.update(found.tags)
            for output in found.outputs:
                index.outputs.setdefault(output, source.rel)
        self._seen = seen
        return index


def _read(source: SourceFile, config: Config) -> Found:
    try:
        raw = source.path.read_bytes()
    except OSError:
        return Found(None)
    item = load_file(source, raw, config, EVERYTHING, render=_no_markdown).item
    if item is None:
        return Found(None)
    outputs = (item.location.output, *(alias.output for alias in item.aliases))
    if not isinstance(item, Entry):
        return Found(None, outputs)
    return Found(item.url, outputs, item.tags)
