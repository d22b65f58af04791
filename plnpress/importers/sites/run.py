"""``import_site(config, generator, source)``: another generator's folder into this blog, read top
to bottom.

layout (what is where, the old permalink patterns) -> each Markdown file read: front matter
mapped, title, date, slug, kind, old addresses -> every item placed (its new file and address)
-> bodies converted, references to other items pointing at their new addresses -> written through
the ledger, old addresses as aliases, the sent log baselined (:func:`finish_import`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path, PurePosixPath

from plnpress.config import Config
from plnpress.content.naming import named_stem
from plnpress.importers.entry import ImportedEntry, ImportedFile, ImportedKind
from plnpress.importers.report import ImportReport
from plnpress.importers.run import finish_import
from plnpress.importers.sites import old_urls
from plnpress.importers.sites.front import Converted, convert_front
from plnpress.importers.sites.headers import HeaderError, read_source
from plnpress.importers.sites.layouts import LAYOUTS, Layout, SourceItem
from plnpress.importers.sites.template_tags import TagContext, convert_tags
from plnpress.importers.sites.titles import title_from_heading, title_from_text
from plnpress.importers.write import Placed, place
from plnpress.model.permalinks import PermalinkError, output_path
from plnpress.model.slugs import slugify, split_date_prefix

GENERATORS = tuple(LAYOUTS)
_URLS = {
    "jekyll": old_urls.jekyll_url,
    "hugo": old_urls.hugo_url,
    "pelican": old_urls.pelican_url,
    "eleventy": old_urls.eleventy_url,
}


@dataclass(frozen=True, slots=True)
class _Read:
    item: SourceItem
    entry: ImportedEntry
    body_line: int


def import_site(
    config: Config,
    generator: str,
    source: Path,
    old_permalinks: Sequence[str] = (),
    report: ImportReport | None = None,
) -> ImportReport:
    """Import the ``generator`` site in ``source`` into the blog of ``config``.

    ``old_permalinks`` are ``[SECTION=]PATTERN`` in the generator's syntax, for a source folder
    that lacks its config (or to correct it)."""
    layout = LAYOUTS[generator](source)
    report = report or ImportReport(f"{generator.capitalize()} site {source}")
    for given in old_permalinks:
        section, _, pattern = (
            given.rpartition("=") if "=" in given.split("/")[0] else ("", "", given)
        )
        layout.patterns[section.strip("/")] = pattern
        layout.config = "--old-permalink"
    for rel, why in layout.skipped:
        report.skip(rel, why)
    reads = [r for r in (_read(item, layout, config, report) for item in layout.items) if r]
    placed = place(config, [r.entry for r in reads], ImportReport(report.source))
    resolve = _resolver(reads, placed, layout)
    site_url = config.base_url.rstrip("/")
    entries = []
    for read, where in zip(reads, placed, strict=True):
        context = TagContext(resolve, site_url, read.item.rel, read.body_line)
        body = _intrasite_links(read.entry.body, read.item.inner, resolve)
        entries.append(replace(where.entry, body=convert_tags(body, context, report)))
    statics = [ImportedFile(f"content/static/{rel}", source=path) for rel, path in layout.statics]
    report.count("static files", len(statics))
    if layout.other_files:
        report.count("other files not brought (the old theme's, tools')", layout.other_files)
    finish_import(config, entries, report, statics)
    return report


def _read(item: SourceItem, layout: Layout, config: Config, report: ImportReport) -> _Read | None:
    try:
        text = item.path.read_text(encoding="utf-8")
        source = read_source(text)
    except UnicodeDecodeError:
        report.skip(item.rel, "not UTF-8 text")
        return None
    except HeaderError as exc:
        report.warn(item.rel, exc.line, exc.message)
        report.skip(item.rel, f"its front matter cannot be read (line {exc.line})")
        return None
    timezone = config.site.timezone
    converted = convert_front(source, item.rel, item.page, timezone, report)
    body = source.body
    title = converted.title
    if title is None:
        title, body = title_from_heading(body)
    stem_date, stem_slug = split_date_prefix(named_stem(item.inner))
    date = converted.date or _date_of(stem_date, item, timezone)
    page = item.page or date is None or _says_page(source.front, item)
    if _is_404(item, converted):
        report.skip(item.rel, "a 404 page: plnpress makes its own")
        return None
    if converted.permalink is not None and converted.permalink.strip().lower() == "false":
        report.skip(item.rel, "permalink: false (the old site did not publish it)")
        return None
    front = dict(converted.front)
    if title is None:
        title = title_from_text(body, front)
    front = {"title": title, **{k: v for k, v in front.items() if k != "title"}}
    slug = converted.slug or _default_slug(layout.generator, stem_slug, title)
    if item.draft_folder:
        front["draft"] = True
    kind = _kind(page, front)
    addresses = _old_addresses(item, layout, converted, title, slug, date, report)
    if page and addresses and _usable_permalink(addresses[0]):
        front["permalink"] = addresses[0]
    report.count({ImportedKind.POST: "posts", ImportedKind.LINK: "links"}.get(kind, "pages"))
    if front.get("draft"):
        report.count("drafts")
    entry = ImportedEntry(
        kind=kind,
        origin=item.rel,
        slug=slugify(slug) or "untitled",
        date=None if page else date,
        front=front,
        body=body,
        old_urls=tuple(addresses),
        bundle=tuple(ImportedFile(name, source=path) for name, path in item.bundle),
    )
    return _Read(item, entry, source.body_line)


def _says_page(front: dict[str, object], item: SourceItem) -> bool:
    """A page by the old site's own word: ``type: page``, a page layout, a ``pages/`` folder."""
    layout = PurePosixPath(str(front.get("layout") or "x")).stem.split(".")[0]
    return front.get("type") == "page" or layout == "page" or item.inner.startswith("pages/")


def _date_of(prefix: str | None, item: SourceItem, timezone: object) -> datetime | None:
    from plnpress.schema import Invalid, parse_datetime

    if prefix is not None:
        try:
            return parse_datetime(prefix, timezone)  # type: ignore[arg-type]
        except Invalid:
            return None
    folders = re.search(r"(?:^|/)(\d{4})/(\d{2})/(\d{2})/", item.inner)
    if folders is not None:
        return parse_datetime("-".join(folders.groups()), timezone)  # type: ignore[arg-type]
    if item.draft_folder:  # Jekyll's drafts have no date: the file's time stands in
        stamp = item.path.stat().st_mtime
        return datetime.fromtimestamp(int(stamp), tz=timezone)  # type: ignore[arg-type]
    return None


def _default_slug(generator: str, stem: str, title: str) -> str:
    if generator == "pelican":  # Pelican's slugs come from the title
        return slugify(title)
    return stem if stem not in {"index", ""} else slugify(title)


def _kind(page: bool, front: dict[str, object]) -> ImportedKind:
    if page:
        for key in ("in_reply_to", "like_of", "repost_of", "bookmark_of", "tags", "category"):
            front.pop(key, None)
        return ImportedKind.PAGE
    return ImportedKind.LINK if "bookmark_of" in front else ImportedKind.POST


def _is_404(item: SourceItem, converted: Converted) -> bool:
    names = {named_stem(item.inner), (converted.permalink or "").strip("/").removesuffix(".html")}
    return "404" in names


def _old_addresses(
    item: SourceItem,
    layout: Layout,
    converted: Converted,
    title: str,
    slug: str,
    date: datetime | None,
    report: ImportReport,
) -> list[str]:
    """The item's own old address first, then its older ones (aliases, redirect_from)."""
    inner = PurePosixPath(item.inner)
    path = (inner.parent if inner.stem == "index" else inner.with_suffix("")).as_posix()
    old = old_urls.OldItem(
        title=title,
        slug=converted.slug
        or _default_slug(layout.generator, split_date_prefix(named_stem(item.inner))[1], title),
        date=date,
        filename=split_date_prefix(named_stem(item.inner))[1]
        if layout.generator != "hugo"
        else named_stem(item.inner),
        path=path,
        categories=converted.categories,
    )
    own: list[str] = []
    try:
        if converted.url:
            own.append(converted.url)
        elif converted.permalink:
            own.append(_from_permalink(layout.generator, converted.permalink, old))
        elif item.page and layout.generator == "jekyll":
            own.append("/" + path + ".html")
        elif item.page and layout.page_pattern:
            own.append(_URLS[layout.generator](layout.page_pattern, old))
        else:
            own.append(_URLS[layout.generator](_pattern(layout, path), old))
        if layout.generator == "eleventy" and not converted.permalink:
            own.append(old_urls.eleventy_url(old_urls.ELEVENTY_DEFAULT, old))
    except old_urls.UnknownPlaceholder as exc:
        report.warn(item.rel, None, f"its old address cannot be worked out: {exc} is not known")
    base = own[0] if own else "/"
    older = [
        u if u.startswith(("/", "http")) else base.rsplit("/", 2)[0] + "/" + u
        for u in converted.old_urls
    ]
    return list(dict.fromkeys(own + older))


def _from_permalink(generator: str, permalink: str, item: old_urls.OldItem) -> str:
    if "{{" in permalink:
        return old_urls.eleventy_url(permalink, item)
    if ":" in permalink:
        return old_urls.jekyll_url(permalink, item)
    return permalink if permalink.startswith("/") else "/" + permalink


def _pattern(layout: Layout, path: str) -> str:
    """The pattern of the longest section ``path`` is in."""
    sections = sorted(layout.patterns, key=len, reverse=True)
    return next(layout.patterns[s] for s in sections if not s or path.startswith(s + "/"))


def _usable_permalink(address: str) -> bool:
    try:
        output_path(address)
    except PermalinkError:
        return False
    return address.startswith("/") and address != "/"


def _resolver(reads: Sequence[_Read], placed: Sequence[Placed], layout: Layout):  # type: ignore[no-untyped-def]
    """References to items of the old site (file paths, names) -> their new paths; a name
    that two items share is not used."""
    keys: Counter[str] = Counter()
    targets: dict[str, str] = {}
    for read, where in zip(reads, placed, strict=True):
        inner = read.item.inner
        stem = PurePosixPath(inner).with_suffix("").as_posix()
        names = {inner, stem, PurePosixPath(inner).name, PurePosixPath(stem).name}
        if stem.endswith("/index"):
            names |= {stem.removesuffix("/index"), PurePosixPath(stem).parent.name}
        for name in names:
            keys[name] += 1
            targets[name] = where.location.permalink
    for rel, _ in layout.statics:
        keys[rel] += 1
        targets[rel] = "/" + rel

    def resolve(reference: str) -> str | None:
        name = reference.strip().strip("\"'").lstrip("/").removeprefix("content/")
        for candidate in (name, PurePosixPath(name).with_suffix("").as_posix()):
            if keys.get(candidate) == 1:
                return targets[candidate]
        return None

    return resolve


_INTRASITE = re.compile(
    r"(?:\{(?P<a>filename|static|attach)\}|\|(?P<b>filename|static|attach)\|)(?P<path>[^)\s\"'>]+)"
)


def _intrasite_links(body: str, inner: str, resolve) -> str:  # type: ignore[no-untyped-def]
    """Pelican's ``{filename}`` / ``{static}`` links, to the new addresses."""
    if "{" not in body and "|" not in body:
        return body

    def replaced(match: re.Match[str]) -> str:
        path = match.group("path")
        if not path.startswith("/"):
            path = (PurePosixPath(inner).parent / path).as_posix()
        found = resolve(path)
        return found if found is not None else match.group(0)

    return _INTRASITE.sub(replaced, body)
