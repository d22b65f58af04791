"""The content side of the build cache: what each file became, and each body's HTML.

A file is restored only when its bytes, the config, the build options, the code and the file's
side of "now" (future or published) are all as they were; a file that had an error is never
cached, so its errors are found and reported again, and a file's warnings are kept with it and
said again when it is restored (every build says the same, warm or cold). Rendered Markdown is
cached by the text of the body, so editing a title does not render the body again. Files that
cannot be restored are loaded by :class:`~plnpress.incremental.loading.FileWork`, over every
core when there are many.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from plnpress.config import Config
from plnpress.content.discovery import SourceFile
from plnpress.content.loader import ContentOptions, FileLoad, Loaded, render_markdown
from plnpress.content.rendered import RenderedMarkdown
from plnpress.content.source import decode, split_front_matter
from plnpress.errors import Problem, ProblemLog, Severity
from plnpress.incremental.fingerprint import Digest, Fingerprints, digest
from plnpress.incremental.loading import FileWork, Fresh, MarkdownRecord
from plnpress.incremental.parallel import fork_map, processes_for
from plnpress.incremental.restored import restore
from plnpress.incremental.state import CacheState
from plnpress.incremental.store import BodyPack, BodyRef, PackError
from plnpress.model import Entry, Page
from plnpress.output.stat_ahead import size_and_time

RACY_NS = 3_000_000_000
"""A file modified this close to a build is checked by content next time, not by its stat
(a same-size edit within the file system's timestamp granularity would otherwise go unseen)."""
PARALLEL_FROM = 200
"""Fewer files than this are loaded in this process: starting workers would cost more."""
CHUNK = 25
"""Files per task: small enough to balance the load, large enough to keep the overhead low."""


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
    """The item's fields in :func:`~plnpress.incremental.restored.field_names` order."""
    body: Digest | None
    """The digest of the item's HTML, its key in the body pack."""
    fingerprint: Digest | None
    """Of the whole item."""
    meta: Digest | None
    """Of the item without its body (what lists of entries depend on)."""
    warnings: tuple[tuple[str, int | None, str, bool], ...] = ()
    """What reading the file warned about: (path, line, message, said once for the blog)."""


Reused = dict[str, tuple[SourceRecord, Entry | Page | None]]
"""The items of the last build in this process with their records, by source."""


class SourceCache:
    """A :class:`~plnpress.content.loader.ContentCache` over the saved state."""

    def __init__(
        self,
        config: Config,
        key: Digest,
        state: CacheState,
        pack: BodyPack,
        fingerprints: Fingerprints,
        meta: Fingerprints,
        processes: int | None = None,
        reuse: Reused | None = None,
        size_and_time: Callable[[str], tuple[int, int] | None] = size_and_time,
        asked_since_ns: int | None = None,
    ) -> None:
        self._config = config
        self._now = config.now()
        now_ns = time.time_ns()
        self._started_ns = now_ns if asked_since_ns is None else min(now_ns, asked_since_ns)
        """When the files began to be asked about: a file changed within a tick of its clock
        of that moment may look unchanged, so only older files are trusted on their stat."""
        self._size_and_time = size_and_time
        self._pack = pack
        self._fingerprints = fingerprints
        self._meta = meta
        self._processes = processes
        same_key = state["source_key"] == key
        saved = state["sources"] if same_key else {}
        self._records = {rel: SourceRecord(*record) for rel, record in saved.items()}
        # Copies: a failed build must leave the cache's state as it was.
        self._markdown = _Records(MarkdownRecord, state["markdown"])
        self._bodies = _Records(BodyRef, state["bodies"])
        self._reuse = reuse or {}
        """The items of the last build in this process, by source (objects are worth reusing:
        a rebuild in ``plnpress serve`` would otherwise make ten thousand of them again)."""
        self.records: dict[str, SourceRecord] = {}
        """The records of this build, saved for the next one."""
        self.items: Reused = {}
        """This build's items with their records, for the next build in this process."""
        self.seen: dict[str, SourceFile] = {}
        """Every content file of this build, by absolute path."""
        self.restored = 0

    @property
    def bodies(self) -> dict[Digest, BodyRef]:
        return self._bodies

    def markdown_in_use(self) -> dict[Digest, MarkdownRecord]:
        """Rendered Markdown that this build's files still show, to keep for the next one."""
        shown = {record.body for record in self.records.values()}
        return {key: found for key, found in self._markdown.items() if found[0] in shown}

    def restore(self, source: SourceFile) -> Loaded | None:
        self.seen[source.file] = source
        record = self._records.get(source.rel)
        if record is None:
            return None
        found = self._size_and_time(source.file)  # once per content file, every build
        if found is None:
            return None
        if not (record.trusted and found == (record.size, record.mtime_ns)):
            try:
                raw = source.path.read_bytes()
            except OSError:
                return None
            if digest(raw) != record.digest:
                return None
        if record.published is not None and record.future != (record.published > self._now):
            return None
        earlier = self._reuse.get(source.rel)
        if earlier is not None and earlier[0] == record:
            item = earlier[1]
            self._pin(item, record)
        else:
            item = self._item(source, record)
        record = self.records[source.rel] = self._with_stat(record, *found)
        self.items[source.rel] = (record, item)
        self.restored += 1
        if not record.warnings:
            return Loaded(item)
        return Loaded(item, tuple(_warning(*warning) for warning in record.warnings))

    def load(
        self, sources: Sequence[SourceFile], config: Config, options: ContentOptions
    ) -> list[FileLoad]:
        work = self.work(sources, config, options)
        loads: list[FileLoad | None] = [None] * len(sources)

        def consume(start: int, results: list[Fresh]) -> None:
            for index, fresh in enumerate(results, start):
                loads[index] = self._adopt(sources[index], fresh)

        processes = processes_for(len(sources), self._processes, PARALLEL_FROM)
        fork_map(work, len(sources), CHUNK, processes, consume)
        self._pack.write_out()  # page workers read the bodies from the file
        return [load for load in loads if load is not None]

    def work(
        self, sources: Sequence[SourceFile], config: Config, options: ContentOptions
    ) -> FileWork:
        """What loads ``sources`` (rendered Markdown found in the cache is not rendered again)."""
        return FileWork(sources, config, options, self._cached_markdown)

    def record(self, source: SourceFile) -> SourceRecord | None:
        """The last build's record of ``source``."""
        found = self.items.get(source.rel)
        return found[0] if found is not None else self._records.get(source.rel)

    def adopt(self, source: SourceFile, fresh: Fresh) -> FileLoad:
        """The item and record of a freshly loaded file; its body goes to the pack."""
        return self._adopt(source, fresh)

    def _adopt(self, source: SourceFile, fresh: Fresh) -> FileLoad:
        """The item and record of a freshly loaded file; its body goes to the pack."""
        body = fresh.body
        if fresh.html is not None and body is not None and body not in self._bodies:
            self._bodies[body] = self._pack.add_encoded(fresh.html, body)
        if fresh.markdown is not None and fresh.markdown_key is not None:
            self._markdown[fresh.markdown_key] = fresh.markdown
        if fresh.kind == "none":
            item = None
        else:
            cls = Page if fresh.kind == "page" else Entry
            item = restore(cls, fresh.values, self._loader(source, body))
            if fresh.fingerprint is not None and fresh.meta is not None:
                self._fingerprints.pin(item, fresh.fingerprint)
                self._meta.pin(item, fresh.meta)
        if fresh.parsed and not any(problem.is_error for problem in fresh.problems):
            future = None if fresh.published is None else fresh.published > self._now
            warnings = tuple((p.path, p.line, p.message, p.once) for p in fresh.problems)
            record = SourceRecord(
                fresh.size, fresh.mtime_ns, False, fresh.digest, fresh.kind, future,
                fresh.published, fresh.values, body, fresh.fingerprint, fresh.meta, warnings,
            )  # fmt: skip
            record = self._with_stat(record, fresh.size, fresh.mtime_ns)
            self.records[source.rel] = record
            self.items[source.rel] = (record, item)
        return FileLoad(item, fresh.problems, fresh.parsed, fresh.published)

    def _cached_markdown(self, key: Digest) -> RenderedMarkdown | None:
        record = self._markdown.get(key)
        ref = self._bodies.get(record.html) if record is not None else None
        if record is None or ref is None:
            return None
        try:
            html = self._pack.read(ref)
        except PackError:
            return None
        return RenderedMarkdown(
            html, record.first_paragraph, record.links, record.pictures, record.foreign
        )

    def _item(self, source: SourceFile, record: SourceRecord) -> Entry | Page | None:
        if record.kind == "none":
            return None
        cls = Page if record.kind == "page" else Entry
        item = restore(cls, record.values, self._loader(source, record.body))
        self._pin(item, record)
        return item

    def _pin(self, item: Entry | Page | None, record: SourceRecord) -> None:
        if item is not None and record.fingerprint is not None and record.meta is not None:
            self._fingerprints.pin(item, record.fingerprint)
            self._meta.pin(item, record.meta)

    def _loader(self, source: SourceFile, body: Digest | None) -> Callable[[], str]:
        def load_html() -> str:
            ref = self._bodies.get(body) if body is not None else None
            try:
                if ref is not None:
                    return self._pack.read(ref)
            except PackError:
                pass
            return self._render_again(source)

        return load_html

    def _render_again(self, source: SourceFile) -> str:
        """The body straight from the source: the pack lost it (damaged or replaced)."""
        log = ProblemLog()
        text = decode(source.rel, source.path.read_bytes(), log)
        doc = split_front_matter(source.rel, text, log) if text is not None else None
        return render_markdown(doc.body if doc else "", self._config.base_path).html

    def _with_stat(self, record: SourceRecord, size: int, mtime_ns: int) -> SourceRecord:
        trusted = mtime_ns < self._started_ns - RACY_NS
        if (record.size, record.mtime_ns, record.trusted) == (size, mtime_ns, trusted):
            return record  # unchanged: the state file need not write it again
        return record._replace(size=size, mtime_ns=mtime_ns, trusted=trusted)


class _Records(dict[Digest, Any]):
    """A copy of a part of the saved state, each record made a named tuple when first read
    (most are never read: a warm build looks up the few bodies it renders)."""

    def __init__(self, kind: Callable[..., Any], saved: Mapping[Digest, Any]) -> None:
        super().__init__(saved)
        self._kind = kind

    def get(self, key: Digest, default: Any = None) -> Any:
        found = super().get(key)
        if found is None:
            return default
        if type(found) is tuple:
            found = self[key] = self._kind(*found)
        return found


def _warning(path: str, line: int | None, message: str, once: bool) -> Problem:
    return Problem(path, line, message, Severity.WARNING, once)
