"""Loading the content files the cache could not restore, in any process.

:class:`FileWork` is what a worker (or the build's own process) does for a chunk of files: read
each one, load it with :func:`plnpress.content.loader.load_file` (Markdown bodies rendered before
are taken from the body pack), and fingerprint the item. What travels back is plain data,
:class:`Fresh`; the build's process turns it into a cache record and an item whose body stays in
the pack until something reads it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from plnpress.config import Config
from plnpress.content.discovery import SourceFile
from plnpress.content.loader import ContentOptions, load_file
from plnpress.content.rendered import RenderedMarkdown
from plnpress.errors import Problem
from plnpress.incremental.fingerprint import Digest, Fingerprints, digest, text_digest
from plnpress.incremental.restored import as_restored, field_names
from plnpress.model import Page


class MarkdownRecord(NamedTuple):
    """A body rendered before, found by the digest of its Markdown (see :func:`markdown_key`)."""

    html: Digest
    first_paragraph: str
    links: tuple[str, ...]
    pictures: tuple[tuple[str, int], ...]
    foreign: tuple[tuple[int, str], ...] = ()


class Fresh(NamedTuple):
    """What loading one file gave, as plain data (see the module docstring)."""

    size: int
    mtime_ns: int
    """The file's stat before it was read."""
    digest: Digest
    problems: tuple[Problem, ...]
    parsed: bool
    published: datetime | None
    kind: str
    """``entry``, ``page`` or ``none`` (left out, or an error)."""
    values: tuple[Any, ...]
    """The item's fields in :func:`field_names` order (empty for ``none``)."""
    html: bytes | None
    """The body, encoded as the pack keeps it."""
    body: Digest | None
    """The digest of ``html``: the body's key in the pack."""
    fingerprint: Digest | None
    meta: Digest | None
    """Fingerprint without the body."""
    markdown_key: Digest | None
    """The rendered body's key in the Markdown cache."""
    markdown: MarkdownRecord | None
    """Set when the body was rendered here (not found in the cache)."""


MarkdownLookup = Callable[[Digest], RenderedMarkdown | None]


def markdown_key(base_path: str, body: str) -> Digest:
    return text_digest(f"{base_path}|{body}")


class FileWork:
    """Loads ``sources[start:end]``; picklable results only (see :class:`Fresh`)."""

    def __init__(
        self,
        sources: Sequence[SourceFile],
        config: Config,
        options: ContentOptions,
        cached_markdown: MarkdownLookup,
    ) -> None:
        self._sources = sources
        self._config = config
        self._options = options
        self._cached = cached_markdown

    def __call__(self, start: int, end: int) -> list[Fresh]:
        return [self._one(source) for source in self._sources[start:end]]

    def _one(self, source: SourceFile) -> Fresh:
        stat = source.path.stat()
        raw = source.path.read_bytes()
        rendered: list[tuple[Digest, RenderedMarkdown, bool]] = []

        def render(body: str, base_path: str) -> RenderedMarkdown:
            from plnpress.content.markdown import render_markdown

            key = markdown_key(base_path, body)
            found = self._cached(key)
            result = found if found is not None else render_markdown(body, base_path)
            rendered.append((key, result, found is None))
            return result

        loaded = load_file(source, raw, self._config, self._options, render)
        key = markdown = None
        if rendered:
            key, result, fresh = rendered[0]
            if fresh:
                markdown = MarkdownRecord(
                    text_digest(result.html),
                    result.first_paragraph,
                    result.links,
                    result.pictures,
                    result.foreign,
                )
        item = loaded.item
        kind = "none" if item is None else "page" if isinstance(item, Page) else "entry"
        values: tuple[Any, ...] = ()
        html = body = fingerprint = meta = None
        if item is not None:
            item = as_restored(item)  # fingerprinted in the form the cache hands out
            values = tuple(getattr(item, name) for name in field_names(type(item)))
            html = item.content_html.encode("utf-8", "surrogatepass")
            body = digest(html)
            meta = Fingerprints(skip=frozenset({"content_html"})).of(item)
            fingerprint = digest(meta, body)  # the whole item: everything but the body, and it
        return Fresh(
            stat.st_size, stat.st_mtime_ns, digest(raw), loaded.problems, loaded.parsed,
            loaded.published, kind, values, html, body, fingerprint, meta, key, markdown,
        )  # fmt: skip
