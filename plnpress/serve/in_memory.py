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
import functools
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from plnpress.build import SiteWork, render_and_write
from plnpress.build_types import BuildOptions, BuildResult
from plnpress.content.discovery import SourceFile
from plnpress.content.loader import ContentOptions
from plnpress.errors import ProblemLog
from plnpress.incremental.last_build import LastBuild
from plnpress.incremental.loading import Fresh
from plnpress.incremental.units import UnitCache
from plnpress.model import Entry, Page, Site
from plnpress.render.plan import plan_pages

if TYPE_CHECKING:
    from plnpress.config import Config
    from plnpress.incremental.cache import CacheRun


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
    content = ContentOptions(options.drafts, options.future, options.reading)
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
        if source is None or not source.kind.is_content or not path.is_file():
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
        if type(old) is type(item) and old.responses != item.responses:
            item = dataclasses.replace(item, responses=old.responses)  # as load_site gives it
        swap[id(old)] = item
        fingerprints[source.rel] = (run.meta_fingerprints.of(item), run.fingerprints.of(item))
    site = last.swapped(swap)
    if site is None:
        return None
    changed = frozenset(s.rel for s in sources if pages.items.get(s.rel) != fingerprints[s.rel])
    pages.follow(last.env, site, fingerprints, changed)
    return site, changed


def _render(
    last: LastBuild, site: Site, changed: frozenset[str], started: float
) -> BuildResult | None:
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
    units = UnitCache(run.cache_state()["units"], run.manifest)
    work = SiteWork(
        site,
        last.theme,
        last.env,
        run,
        units,
        last.output_dir,
        last.state_dir,
        last.pictures,
        last.search,
    )
    every_job = functools.cache(lambda: plan_pages(site))
    report = render_and_write(work, jobs, (), every_job, ProblemLog(), processes=1, whole=False)
    if report is None:
        return None
    for job in jobs:
        last.rendered(job.output, before[job.output], records[job.output].shows)
    run.cache_state()["units"].update(units.records)
    return BuildResult(
        site=site,
        output_dir=last.output_dir,
        report=report,
        seconds=time.perf_counter() - started,
        warnings=last.warnings,
        index_later=last.search.catch_up if last.search and last.search.pending else None,
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
