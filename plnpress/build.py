"""``build(config, options)``: the whole build, phase by phase, read top to bottom.

config -> content -> model -> render -> output. Pages are rendered into a staging folder beside the
build state and moved into the site only once every page has rendered without an error, so a
failed build leaves the previous site as it was.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import jinja2

from plnpress.config import CONFIG_FILE, Config
from plnpress.content import ContentOptions, load_site
from plnpress.errors import Problem, ProblemLog, ProblemsError
from plnpress.incremental import BuildCache, CacheRun, feed_files
from plnpress.incremental.last_build import LastBuild
from plnpress.incremental.parallel import fewer_collections
from plnpress.incremental.rendering import PageWork, render_stale
from plnpress.model import EntryKind, Site
from plnpress.output import OutputFile, WriteReport, write_output
from plnpress.output.staging import Staging
from plnpress.render.context import install_globals
from plnpress.render.directory import directory_files
from plnpress.render.hosting import HOST_FILES, host_rule_files
from plnpress.render.responses import avatar_files
from plnpress.render.sitemap import render_sitemap
from plnpress.render.theme import (
    Theme,
    ThemeError,
    find_theme,
    make_environment,
    template_folders,
)

STATE_DIR = ".plnpress-cache"
"""Build state kept beside the content (git-ignored): the output manifest and caches."""


@dataclass(frozen=True, slots=True)
class BuildOptions:
    drafts: bool = False
    """Include drafts."""
    future: bool = False
    """Include entries dated in the future."""
    output: Path | None = None
    """Where to write the site; ``site/`` in the blog folder by default."""
    live_reload_script: str | None = None
    """Served pages only: a script tag ``plnpress serve`` injects. Never set by ``build``."""
    processes: int | None = None
    """Processes a build may use for loading and rendering; None: one per core, when there is
    enough work to share. The output is the same whatever it is."""


@dataclass(frozen=True, slots=True)
class BuildResult:
    site: Site
    output_dir: Path
    report: WriteReport
    seconds: float
    warnings: tuple[Problem, ...]

    @property
    def summary(self) -> str:
        posts = len(self.site.of_kind(EntryKind.POST))
        links = len(self.site.of_kind(EntryKind.LINK))
        pages = len(self.site.pages)
        report = self.report
        return (
            f"Built {posts} post{_s(posts)}, {links} link{_s(links)}, {pages} page{_s(pages)}: "
            f"{report.written} file{_s(report.written)} written, {report.unchanged} unchanged, "
            f"{report.removed} removed in {self.seconds:.2f} s"
        )


def _s(count: int) -> str:
    return "" if count == 1 else "s"


def build(
    config: Config, options: BuildOptions | None = None, cache: BuildCache | None = None
) -> BuildResult:
    """Build the blog; raise :class:`ProblemsError` listing every problem if anything is wrong.

    What earlier builds learnt is in ``cache`` (``plnpress serve`` keeps one in memory), or else
    read from ``.plnpress-cache/``: unchanged files are not read, rendered or written again, and
    the site comes out byte for byte as a build without a cache would make it.
    """
    with fewer_collections():
        return _build(config, options or BuildOptions(), cache)


def _build(config: Config, options: BuildOptions, cache: BuildCache | None) -> BuildResult:
    started = time.perf_counter()
    state_dir = config.root / STATE_DIR
    log = ProblemLog()
    log.extend(config.warnings)
    output_dir = _output_dir(config, options, log)
    theme = _theme(config, log)
    run = _cache(config, options, output_dir, cache).start(config, _key(options), options.processes)

    content = ContentOptions(options.drafts, options.future)
    site = load_site(config, content, log, run.sources)
    if theme is None or output_dir is None:
        run.abandon()
        raise ProblemsError(log.problems)

    staging = Staging(state_dir, output_dir)
    staging.discard_abandoned()
    env = make_environment(site.config, theme, state_dir / "templates")
    install_globals(env, site, {"live_reload_script": options.live_reload_script})
    try:
        files = render_site(site, theme, env, log, options, run, staging)
        files = _without_collisions(files, log)
        if log.has_errors:
            run.abandon()
            raise ProblemsError(log.problems)
        report = write_output(files, output_dir, state_dir, run.manifest, staging)
    finally:
        staging.discard()
    run.finish()
    warnings = tuple(p for p in log.problems if not p.is_error)
    run.remember(LastBuild(config, options, site, env, run, warnings, output_dir, state_dir))
    return BuildResult(
        site=site,
        output_dir=output_dir,
        report=report,
        seconds=time.perf_counter() - started,
        warnings=warnings,
    )


def render_site(
    site: Site,
    theme: Theme,
    env: jinja2.Environment,
    log: ProblemLog,
    options: BuildOptions,
    run: CacheRun,
    staging: Staging,
) -> list[OutputFile]:
    """Every file of the site: pages, feeds, sitemap and the network's data files, then static
    files.

    Pages and feeds whose inputs did not change since the last build are kept as they are on
    disk (``OutputFile.kept``); the rest are rendered, pages into ``staging``.
    """
    pages = run.pages(env, template_folders(site.config, theme))
    pages.track(env, site)
    stale, kept, every_job = pages.plan(site)
    others: list[OutputFile] = []

    def feeds_and_the_rest() -> None:  # while workers render the pages
        structure = pages.structure  # what the sitemap and the network's files are made of
        assert structure is not None
        others.extend(feed_files(site, run.units, run.fingerprints))
        sitemap = run.units.files("sitemap", structure, lambda: render_sitemap(site, every_job()))
        others.extend(sitemap)
        others.extend(run.units.files("directory", structure, lambda: directory_files(site)))
        others.extend(_static_files(site, theme))
        others.extend(host_rule_files(site))
        others.extend(avatar_files(site))

    work = PageWork(stale, site.config, env, pages, run.manifest, staging)
    files = render_stale(stale, work, pages, log, options.processes, feeds_and_the_rest)
    return files + kept + others


def _key(options: BuildOptions) -> str:
    """What, besides the files, changes what a content file becomes."""
    return f"drafts={options.drafts}|future={options.future}"


def _cache(
    config: Config, options: BuildOptions, output_dir: Path | None, cache: BuildCache | None
) -> BuildCache:
    if cache is not None:
        return cache
    state_dir = config.root / STATE_DIR
    if output_dir is None:  # the build fails anyway; read content without a cache
        return BuildCache(state_dir, state_dir / "unused", _key(options), persist=False)
    return BuildCache(state_dir, output_dir, _key(options))


def open_cache(config: Config, options: BuildOptions) -> BuildCache:
    """The build cache for ``options`` (read from ``.plnpress-cache/`` on first use)."""
    output = (options.output or config.root / "site").resolve()
    return BuildCache(config.root / STATE_DIR, output, _key(options))


def _static_files(site: Site, theme: Theme) -> Iterator[OutputFile]:
    own = {static.output for static in site.static_files}
    if theme.static.is_dir():
        for path in sorted(theme.static.rglob("*")):
            rel = path.relative_to(theme.static).as_posix()
            if path.is_file() and rel not in own:
                yield OutputFile(rel, copy_from=path)
    for static in site.static_files:
        if static.output in HOST_FILES:
            continue  # merged with the generated rules by host_rule_files()
        yield OutputFile(
            static.output, copy_from=site.config.root / static.source, source=static.source
        )


def _without_collisions(files: Iterable[OutputFile], log: ProblemLog) -> list[OutputFile]:
    """Two things writing one file is an error, named at the writer's file that came second.

    A generated page (no source) keeps its place; among the writer's files, the first path wins.
    """
    files = list(files)
    paths = {item.path for item in files}
    _report_files_in_the_way(files, paths, log)
    if len(paths) == len(files):
        return files  # nearly always: nothing to sort out
    claims: dict[str, list[OutputFile]] = {}
    for item in files:
        claims.setdefault(item.path, []).append(item)
    kept: list[OutputFile] = []
    for path, claimants in claims.items():
        owner, *others = sorted(claimants, key=lambda f: (f.source is not None, f.source or ""))
        kept.append(owner)
        for other in others:
            if other.source is None:
                log.error("templates", None, f"two generated pages write {path}")
                continue
            by = owner.source or "a page plnpress generates"
            log.error(
                other.source,
                1,
                f"would write {path}, which {by} also writes; choose another slug or permalink",
            )
    return kept


def _report_files_in_the_way(files: list[OutputFile], paths: set[str], log: ProblemLog) -> None:
    """A file where another output needs a folder (``feed.xml`` and ``feed.xml/index.html``,
    from a permalink or an alias ending in ``.xml/``) can never be written: an error, named at
    the writer's file that asked for it."""
    folders = {parent for path in paths for parent in _parents(path)}
    in_the_way = paths & folders
    if not in_the_way:
        return
    for item in files:
        blocking = next((p for p in _parents(item.path) if p in in_the_way), None)
        if blocking is None:
            continue
        blocker = next(f for f in files if f.path == blocking)
        blamed = item.source or blocker.source or "templates"
        by = blocker.source or "a page plnpress generates"
        log.error(
            blamed,
            None if blamed == "templates" else 1,
            f"{item.path} needs a folder {blocking}, but {by} writes a file there; "
            "choose another slug, permalink or alias",
        )


def _parents(path: str) -> Iterator[str]:
    """The folders ``path`` lies in, deepest first (``a/b/c.html``: ``a/b``, ``a``)."""
    while "/" in path:
        path = path.rsplit("/", 1)[0]
        yield path


def _theme(config: Config, log: ProblemLog) -> Theme | None:
    try:
        return find_theme(config)
    except ThemeError as exc:
        log.error(CONFIG_FILE, config.line_of("theme"), str(exc))
        return None


def _output_dir(config: Config, options: BuildOptions, log: ProblemLog) -> Path | None:
    """The output folder, refusing places where writing (and pruning) would hurt the writer."""
    output = (options.output or config.root / "site").resolve()
    content = config.content_dir.resolve()
    if output == config.root or output in config.root.parents:
        log.error("(--output)", None, f"{output} contains the blog folder; choose another folder")
        return None
    if output == content or content in output.parents or output in content.parents:
        log.error("(--output)", None, f"{output} overlaps content/; choose another folder")
        return None
    if output.exists() and not output.is_dir():
        log.error("(--output)", None, f"{output} is a file, not a folder")
        return None
    return output
