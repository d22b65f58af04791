"""Which pages to render again: a page is kept when nothing it depends on has changed.

A page depends on the code, the templates, the template globals (config, navigation, author,
feeds, ...), its job (template, output, context: the entries it shows and everything else it was
given) and the parts of ``site`` its templates read. Those reads are recorded while the page
renders (``site`` is a :class:`SiteTracker`), so a theme that lists every entry on every page
makes every page depend on every entry: slower, never stale.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import fields
from typing import Any, NamedTuple

import jinja2

from plnpress.incremental.fingerprint import Digest, Fingerprints, digest
from plnpress.incremental.restored import BodyReads
from plnpress.model import Site
from plnpress.output import Manifest, OutputFile, content_digest
from plnpress.render.plan import PageJob

WHOLE_SITE = "*"
"""A dependency on everything in the site (a method was called, or the site printed)."""


class SiteTracker:
    """The ``site`` template global: the real site, noting which of its attributes are read."""

    __slots__ = ("_site", "touched")

    def __init__(self, site: Site) -> None:
        self._site = site
        self.touched: set[str] = set()

    def __getattr__(self, name: str) -> Any:
        self.touched.add(name)
        return getattr(self._site, name)

    def __str__(self) -> str:
        self.touched.add(WHOLE_SITE)
        return str(self._site)


class PageRecord(NamedTuple):
    fingerprint: Digest
    data: str
    """The digest of the bytes written (as the output manifest keeps it)."""
    reads: frozenset[str]
    """The attributes of ``site`` the page's templates read."""
    bodies: bool
    """Whether it read any entry's or page's body (if not, body edits leave it as it is)."""


class PageCache:
    """Decides which jobs to render and records the rendered ones for the next build."""

    def __init__(
        self,
        records: dict[str, PageRecord],
        fingerprints: tuple[Fingerprints, Fingerprints],
        manifest: Manifest,
        globals_digest: Digest,
    ) -> None:
        self._records = {output: PageRecord(*record) for output, record in records.items()}
        self._meta, self._fingerprints = fingerprints
        self._manifest = manifest
        self._globals = globals_digest
        self._site_parts: dict[str, Digest] = {}
        self._tracker: SiteTracker | None = None
        self._reads: dict[str, tuple[frozenset[str], bool]] = {}
        self.records: dict[str, PageRecord] = {}
        """This build's records, saved for the next one."""

    def track(self, env: jinja2.Environment, site: Site) -> None:
        """Put a tracking ``site`` into the template globals."""
        self._site = site
        self._tracker = SiteTracker(site)
        env.globals["site"] = self._tracker

    def split(self, jobs: Iterable[PageJob]) -> tuple[list[PageJob], list[OutputFile]]:
        """The jobs to render, and files for the pages that are kept as they are on disk."""
        stale: list[PageJob] = []
        kept: list[OutputFile] = []
        for job in jobs:
            record = self._records.get(job.output)
            if (
                record is not None
                and self._fingerprint(job, record.reads, record.bodies) == record.fingerprint
                and self._manifest.intact(job.output, record.data)
            ):
                kept.append(OutputFile(job.output, kept=record.data, source=job.source))
                self.records[job.output] = record
            else:
                stale.append(job)
        return stale, kept

    def watch(self, jobs: list[PageJob]) -> Iterator[PageJob]:
        """``jobs``, noting what each one's templates read of ``site`` while it renders."""
        assert self._tracker is not None, "track() first"
        for job in jobs:
            self._tracker.touched = set()
            BodyReads.reset()
            yield job
            self._reads[job.output] = (frozenset(self._tracker.touched), BodyReads.read)

    def remember(self, jobs: list[PageJob], files: Iterable[OutputFile]) -> None:
        """Record the rendered pages among ``files`` (the ones ``watch`` saw render)."""
        by_output = {job.output: job for job in jobs}
        for item in files:
            job = by_output.get(item.path)
            if job is None or item.data is None or job.output not in self._reads:
                continue
            reads, bodies = self._reads[job.output]
            fingerprint = self._fingerprint(job, reads, bodies)
            data = content_digest(item.data)
            self.records[job.output] = PageRecord(fingerprint, data, reads, bodies)

    def _fingerprint(self, job: PageJob, reads: frozenset[str], bodies: bool) -> Digest:
        of = (self._fingerprints if bodies else self._meta).of
        parts = [
            self._globals,
            of((job.template, job.output, job.kind, job.source, job.source_line)),
            of(job.context),
        ]
        parts += [self._site_part(name) for name in sorted(reads)]
        return digest(*parts)

    def _site_part(self, name: str) -> Digest:
        found = self._site_parts.get(name)
        if found is None:
            names = {f.name for f in fields(Site)}
            if name in names:
                found = self._fingerprints.of(getattr(self._site, name))
            else:  # a method, a property, or the whole site: depend on all of it
                found = digest(*(self._site_part(n) for n in sorted(names)))
            self._site_parts[name] = found
        return found
