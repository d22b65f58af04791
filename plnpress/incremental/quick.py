"""Rebuilds in memory after saves that changed only what some entries or pages say.

``plnpress serve`` knows which files were saved. When every one of them is a content file the
last build read, and each still loads without a problem into an item that differs from before in
its body only, the site keeps its structure (see :mod:`plnpress.incremental.structure`): the
same pages, lists and links. Then the last build's site is taken with those items swapped in,
only the pages that show a changed body (or read one through ``site``) are planned and rendered,
the feeds that show one are made again, and the site on disk is updated file by file. Anything
else (a new or deleted file, a changed title or date, a template, the config, a problem) goes
through a whole build, which is never wrong; this path must give exactly the bytes it would.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from plnpress.content.discovery import SourceFile, SourceKind
from plnpress.content.loader import ContentOptions
from plnpress.errors import Problem, ProblemLog
from plnpress.incremental.loading import Fresh
from plnpress.incremental.rendering import PageWork, render_stale
from plnpress.incremental.structure import items, items_in
from plnpress.incremental.units import UnitCache, feed_files
from plnpress.model import Entry, Page, Site
from plnpress.output.staging import Staging
from plnpress.output.writer import write_changed
from plnpress.render.plan import plan_pages

if TYPE_CHECKING:
    from plnpress.build import BuildOptions, BuildResult
    from plnpress.config import Config
    from plnpress.incremental.cache import CacheRun


@dataclass
class LastBuild:
    """What a successful build leaves in memory for the next one."""

    config: Config
    options: BuildOptions
    site: Site
    env: jinja2.Environment
    run: CacheRun
    warnings: tuple[Problem, ...]
    output_dir: Path
    state_dir: Path
    _shows: dict[str, set[str]] | None = field(default=None, repr=False)
    _where: dict[int, list[tuple[str, int]]] | None = field(default=None, repr=False)
    """Where each item is in :attr:`site`: field, and index of its group (-1: none)."""
    _by_source: dict[str, Entry | Page] | None = field(default=None, repr=False)

    def item(self, source: str) -> Entry | Page | None:
        """The site's item from ``source``."""
        if self._by_source is None:
            self._by_source = {item.source: item for item in items(self.site)}
        return self._by_source.get(source)

    def swapped(self, swap: Mapping[int, Entry | Page]) -> Site | None:
        """:attr:`site` with items swapped by identity; None if one is somewhere this does not
        know (a field added to :class:`Site` that holds items)."""
        site = self.site
        sources = {item.source for item in swap.values()}
        for site_field in dataclasses.fields(Site):
            name = site_field.name
            if name in _FLAT or name in _GROUPED:
                continue
            if not items_in(getattr(site, name), {}).isdisjoint(sources):
                return None
        where = self._places()
        changes: dict[str, list[Any]] = {}
        for old_id, new in swap.items():
            for name, group in where.get(old_id, ()):
                values = changes.setdefault(name, list(getattr(site, name)))
                if group < 0:
                    values[_index(values, old_id)] = new
                    continue
                within = list(values[group].entries)
                within[_index(within, old_id)] = new
                values[group] = dataclasses.replace(values[group], entries=tuple(within))
        fields: dict[str, Any] = {name: tuple(values) for name, values in changes.items()}
        swapped = dataclasses.replace(site, **fields)
        by_source = self._by_source
        for old_id, new in swap.items():
            where[id(new)] = where.pop(old_id, [])
            if by_source is not None:
                by_source[new.source] = new
        self.site = swapped
        return swapped

    def _places(self) -> dict[int, list[tuple[str, int]]]:
        if self._where is None:
            self._where = {}
            for name in _FLAT:
                for item in getattr(self.site, name):
                    self._where.setdefault(id(item), []).append((name, -1))
            for name in _GROUPED:
                for group, found in enumerate(getattr(self.site, name)):
                    for item in found.entries:
                        self._where.setdefault(id(item), []).append((name, group))
        return self._where

    def pages_showing(self, sources: Iterable[str]) -> set[str]:
        """Outputs of pages that read bodies and show any of ``sources``."""
        if self._shows is None:
            self._shows = {}
            for output, record in self.run.pages_cache().records.items():
                self._note(output, record.shows)
        found: set[str] = set()
        for source in sources:
            found |= self._shows.get(source, set())
        return found

    def _note(self, output: str, shows: Iterable[str]) -> None:
        assert self._shows is not None
        for source in shows:
            self._shows.setdefault(source, set()).add(output)

    def rendered(self, output: str, before: Iterable[str], after: Iterable[str]) -> None:
        """A page was rendered again: what it shows now."""
        if self._shows is not None:
            for source in before:
                self._shows.get(source, set()).discard(output)
            self._note(output, after)


def rebuild_in_memory(
    last: LastBuild, config: Config, options: BuildOptions, changed: Iterable[Path]
) -> BuildResult | None:
    """The build after saves of ``changed`` (see the module docstring), or None when a whole
    build is needed."""
    started = time.perf_counter()
    if config is not last.config or options != last.options:
        return None
    run = last.run
    sources = _sources(run, changed)
    if sources is None:
        return None
    content = ContentOptions(options.drafts, options.future)
    fresh = run.sources.work(sources, config, content)(0, len(sources))
    for source, loaded in zip(sources, fresh, strict=True):
        record = run.sources.record(source)
        if (
            record is None
            or record.kind == "none"
            or loaded.problems
            or not loaded.parsed
            or loaded.kind != record.kind
            or loaded.meta != record.meta
        ):
            return None
    adopted = [run.sources.adopt(s, f).item for s, f in zip(sources, fresh, strict=True)]
    swapped = _swap(last, sources, adopted)
    if swapped is None:
        return None
    site, changed_items = swapped
    result = _render(last, site, changed_items, started)
    if result is not None:
        _commit(last, fresh)
    return result


def _sources(run: CacheRun, changed: Iterable[Path]) -> list[SourceFile] | None:
    """The content files among ``changed``; None if any other file matters."""
    sources = []
    for path in sorted(changed):
        source = run.sources.seen.get(str(path))
        if source is None and not path.exists():
            continue  # an editor's temporary file, gone again: the site never saw it
        if source is None or source.kind is SourceKind.STATIC or not path.is_file():
            return None
        sources.append(source)
    return sources or None


def _swap(
    last: LastBuild, sources: list[SourceFile], loaded: list[Entry | Page | None]
) -> tuple[Site, frozenset[str]] | None:
    """The last site with the new items in place of the old, and the sources whose items now
    have other fingerprints."""
    run = last.run
    pages = run.pages_cache()
    swap: dict[int, Entry | Page] = {}
    fingerprints = dict(pages.items)
    for source, item in zip(sources, loaded, strict=True):
        old = last.item(source.rel)
        if old is None or item is None:
            return None
        if isinstance(old, Entry) and isinstance(item, Entry) and old.responses != item.responses:
            item = dataclasses.replace(item, responses=old.responses)  # as load_site gives it
        swap[id(old)] = item
        fingerprints[source.rel] = (run.meta_fingerprints.of(item), run.fingerprints.of(item))
    site = last.swapped(swap)
    if site is None:
        return None
    changed = frozenset(s.rel for s in sources if pages.items.get(s.rel) != fingerprints[s.rel])
    pages.follow(last.env, site, fingerprints, changed)
    return site, changed


_FLAT = ("entries", "tombstones", "pages", "menu")
_GROUPED = ("tags", "categories", "archive")


def _index(values: list[Any], wanted: int) -> int:
    return next(at for at, value in enumerate(values) if id(value) == wanted)


def _render(
    last: LastBuild, site: Site, changed: frozenset[str], started: float
) -> BuildResult | None:
    from plnpress.build import BuildResult

    run = last.run
    pages = run.pages_cache()
    records = pages.records
    candidates = last.pages_showing(changed)
    candidates |= {output for output, found in records.items() if found.reads or not found.stable}
    stale_outputs = {output for output in candidates if not pages.unchanged(output)}
    jobs = plan_pages(site, only=stale_outputs)
    if {job.output for job in jobs} != stale_outputs:
        return None
    before = {job.output: records[job.output].shows for job in jobs}
    staging = Staging(last.state_dir, last.output_dir)
    log = ProblemLog()
    try:
        work = PageWork(jobs, site.config, last.env, pages, run.manifest, staging)
        files = render_stale(jobs, work, pages, log, processes=1)
        if log.has_errors:
            return None
        units = UnitCache(run.cache_state()["units"], run.manifest)
        files += feed_files(site, units, run.fingerprints)
        report = write_changed(files, last.output_dir, run.manifest)
    finally:
        staging.discard()
    for job in jobs:
        last.rendered(job.output, before[job.output], records[job.output].shows)
    run.cache_state()["units"].update(units.records)
    return BuildResult(
        site=site,
        output_dir=last.output_dir,
        report=report,
        seconds=time.perf_counter() - started,
        warnings=last.warnings,
    )


def _commit(last: LastBuild, loaded: list[Fresh]) -> None:
    """The rebuild is on disk: what the next build starts from (the state's other parts are
    the dictionaries the rebuild updated)."""
    state = last.run.cache_state()
    bodies = last.run.sources.bodies
    state["items"] = last.run.pages_cache().items
    for fresh in loaded:
        if fresh.body is not None:
            state["bodies"][fresh.body] = bodies[fresh.body]
        if fresh.markdown is not None and fresh.markdown_key is not None:
            state["markdown"][fresh.markdown_key] = fresh.markdown
