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
from plnpress.incremental.rendering import PageWork, render_stale
from plnpress.incremental.structure import DERIVED, ITEM_FIELDS, items, items_in
from plnpress.incremental.units import UnitCache, feed_files
from plnpress.model import ArchiveMonth, Entry, Page, Site, Taxon
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
    return _render(last, site, changed_items, started)


def _sources(run: CacheRun, changed: Iterable[Path]) -> list[SourceFile] | None:
    sources = []
    for path in sorted(changed):
        source = run.sources.seen.get(str(path))
        if source is None or source.kind is SourceKind.STATIC or not path.is_file():
            return None
        sources.append(source)
    return sources


def _swap(
    last: LastBuild, sources: list[SourceFile], loaded: list[Entry | Page | None]
) -> tuple[Site, frozenset[str]] | None:
    """The last site with the new items in place of the old, and the sources whose items now
    have other fingerprints."""
    run = last.run
    pages = run.pages_cache()
    by_source = {item.source: item for item in items(last.site)}
    swap: dict[int, Entry | Page] = {}
    fingerprints = dict(pages.items)
    for source, item in zip(sources, loaded, strict=True):
        old = by_source.get(source.rel)
        if old is None or item is None:
            return None
        if isinstance(old, Entry) and isinstance(item, Entry) and old.responses != item.responses:
            item = dataclasses.replace(item, responses=old.responses)  # as load_site gives it
        swap[id(old)] = item
        fingerprints[source.rel] = (run.meta_fingerprints.of(item), run.fingerprints.of(item))
    site = _swapped_site(last.site, swap)
    if site is None:
        return None
    changed = frozenset(s for s, pair in fingerprints.items() if pages.items.get(s) != pair)
    pages.follow(last.env, site, fingerprints, changed)
    return site, changed


def _swapped_site(site: Site, swap: Mapping[int, Entry | Page]) -> Site | None:
    """``site`` with items swapped by identity; None if one is somewhere this cannot reach."""
    changes: dict[str, Any] = {}
    swapped_sources = {item.source for item in swap.values()}
    for site_field in dataclasses.fields(Site):
        value = getattr(site, site_field.name)
        if site_field.name in (*ITEM_FIELDS, "menu"):
            changes[site_field.name] = _swapped(value, swap)
        elif site_field.name in DERIVED:
            changes[site_field.name] = tuple(_swapped_group(group, swap) for group in value)
        elif not items_in(value, {}).isdisjoint(swapped_sources):
            return None
    return dataclasses.replace(site, **changes)


def _swapped(values: tuple[Any, ...], swap: Mapping[int, Any]) -> tuple[Any, ...]:
    if not any(id(value) in swap for value in values):
        return values
    return tuple(swap.get(id(value), value) for value in values)


def _swapped_group(group: Taxon | ArchiveMonth, swap: Mapping[int, Any]) -> Taxon | ArchiveMonth:
    entries = _swapped(group.entries, swap)
    return group if entries is group.entries else dataclasses.replace(group, entries=entries)


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
    _commit(last, site, units)
    return BuildResult(
        site=site,
        output_dir=last.output_dir,
        report=report,
        seconds=time.perf_counter() - started,
        warnings=last.warnings,
    )


def _commit(last: LastBuild, site: Site, units: UnitCache) -> None:
    """The rebuild is on disk: what the next build starts from."""
    state = last.run.cache_state()
    sources = last.run.sources
    pages = last.run.pages_cache()
    last.site = site
    state["units"] = {**state["units"], **units.records}
    state["items"] = pages.items
    state["bodies"] = {**state["bodies"], **sources.bodies}
    state["markdown"] = sources.markdown_in_use()
