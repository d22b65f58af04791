"""``build(config, options)``: the whole build, phase by phase, read top to bottom.

config -> content -> model -> render -> output. Pages are rendered into a staging folder beside the
build state and moved into the site only once every page has rendered without an error, so a
failed build leaves the previous site as it was. The tail of the build (rendering, the other
files, problems, writing) is :func:`render_and_write`, which ``plnpress serve``'s rebuilds in
memory share, so a new kind of output is added in one place.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import jinja2

from plnpress.build_types import STATE_DIR, BuildOptions, BuildResult, state_dir
from plnpress.config import CONFIG_FILE, Config
from plnpress.content import ContentOptions, load_site
from plnpress.errors import ProblemLog, ProblemsError
from plnpress.images import PICTURE_SUFFIXES
from plnpress.incremental import BuildCache, CacheRun
from plnpress.incremental.last_build import LastBuild
from plnpress.incremental.pages import PageCache
from plnpress.incremental.parallel import without_collections
from plnpress.incremental.pictures import PublishedPictures
from plnpress.incremental.rendering import PageWork, render_stale
from plnpress.incremental.units import UnitCache, feed_files
from plnpress.model import Site
from plnpress.output import OutputFile, WriteReport, write_output
from plnpress.output.collisions import without_collisions
from plnpress.output.staging import Staging
from plnpress.output.writer import folder_key, write_changed
from plnpress.render.context import install_globals
from plnpress.render.directory import directory_files
from plnpress.render.hosting import HOST_FILES, host_rule_files
from plnpress.render.plan import PageJob
from plnpress.render.responses import avatar_files
from plnpress.render.sitemap import render_sitemap
from plnpress.render.theme import (
    Theme,
    ThemeError,
    find_theme,
    make_environment,
    template_folders,
)
from plnpress.search import MISSING, SearchIndex, pagefind_program, searchable

__all__ = [
    "STATE_DIR",
    "BuildOptions",
    "BuildResult",
    "SiteWork",
    "build",
    "open_cache",
    "render_and_write",
]


def build(
    config: Config, options: BuildOptions | None = None, cache: BuildCache | None = None
) -> BuildResult:
    """Build the blog; raise :class:`ProblemsError` listing every problem if anything is wrong.

    What earlier builds learnt is in ``cache`` (``plnpress serve`` keeps one in memory), or else
    read from ``.plnpress-cache/``: unchanged files are not read, rendered or written again, and
    the site comes out byte for byte as a build without a cache would make it.
    """
    with without_collections():
        return _build(config, options or BuildOptions(), cache)


def _build(config: Config, options: BuildOptions, cache: BuildCache | None) -> BuildResult:
    started = time.perf_counter()
    log = ProblemLog()
    log.extend(config.warnings)
    output_dir = _output_dir(config, options, log)
    theme = _theme(config, log)
    run = _cache(config, options, output_dir, cache).start(
        config, options.cache_key, options.processes
    )

    content = ContentOptions(options.drafts, options.future, options.reading)
    site = load_site(config, content, log, run.sources)
    if theme is None or output_dir is None:
        run.abandon()
        raise ProblemsError(log.problems)
    pictures = run.pictures.publish(site, _site_files(site), config.site.images.keep_metadata, log)
    search = _search(config, options, output_dir, log)
    site = dataclasses.replace(site, search=search is not None)

    env = make_environment(site.config, theme, state_dir(config) / "templates")
    served = {
        "live_reload_script": options.live_reload_script,
        "serving": options.live_reload_script is not None,
    }
    install_globals(env, site, served)
    pages = run.pages(env, template_folders(site.config, theme))
    pages.show_pictures(pictures.fingerprints())
    pages.track(env, site)
    stale, kept, every_job = pages.plan(site)
    work = SiteWork(
        site, theme, env, run, run.units, output_dir, state_dir(config), pictures, search
    )
    report = render_and_write(work, stale, kept, every_job, log, options.processes, whole=True)
    if report is None:
        run.abandon()
        raise ProblemsError(log.problems)
    run.finish()

    warnings = tuple(p for p in log.problems if not p.is_error)
    run.remember(
        LastBuild(
            config,
            options,
            site,
            theme,
            env,
            run,
            warnings,
            output_dir,
            state_dir(config),
            pictures,
            search,
        )
    )
    seconds = time.perf_counter() - started
    later = search.catch_up if search is not None and search.pending else None
    return BuildResult(site, output_dir, report, seconds, warnings, pictures.encoded, later)


@dataclass(frozen=True, slots=True)
class SiteWork:
    """What the tail of a build works on: the site, how it is rendered, and where it goes."""

    site: Site
    theme: Theme
    env: jinja2.Environment
    """The templates, their globals installed and ``site`` tracked by the page cache."""
    run: CacheRun
    units: UnitCache
    """Where feeds, the sitemap and the network's files are kept between builds."""
    output_dir: Path
    state_dir: Path
    pictures: PublishedPictures
    """The site's pictures, made or found made: what pages show of them, and their files."""
    search: SearchIndex | None = None
    """The search index, when the site has search."""

    @property
    def pages(self) -> PageCache:
        return self.run.pages_cache()


def render_and_write(
    work: SiteWork,
    jobs: Sequence[PageJob],
    kept: Sequence[OutputFile],
    every_job: Callable[[], Sequence[PageJob]],
    log: ProblemLog,
    processes: int | None,
    whole: bool,
) -> WriteReport | None:
    """The tail of every build: render ``jobs`` into a staging folder (over every core when
    there are many) while this process makes every other file, refuse outputs that collide,
    then, unless ``log`` holds an error, write.

    ``kept`` are pages already on disk as they should be; ``every_job()`` is the whole plan (for
    the sitemap, asked for only when it changed). With ``whole`` the files make up the whole
    site and any other file an earlier build wrote is removed; without, they are written over a
    site that is otherwise as the manifest says (a rebuild in memory). Returns None, writing
    nothing, when ``log`` holds an error.
    """
    staging = Staging(work.state_dir, work.output_dir)
    if whole:
        staging.discard_abandoned()
    others: list[OutputFile] = []
    try:
        pages = work.pages
        renderer = PageWork(
            jobs,
            work.site.config,
            work.env,
            pages,
            work.run.manifest,
            staging,
            work.pictures.pictures,
        )
        rendered = render_stale(
            jobs,
            renderer,
            pages,
            log,
            processes,
            lambda: others.extend(_other_files(work, every_job)),
        )
        files = without_collisions([*rendered, *kept, *others], work.site, log)
        if log.has_errors:
            return None
        if work.search is not None:
            files += work.search.files(_searched_pages(work, files), log)
        if whole:
            return write_output(files, work.output_dir, work.state_dir, work.run.manifest, staging)
        return write_changed(files, work.output_dir, work.run.manifest)
    finally:
        staging.discard()


def _other_files(work: SiteWork, every_job: Callable[[], Sequence[PageJob]]) -> list[OutputFile]:
    """Every file but the pages: feeds, sitemap, the network's data files, host rules, static
    files. Each unit is made again only when what it shows changed."""
    site, units = work.site, work.units
    structure = work.pages.structure  # what the sitemap and the network's files are made of
    assert structure is not None
    files = feed_files(site, units, work.run.fingerprints)
    files += units.files("sitemap", structure, lambda: render_sitemap(site, every_job()))
    files += units.files("directory", structure, lambda: directory_files(site))
    files += _static_files(site, work.theme)
    files += work.pictures.files
    files += host_rule_files(site)
    files += avatar_files(site)
    return files


def _cache(
    config: Config, options: BuildOptions, output_dir: Path | None, cache: BuildCache | None
) -> BuildCache:
    if cache is not None:
        return cache
    if output_dir is None:  # the build fails anyway; read content without a cache
        unused = state_dir(config) / "unused"
        return BuildCache(state_dir(config), unused, options.cache_key, persist=False)
    return BuildCache(state_dir(config), output_dir, options.cache_key)


def open_cache(config: Config, options: BuildOptions) -> BuildCache:
    """The build cache for ``options`` (read from ``.plnpress-cache/`` on first use)."""
    return BuildCache(state_dir(config), options.output_dir(config), options.cache_key)


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
        if PurePosixPath(static.output).suffix.lower() in PICTURE_SUFFIXES:
            continue  # published by the picture cache (SiteWork.pictures)
        yield OutputFile(
            static.output, copy_from=site.config.root / static.source, source=static.source
        )


def _searched_pages(work: SiteWork, files: Sequence[OutputFile]) -> dict[str, tuple[Path, str]]:
    """The pages search finds: where each one's bytes are now (staged, or in the site as the
    manifest says) and their digest."""
    by_path = {item.path: item for item in files}
    records = work.run.manifest.records
    pages: dict[str, tuple[Path, str]] = {}
    for rel in searchable(work.site):
        item = by_path.get(rel)
        if item is not None and item.staged is not None:
            pages[rel] = (Path(item.staged.path), item.staged.digest)
        elif item is not None and item.kept is not None:
            pages[rel] = (work.output_dir / rel, item.kept)
        elif item is None and rel in records:  # a rebuild in memory that left it as it was
            pages[rel] = (work.output_dir / rel, records[rel].digest)
    return pages


def _search(
    config: Config, options: BuildOptions, output_dir: Path, log: ProblemLog
) -> SearchIndex | None:
    """The search index, when ``search: true`` and Pagefind can run here (said once if not)."""
    if not config.site.search:
        return None
    program = pagefind_program()
    if program is None:
        log.warning(CONFIG_FILE, config.line_of("search"), MISSING)
        return None
    name = folder_key(output_dir, state_dir(config), options.cache_key)
    language = config.site.language
    return SearchIndex(program, state_dir(config), name, language, options.search_later)


def _site_files(site: Site) -> list[tuple[str, str]]:
    """The writer's files published as they are (pictures among them): each one's path in the
    blog and in the site."""
    return [(static.source, static.output) for static in site.static_files]


def _theme(config: Config, log: ProblemLog) -> Theme | None:
    try:
        return find_theme(config)
    except ThemeError as exc:
        log.error(CONFIG_FILE, config.line_of("theme"), str(exc))
        return None


def _output_dir(config: Config, options: BuildOptions, log: ProblemLog) -> Path | None:
    """The output folder, refusing places where writing (and pruning) would hurt the writer."""
    output = options.output_dir(config)
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
