"""Which HTML pages a site has: one job per page, with its template and data.

The plan is pure data, decided before anything is rendered, so that the incremental rebuild can tell
which pages show which entries.
"""

from __future__ import annotations

from collections.abc import Container, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from plnpress.content.blogroll import BLOGROLL as BLOGROLL_FILE
from plnpress.model import Entry, EntryKind, Page, Site, Taxon
from plnpress.model.network import network_of
from plnpress.model.permalinks import output_path, url_path
from plnpress.render.feedlinks import FOLLOW
from plnpress.render.networklinks import BLOGROLL, NETWORK

SEARCH = "/search/"
"""The search page (when the site has search)."""


@dataclass(frozen=True, slots=True)
class Pagination:
    """One page of a paginated list; paths are root-relative URLs."""

    number: int
    total: int
    entries: tuple[Entry, ...]
    first_path: str
    previous_path: str | None
    next_path: str | None


@dataclass(frozen=True, slots=True, eq=False)
class PageJob:
    """An HTML page to render."""

    permalink: str
    """Path below the site root, e.g. ``/tags/python/page/2/``."""
    output: str
    """The file under the output folder."""
    template: str
    context: Mapping[str, Any]
    """Template data; always ``kind``, ``path`` (root-relative URL) and ``page_url`` (absolute)."""
    kind: str
    """What the page is (``home``, ``entry``, ``tag``, ...): themes branch on it, tests check it."""
    source: str | None = None
    """The content file behind the page, if any (for messages)."""
    source_line: int | None = None
    """The line choosing the template, if the writer chose one."""
    entries: tuple[Entry, ...] = field(default=())
    """Entries the page shows: when one changes, the page is rebuilt."""


def plan_pages(site: Site, only: Container[str] | None = None) -> list[PageJob]:
    """Every HTML page of the site, in a stable order; with ``only``, just the pages that write
    those files (a warm build plans the few that may have changed)."""
    wanted = _Wanted(only)
    jobs: list[PageJob] = []
    jobs += _paginated(site, site.entries, "/", "index.html", "home", {}, wanted)
    links = site.of_kind(EntryKind.LINK)
    jobs += _paginated(site, links, "/links/", "list.html", "links", {"title": "Links"}, wanted)
    jobs += _taxonomy(site, site.tags, "/tags/", "tag", "Tags", wanted)
    jobs += _taxonomy(site, site.categories, "/categories/", "category", "Categories", wanted)
    if wanted.permalink("/archive/"):
        context = {"archive": site.archive}
        jobs.append(_job(site, "/archive/", "archive.html", "archive", context, site.entries))
    shown = wanted.entries(site.entries)
    neighbours = site.all_neighbours() if len(shown) > 50 else _neighbours(site, shown)
    for entry in shown:
        older, newer = neighbours[id(entry)]
        jobs.append(
            _entry_job(site, entry, "entry.html", "entry", {"older": older, "newer": newer})
        )
    for entry in site.tombstones:
        if wanted.output(entry.location.output):
            jobs.append(_entry_job(site, entry, "tombstone.html", "tombstone", {}))
    jobs.extend(_page_job(site, page) for page in site.pages if wanted.output(page.location.output))
    jobs += _network_pages(site, wanted)
    if wanted.permalink(FOLLOW) and not has_page_at(site, FOLLOW):
        follow: dict[str, Any] = {"title": "Follow", "taxa": site.tags}
        jobs.append(_job(site, FOLLOW, "follow.html", "follow", follow))
    if site.search and wanted.permalink(SEARCH) and not has_page_at(site, SEARCH):
        jobs.append(_job(site, SEARCH, "search.html", "search", {"title": "Search"}))
    jobs += _alias_pages(site, wanted)
    if wanted.permalink("/404.html"):
        jobs.append(_job(site, "/404.html", "404.html", "404", {"title": "Page not found"}))
    return jobs


class _Wanted:
    """Which pages to plan: every one, or those writing the given files."""

    def __init__(self, only: Container[str] | None) -> None:
        self._only = only

    def output(self, output: str) -> bool:
        return self._only is None or output in self._only

    def entries(self, entries: tuple[Entry, ...]) -> Sequence[Entry]:
        only = self._only
        if only is None:
            return entries
        return [entry for entry in entries if entry.location.output in only]

    def permalink(self, permalink: str) -> bool:
        return self._only is None or output_path(permalink) in self._only


def _neighbours(
    site: Site, entries: Sequence[Entry]
) -> dict[int, tuple[Entry | None, Entry | None]]:
    """:meth:`Site.all_neighbours` of a few ``entries``, without working out everyone's."""
    listed = site.entries
    found: dict[int, tuple[Entry | None, Entry | None]] = {}
    for entry in entries:
        at = listed.index(entry)
        older = next((e for e in listed[at + 1 :] if e.kind is entry.kind), None)
        newer = next((e for e in reversed(listed[:at]) if e.kind is entry.kind), None)
        found[id(entry)] = (older, newer)
    return found


def _job(
    site: Site,
    permalink: str,
    template: str,
    kind: str,
    context: dict[str, Any],
    entries: Sequence[Entry] = (),
) -> PageJob:
    path = url_path(site.config.base_path, permalink)
    common = {"kind": kind, "path": path, "page_url": site.config.origin + path}
    return PageJob(
        permalink=permalink,
        output=output_path(permalink),
        template=template,
        context=MappingProxyType({**common, **context}),
        kind=kind,
        entries=tuple(entries),
    )


def _paginated(
    site: Site,
    entries: Sequence[Entry],
    base: str,
    template: str,
    kind: str,
    context: dict[str, Any],
    wanted: _Wanted,
) -> Iterator[PageJob]:
    size = site.config.site.per_page
    total = max(1, -(-len(entries) // size))
    root = site.config.base_path

    def permalink(number: int) -> str:
        return base if number == 1 else f"{base}page/{number}/"

    for number in range(1, total + 1):
        if not wanted.permalink(permalink(number)):
            continue
        chunk = tuple(entries[(number - 1) * size : number * size])
        pagination = Pagination(
            number=number,
            total=total,
            entries=chunk,
            first_path=url_path(root, permalink(1)),
            previous_path=url_path(root, permalink(number - 1)) if number > 1 else None,
            next_path=url_path(root, permalink(number + 1)) if number < total else None,
        )
        yield _job(
            site,
            permalink(number),
            template,
            kind,
            {**context, "pagination": pagination, "entries": chunk},
            entries=chunk,
        )


def _taxonomy(
    site: Site, taxa: Sequence[Taxon], base: str, kind: str, title: str, wanted: _Wanted
) -> Iterator[PageJob]:
    if not taxa:
        return
    if wanted.permalink(base):
        yield _job(site, base, "taxonomy.html", f"{kind}-index", {"title": title, "taxa": taxa})
    for taxon in taxa:
        yield from _paginated(
            site,
            taxon.entries,
            f"{base}{taxon.slug}/",
            "list.html",
            kind,
            {"title": taxon.name, "taxon": taxon},
            wanted,
        )


def _entry_job(
    site: Site, entry: Entry, template: str, kind: str, context: dict[str, Any]
) -> PageJob:
    chosen = template if entry.deleted else entry.template or template
    job = _job(
        site,
        entry.location.permalink,
        chosen,
        kind,
        {"entry": entry, "title": entry.title, **context},
        entries=(entry,),
    )
    return _with_source(job, entry.source, entry.lines.get("template") if entry.template else None)


def _page_job(site: Site, page: Page) -> PageJob:
    job = _job(
        site,
        page.location.permalink,
        page.template or "page.html",
        "page",
        {"page": page, "title": page.title},
    )
    return _with_source(job, page.source, page.lines.get("template") if page.template else None)


def has_page_at(site: Site, permalink: str) -> bool:
    """Whether one of the writer's pages lives at ``permalink`` (it wins over a generated page)."""
    return any(page.location.permalink == permalink for page in site.pages)


def _network_pages(site: Site, wanted: _Wanted) -> Iterator[PageJob]:
    """``/network/`` once anyone responded or any entry links out; ``/blogroll/`` if it has
    anyone. The network page counts over every entry, so it lists them all."""
    network = network_of(site.entries, site.config.base_url) if wanted.permalink(NETWORK) else None
    if network:
        context = {"title": "Network", "network": network}
        yield _job(site, NETWORK, "network.html", "network", context, entries=site.entries)
    if site.blogroll and wanted.permalink(BLOGROLL):
        context = {"title": "Blogroll", "blogroll": site.blogroll}
        yield _with_source(
            _job(site, BLOGROLL, "blogroll.html", "blogroll", context), BLOGROLL_FILE, None
        )


def _alias_pages(site: Site, wanted: _Wanted) -> Iterator[PageJob]:
    """A page at each old address (``aliases:``) that sends the reader on to the new one."""
    for alias, item in site.aliases():
        if wanted.output(alias.output):
            context = {"target": item, "title": item.title}
            job = _job(site, alias.permalink, "alias.html", "alias", context)
            yield _with_source(job, item.source, None)


def _with_source(job: PageJob, source: str, line: int | None) -> PageJob:
    return PageJob(
        job.permalink, job.output, job.template, job.context, job.kind, source, line, job.entries
    )
