"""Which pages to render again: a page is kept when nothing it depends on has changed.

A page depends on the code, the templates, the template globals (config, navigation, author,
feeds, ...), its job (template, output, context: the entries it shows and everything else it was
given) and the parts of ``site`` its templates read. Those reads are recorded while the page
renders (``site`` is a :class:`SiteTracker`), so a theme that lists every entry on every page
makes every page depend on every entry: slower, never stale.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import fields
from typing import Any, NamedTuple

import jinja2

from plnpress.incremental.fingerprint import Digest, Fingerprints, digest
from plnpress.incremental.restored import BodyReads
from plnpress.incremental.structure import (
    ITEM_FIELDS,
    changed_items,
    item_fingerprints,
    items_in,
    structure_digest,
)
from plnpress.model import Site
from plnpress.output import Manifest, OutputFile
from plnpress.render.plan import PageJob, plan_pages

WHOLE_SITE = "*"
"""A dependency on everything in the site (a method was called, or the site printed)."""


_SITE_FIELDS = frozenset(field.name for field in fields(Site))
_HOLDING_ITEMS = frozenset(
    {"entries", "tombstones", "pages", "tags", "categories", "archive", "menu"}
)
"""Fields of :class:`Site` made of entries and pages (the others are looked into)."""


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
    shows: frozenset[str]
    """For a page that read bodies: the source files of every entry and page it was given."""
    stable: bool
    """Its fingerprint is made of known values only (else no later build's can match it)."""
    source: str | None
    """The job's source file (see :attr:`plnpress.render.plan.PageJob.source`)."""
    pictures: frozenset[str] = frozenset()
    """The output files of the site's own pictures it shows (see
    :func:`plnpress.render.pictures.with_pictures`)."""


class Planned(NamedTuple):
    """The pages to render, and the pages kept as they are on disk."""

    stale: list[PageJob]
    kept: list[OutputFile]
    every: Callable[[], list[PageJob]]
    """The whole plan (worked out when first asked for, if the build did not need it)."""


class PageCache:
    """Decides which jobs to render and records the rendered ones for the next build."""

    def __init__(
        self,
        records: dict[str, PageRecord],
        fingerprints: tuple[Fingerprints, Fingerprints],
        manifest: Manifest,
        globals_digest: Digest,
        before: tuple[Digest | None, dict[str, Any], dict[str, Digest]],
    ) -> None:
        self._records = {output: PageRecord(*record) for output, record in records.items()}
        self._meta, self._fingerprints = fingerprints
        self._manifest = manifest
        self._globals = globals_digest
        self._before = before
        self._site_parts: dict[str, Digest] = {}
        self._tracker: SiteTracker | None = None
        self._items_memo: dict[int, frozenset[str]] = {}
        self._parts_changed: dict[str, bool] = {}
        self._same_structure = False
        self._changed: frozenset[str] = frozenset()
        self._pictures_before: dict[str, Digest] = dict(before[2])
        self.pictures: dict[str, Digest] = self._pictures_before
        """Each published picture as pages show it, by output file."""
        self._pictures_changed: frozenset[str] = frozenset()
        self.records: dict[str, PageRecord] = {}
        """This build's records, saved for the next one."""
        self.structure: Digest | None = None
        self.items: dict[str, tuple[Digest, Digest]] = {}

    def show_pictures(self, pictures: dict[str, Digest]) -> None:
        """The site's pictures as this build publishes them (before :meth:`plan`): a page that
        shows one that changed (or was added or removed) is rendered again."""
        before = self._pictures_before
        self.pictures = pictures
        self._pictures_changed = frozenset(
            rel for rel in pictures.keys() | before.keys() if pictures.get(rel) != before.get(rel)
        )

    def track(self, env: jinja2.Environment, site: Site) -> None:
        """Put a tracking ``site`` into the template globals, and compare the site's structure
        with the last build's (see :mod:`plnpress.incremental.structure`)."""
        self.track_only(env, site)
        self.items = item_fingerprints(site, self._meta, self._fingerprints)
        self.structure = structure_digest(site, self._globals, self._meta, self.items)
        structure, items, _ = self._before
        self._same_structure = structure == self.structure
        self._changed = changed_items(self.items, items)

    def follow(
        self,
        env: jinja2.Environment,
        site: Site,
        items: dict[str, tuple[Digest, Digest]],
        changed: frozenset[str],
    ) -> None:
        """Go on to a rebuild in memory of ``site``, which has the last build's structure;
        ``items`` are its items' fingerprints, ``changed`` the sources whose changed."""
        self.track_only(env, site)
        self.items = items
        self._same_structure = True
        self._changed = changed
        self._pictures_changed = frozenset()  # the pictures the last build showed
        self._site_parts = {}
        self._parts_changed = {}
        self._items_memo = {}

    def track_only(self, env: jinja2.Environment, site: Site) -> None:
        """Put a tracking ``site`` into the template globals."""
        self._site = site
        self._tracker = SiteTracker(site)
        env.globals["site"] = self._tracker

    def unchanged(self, output: str) -> bool:
        """Whether the recorded page ``output`` is provably as it was (see :meth:`plan`)."""
        record = self.records.get(output)
        return record is not None and self._unchanged(record)

    def plan(self, site: Site) -> Planned:
        """Plan the site's pages and split them into stale and kept. With the structure of the
        last build, only the pages that may have changed are planned at all."""
        if self._same_structure:
            outputs, kept = self._split_recorded()
            stale = plan_pages(site, only=outputs)
            if {job.output for job in stale} == outputs:
                return Planned(stale, kept, functools.cache(lambda: plan_pages(site)))
            self.records.clear()  # not the plan the records describe after all: check them all
        jobs = plan_pages(site)
        stale, kept = self.split(jobs)
        return Planned(stale, kept, lambda: jobs)

    def _split_recorded(self) -> tuple[set[str], list[OutputFile]]:
        """The outputs of the last build's pages that may have changed, and the kept ones."""
        outputs: set[str] = set()
        kept: list[OutputFile] = []
        for output, record in self._records.items():
            if self._unchanged(record) and self._manifest.intact(output, record.data):
                kept.append(OutputFile(output, kept=record.data, source=record.source))
                self.records[output] = record
            else:
                outputs.add(output)
        return outputs, kept

    def split(self, jobs: Iterable[PageJob]) -> tuple[list[PageJob], list[OutputFile]]:
        """The jobs to render, and files for the pages that are kept as they are on disk."""
        stale: list[PageJob] = []
        kept: list[OutputFile] = []
        for job in jobs:
            record = self._records.get(job.output)
            if (
                record is not None
                and (
                    self._unchanged(record)
                    or self._fingerprint(job, record.reads, record.bodies, record.pictures)
                    == record.fingerprint
                )
                and self._manifest.intact(job.output, record.data)
            ):
                kept.append(OutputFile(job.output, kept=record.data, source=job.source))
                self.records[job.output] = record
            else:
                stale.append(job)
        return stale, kept

    def start_page(self) -> None:
        """A page starts rendering: note what it reads from now on."""
        assert self._tracker is not None, "track() first"
        self._tracker.touched = set()
        BodyReads.reset()

    def page_record(
        self, job: PageJob, data: str, pictures: frozenset[str] = frozenset()
    ) -> PageRecord:
        """The record of ``job``, rendered since :meth:`start_page` into bytes of digest
        ``data`` (worked out in whichever process rendered it), showing ``pictures``."""
        assert self._tracker is not None, "track() first"
        reads = frozenset(self._tracker.touched)
        bodies = BodyReads.read
        unknown = self._meta.unknown + self._fingerprints.unknown
        fingerprint = self._fingerprint(job, reads, bodies, pictures)
        stable = unknown == self._meta.unknown + self._fingerprints.unknown
        shows = items_in(job.context, self._items_memo) if bodies else frozenset()
        return PageRecord(fingerprint, data, reads, bodies, shows, stable, job.source, pictures)

    def keep(self, output: str, record: PageRecord) -> None:
        """Remember a rendered page for the next build."""
        self.records[output] = record

    def _unchanged(self, record: PageRecord) -> bool:
        """Whether the page's fingerprint is provably the recorded one, without working it out:
        the structure is the same, and the page neither shows an item that changed (if it reads
        bodies) nor reads ``site`` while any item changed."""
        return (
            self._same_structure
            and record.stable
            and not (record.bodies and not record.shows.isdisjoint(self._changed))
            and not any(self._part_changed(name) for name in record.reads)
            and record.pictures.isdisjoint(self._pictures_changed)
        )

    def _part_changed(self, name: str) -> bool:
        """Whether the part ``name`` of ``site`` may hold an item that changed."""
        found = self._parts_changed.get(name)
        if found is None:
            if not self._changed:
                found = False
            elif name in _HOLDING_ITEMS or name not in _SITE_FIELDS:
                found = True  # a list of items, or a method or the whole site
            else:
                value = getattr(self._site, name)
                found = not items_in(value, self._items_memo).isdisjoint(self._changed)
            self._parts_changed[name] = found
        return found

    def _fingerprint(
        self, job: PageJob, reads: frozenset[str], bodies: bool, pictures: frozenset[str]
    ) -> Digest:
        of = (self._fingerprints if bodies else self._meta).of
        parts = [
            self._globals,
            of((job.template, job.output, job.kind, job.source, job.source_line)),
            of(job.context),
        ]
        parts += [self._site_part(name) for name in sorted(reads)]
        parts += [digest(rel.encode(), self.pictures.get(rel, b"")) for rel in sorted(pictures)]
        return digest(*parts)

    def _site_part(self, name: str) -> Digest:
        found = self._site_parts.get(name)
        if found is None:
            names = {f.name for f in fields(Site)}
            if name in ITEM_FIELDS:  # the items' fingerprints are known already
                whole = [self.items[item.source][1] for item in getattr(self._site, name)]
                found = digest(name.encode(), *whole)
            elif name in names:
                found = self._fingerprints.of(getattr(self._site, name))
            else:  # a method, a property, or the whole site: depend on all of it
                found = digest(*(self._site_part(n) for n in sorted(names)))
            self._site_parts[name] = found
        return found
