"""The content side of the build cache: what each file became, and each body's HTML.

A file is restored only when its bytes, the config, the build options, the code and the file's
side of "now" (future or published) are all as they were; a file that had any problem is never
cached, so its problems are found and reported again. Rendered Markdown is cached by the text of
the body, so editing a title does not render the body again.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from datetime import datetime
from typing import Any, NamedTuple

from plnpress.config import Config
from plnpress.content.discovery import SourceFile
from plnpress.content.loader import Loaded, MarkdownRenderer, render_sequentially
from plnpress.content.source import decode, split_front_matter
from plnpress.errors import ProblemLog
from plnpress.incremental.fingerprint import Digest, Fingerprints, digest, text_digest
from plnpress.incremental.restored import field_names, restore
from plnpress.incremental.store import BodyPack, BodyRef, PackError
from plnpress.model import Entry, Page
from plnpress.render.rendered import RenderedMarkdown

RACY_NS = 3_000_000_000
"""A file modified this close to a build is checked by content next time, not by its stat
(a same-size edit within the file system's timestamp granularity would otherwise go unseen)."""


class SourceRecord(NamedTuple):
    """What one content file became, and how to tell that it has not changed.

    Saved as a plain tuple (``tuple(record)``): thousands of them load fastest that way.
    """

    size: int
    mtime_ns: int
    trusted: bool
    """The stat alone proves the file unchanged (it was old enough when recorded)."""
    digest: Digest
    kind: str
    """``entry``, ``page`` or ``none`` (left out: a draft, or dated in the future)."""
    future: bool | None
    """Whether the file was dated after "now"; a record is used only while that still holds."""
    published: datetime | None
    values: tuple[Any, ...]
    """The item's fields in :func:`field_names` order."""
    body: Digest | None
    """The digest of the item's HTML, its key in the body pack."""
    fingerprint: Digest | None
    """Of the whole item."""
    meta: Digest | None
    """Of the item without its body (what lists of entries depend on)."""


class MarkdownRecord(NamedTuple):
    html: Digest
    first_paragraph: str
    links: tuple[str, ...]


class SourceCache:
    """A :class:`~plnpress.content.loader.ContentCache` over the saved state."""

    def __init__(
        self,
        config: Config,
        key: Digest,
        state: dict[str, Any],
        pack: BodyPack,
        fingerprints: Fingerprints,
        meta: Fingerprints,
    ) -> None:
        self._config = config
        self._key = key
        self._now = config.now()
        self._started_ns = time.time_ns()
        self._pack = pack
        self._fingerprints = fingerprints
        self._meta = meta
        same_key = state.get("source_key") == key
        saved = state.get("sources", {}) if same_key else {}
        self._records = {rel: SourceRecord(*record) for rel, record in saved.items()}
        # Copies: a failed build must leave the cache's state as it was.
        self._markdown = {k: MarkdownRecord(*v) for k, v in state.get("markdown", {}).items()}
        self._bodies = {key: BodyRef(*ref) for key, ref in state.get("bodies", {}).items()}
        self._raw: dict[str, tuple[os.stat_result, bytes]] = {}
        self.records: dict[str, SourceRecord] = {}
        """The records of this build, saved for the next one."""
        self.markdown_used: dict[Digest, MarkdownRecord] = {}
        self.restored = 0
        self._render: MarkdownRenderer | None = None

    @property
    def bodies(self) -> dict[Digest, BodyRef]:
        return self._bodies

    def restore(self, source: SourceFile) -> Loaded | None:
        record = self._records.get(source.rel)
        if record is None:
            return None
        try:
            stat = source.path.stat()
        except OSError:
            return None
        if not (
            record.trusted and (stat.st_size, stat.st_mtime_ns) == (record.size, record.mtime_ns)
        ):
            raw = self._read(source, stat)
            if digest(raw) != record.digest:
                return None
        if record.published is not None and record.future != (record.published > self._now):
            return None
        self._raw.pop(source.rel, None)
        item = self._item(source, record)
        self.records[source.rel] = self._with_stat(record, stat)
        self.restored += 1
        return Loaded(item)

    def read(self, source: SourceFile) -> bytes:
        found = self._raw.get(source.rel)
        if found is not None:
            return found[1]
        return self._read(source, source.path.stat())

    def remember(
        self, source: SourceFile, loaded: Loaded, published: datetime | None, keep: bool
    ) -> Loaded:
        stat, raw = self._raw.pop(source.rel)
        item = loaded.item
        if not keep:  # its problems must be found again: only hand it out in the cache's form
            return Loaded(None if item is None else _adopt(item))
        values: tuple[Any, ...] = ()
        body = fingerprint = meta = None
        if item is not None:
            item = _adopt(item)  # so that reading its body is noticed
            values = tuple(getattr(item, name) for name in field_names(type(item)))
            body = self._keep_body(item.content_html)
            fingerprint = self._fingerprints.of(item)
            meta = self._meta.of(item)
        kind = "none" if item is None else "page" if isinstance(item, Page) else "entry"
        future = None if published is None else published > self._now
        record = SourceRecord(
            stat.st_size, stat.st_mtime_ns, False, digest(raw), kind, future, published,
            values, body, fingerprint, meta,
        )  # fmt: skip
        self.records[source.rel] = self._with_stat(record, stat)
        return Loaded(item)

    def renderer(self, render: MarkdownRenderer) -> MarkdownRenderer:
        self._render = render

        def cached(bodies: Sequence[str], base_path: str) -> list[RenderedMarkdown]:
            prefix = f"{base_path}|{getattr(render, '__qualname__', repr(render))}|"
            keys = [text_digest(prefix + body) for body in bodies]
            results: list[RenderedMarkdown | None] = [self._rendered(key) for key in keys]
            missing = [index for index, result in enumerate(results) if result is None]
            fresh = render([bodies[index] for index in missing], base_path) if missing else []
            for index, result in zip(missing, fresh, strict=True):
                results[index] = result
                record = MarkdownRecord(
                    self._keep_body(result.html), result.first_paragraph, result.links
                )
                self._markdown[keys[index]] = record
            for key in keys:
                self.markdown_used[key] = self._markdown[key]
            return [result for result in results if result is not None]

        return cached

    def _rendered(self, key: Digest) -> RenderedMarkdown | None:
        record = self._markdown.get(key)
        ref = self._bodies.get(record.html) if record is not None else None
        if record is None or ref is None:
            return None
        try:
            html = self._pack.read(ref)
        except PackError:
            return None
        return RenderedMarkdown(html, record.first_paragraph, record.links)

    def _keep_body(self, html: str) -> Digest:
        key = text_digest(html)
        if key not in self._bodies:
            self._bodies[key] = self._pack.add(html)
        return key

    def _item(self, source: SourceFile, record: SourceRecord) -> Entry | Page | None:
        if record.kind == "none":
            return None
        cls = Page if record.kind == "page" else Entry
        body = record.body

        def load_html() -> str:
            ref = self._bodies.get(body) if body is not None else None
            try:
                if ref is not None:
                    return self._pack.read(ref)
            except PackError:
                pass
            return self._render_again(source)

        item = restore(cls, record.values, load_html)
        if record.fingerprint is not None and record.meta is not None:
            self._fingerprints.pin(item, record.fingerprint)
            self._meta.pin(item, record.meta)
        return item

    def _render_again(self, source: SourceFile) -> str:
        """The body straight from the source: the pack lost it (damaged or replaced)."""
        log = ProblemLog()
        text = decode(source.rel, source.path.read_bytes(), log)
        doc = split_front_matter(source.rel, text, log) if text is not None else None
        render = self._render or render_sequentially
        return render([doc.body if doc else ""], self._config.base_path)[0].html

    def _read(self, source: SourceFile, stat: os.stat_result) -> bytes:
        raw = source.path.read_bytes()
        self._raw[source.rel] = (stat, raw)
        return raw

    def _with_stat(self, record: SourceRecord, stat: os.stat_result) -> SourceRecord:
        trusted = stat.st_mtime_ns < self._started_ns - RACY_NS
        return record._replace(size=stat.st_size, mtime_ns=stat.st_mtime_ns, trusted=trusted)


def _adopt(item: Entry | Page) -> Entry | Page:
    """``item`` as a restored entry or page (same fields), whose body reads are noticed."""
    cls = Page if isinstance(item, Page) else Entry
    values = tuple(getattr(item, name) for name in field_names(cls))
    return restore(cls, values, html=item.content_html)
