"""The second reading of the export: each post and page converted, written, its comments kept.

A batch of posts is prepared together so the files they show are fetched together
(:mod:`.media`), then each body is made Markdown with its addresses rewritten: a file fetched
into the blog gets its new address, a link to another imported post its new address, anything
else stays as it was. Once a batch is written, each of its published posts is marked in the sent
log's baseline as the next send will see it (its file, its responses), and the batch's comments
are saved and let go of.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

from plnpress.config import Config
from plnpress.content import ContentOptions
from plnpress.content.discovery import SourceFile, SourceKind
from plnpress.content.loader import load_file
from plnpress.content.mentions import present_avatars, with_responses_in
from plnpress.importers.baseline import Baseline
from plnpress.importers.entry import ImportedKind
from plnpress.importers.ledger import Ledger
from plnpress.importers.report import ImportReport
from plnpress.importers.wordpress.body import Prepared, finish, media_urls, prepare
from plnpress.importers.wordpress.comments import responses_of
from plnpress.importers.wordpress.export import Export, Item
from plnpress.importers.wordpress.items import (
    State,
    absolute_link,
    link_key,
    plain_text,
    terms_of,
)
from plnpress.importers.wordpress.media import Fetched, download, site_path, without_query
from plnpress.importers.wordpress.scan import Scan
from plnpress.importers.write import Placed, write_file, write_placed
from plnpress.mentions.state import HarvestState
from plnpress.mentions.store import Archive
from plnpress.model import Entry, Location
from plnpress.webmention.send.targets import Source, source_of


@dataclass(frozen=True, slots=True)
class WordPressOptions:
    media: bool = True
    """Fetch the old site's files into the blog (``--no-media`` keeps their old addresses)."""
    categories_as_tags: bool = False
    """Every WordPress category becomes a tag, rather than the first being the category."""


@dataclass(frozen=True, slots=True)
class Kept:
    """Where an import keeps what it writes: the ledger of files, the responses and their
    state, and the marks for the sent log."""

    ledger: Ledger
    archive: Archive
    state: HarvestState
    baseline: Baseline


@dataclass(frozen=True, slots=True)
class _Wanted:
    url: str
    """What is fetched: the file, without a size asked of the old host."""
    needed_by: str
    """The first entry that shows it, for the message if it fails."""


class EntryWriter:
    """Writes the entries ``place`` settled, as the second reading of the export meets them."""

    def __init__(
        self,
        config: Config,
        scan: Scan,
        placed: list[Placed],
        report: ImportReport,
        keep: Kept,
        options: WordPressOptions,
    ) -> None:
        self.config, self.scan, self.report, self.options = config, scan, report, options
        self.ledger, self.archive, self.baseline = keep.ledger, keep.archive, keep.baseline
        self.state = keep.state
        self.avatars = present_avatars(config)
        self.placed = {item.entry.origin: item for item in placed}
        self.taken = {item.location.output for item in placed}
        self.links: dict[str, Location] = {
            key: self.placed[origin].location
            for key, origin in scan.published_links.items()
            if origin in self.placed
        }
        self.uploads = scan.uploads
        self.gallery = scan.attachments
        self.files: dict[str, bool] = {}
        """Each of the old site's files met so far (by its place in the blog): is it there?"""
        self.counts: Counter[str] = Counter()
        self.written: list[str] = []

    def items(self, export: Export) -> Iterator[tuple[Placed, Item]]:
        """The export's posts and pages that have a place, each with its item."""
        name = export.path.name
        for item in export.items():
            placed = self.placed.get(f"{name}:{item.line}")
            if placed is not None:
                yield placed, item

    def write(self, batch: list[tuple[Placed, Item]]) -> None:
        prepared = [
            (placed, item, prepare(item.fields.get("content:encoded", ""), item.id, self.gallery))
            for placed, item in batch
        ]
        if self.options.media:
            self._fetch(prepared)
        for placed, item, body in prepared:
            self._write_entry(placed, item, body)
            self._keep_comments(placed, item)
        self.baseline.add(filter(None, (self._source(placed) for placed, _ in batch)))
        self.archive.save(self.config.base_path)
        self.archive.forget(placed.location.url for placed, _ in batch)

    def finish(self) -> None:
        """Put what was counted along the way into the report, in the summary's order."""
        counts, report = self.counts, self.report
        report.count("comments", counts["comments"])
        report.count("pingbacks and trackbacks", counts["pingbacks"])
        report.count("spam comments (not imported)", counts["spam"])
        report.count("comments in the trash (not imported)", counts["in the trash"])
        report.count("unapproved comments (not imported)", counts["waiting for approval"])
        report.count("media downloaded", counts["downloaded"])
        report.count("media failed", counts["failed"])
        for key, n in sorted(counts.items()):
            if key.startswith("of type "):
                report.skip(self.report.source, f"{n} comments {key} (not comments or pingbacks)")

    def _fetch(self, prepared: list[tuple[Placed, Item, Prepared]]) -> None:
        wanted: dict[str, _Wanted] = {}
        for placed, item, body in prepared:
            for url in (*media_urls(body), self._featured(item)):
                local = self.uploads.local_path(url) if url else None
                if local is None or local in self.files or local in wanted:
                    continue
                if (self.config.root / local).exists():
                    self.files[local] = True  # from an earlier import, or put there by hand
                else:
                    wanted[local] = _Wanted(without_query(url), placed.path)
        by_url = {want.url: local for local, want in wanted.items()}
        download(
            self.config,
            by_url,
            lambda fetched: self._keep_file(
                by_url[fetched.url], wanted[by_url[fetched.url]], fetched
            ),
        )

    def _keep_file(self, local: str, wanted: _Wanted, fetched: Fetched) -> None:
        if fetched.data is None:
            self.files[local] = False
            self.counts["failed"] += 1
            self.report.warn(
                wanted.needed_by,
                None,
                f"{wanted.url} was not downloaded ({fetched.problem}); the old address is kept",
            )
            return
        write_file(self.ledger, self.report, local, fetched.data, wanted.url)
        self.files[local] = True
        self.counts["downloaded"] += 1

    def _source(self, placed: Placed) -> Source | None:
        """The entry as the next ``webmention send`` will see it (its file as it is now, its
        responses), if it is published."""
        if placed.entry.kind is not ImportedKind.POST:
            return None
        path = self.config.root / placed.path
        inner = placed.path.removeprefix("content/posts/")
        source = SourceFile(SourceKind.POST, str(path), placed.path, inner)
        entry = load_file(source, path.read_bytes(), self.config, ContentOptions()).item
        if not isinstance(entry, Entry):
            return None  # a draft, a post dated later, or one with a mistake to fix
        entry = with_responses_in(entry, self.config, self.archive, self.state, self.avatars)
        return source_of(entry, self.config)

    def _featured(self, item: Item) -> str:
        attachment = self.scan.attachments.by_id.get(item.meta.get("_thumbnail_id", ""))
        return attachment.url if attachment is not None else ""

    def _address(self, url: str, raw: bool) -> str:
        """The address to write for ``url``: a file now in the blog, a post's new address, or
        ``url`` as it was. ``raw``: it goes into HTML, which the build does not rebase."""
        local = self.uploads.local_path(url) if self.options.media else None
        if local is not None and self.files.get(local):
            return self._rooted(site_path(local), raw)
        parts = urlsplit(url)
        if parts.netloc.lower() in self.uploads.blog_hosts or (not parts.netloc and url[:1] == "/"):
            location = self.links.get(link_key(url))
            if location is not None:
                fragment = f"#{parts.fragment}" if parts.fragment else ""
                return (location.path if raw else location.permalink) + fragment
        return url

    def _rooted(self, path: str, raw: bool) -> str:
        return self.config.base_path.rstrip("/") + path if raw else path

    def _write_entry(self, placed: Placed, item: Item, body: Prepared) -> None:
        markdown = finish(body, self._address)
        entry = replace(placed.entry, front=self._front(placed, item), body=markdown)
        text = write_placed(
            self.config, replace(placed, entry=entry), self.taken, self.ledger, self.report
        )
        self.written.append(placed.path)
        for code in {code.name: code for code in body.unknown}.values():
            self.report.warn(
                placed.path,
                _line_of(text, "[" + code.name),
                f"WordPress shortcode {code.text[:60]!r} is kept as text: plnpress has nothing "
                "like it (write it in Markdown, or remove it)",
            )

    def _front(self, placed: Placed, item: Item) -> dict[str, Any]:
        entry = placed.entry
        front: dict[str, Any] = {"title": self._title(placed), **entry.front}
        if entry.kind is not ImportedKind.PAGE:
            category, tags = terms_of(item, self.options.categories_as_tags)
            if category:
                front["category"] = category
            if tags:
                front["tags"] = tags
        summary = plain_text(item.get("excerpt:encoded"))
        if summary:
            front["summary"] = summary
        featured = self._featured(item)
        if featured:
            front["image"] = self._address(featured, raw=False)
        if self.scan.states[entry.origin] is State.DRAFT:
            front["draft"] = True
        authors = self.scan.channel.authors
        login = item.get("dc:creator")
        if len(authors) > 1 and login:  # a blog of several writers: who wrote this one
            front["extra"] = {"author": authors.get(login, login)}
        return front

    def _title(self, placed: Placed) -> str:
        title = self.scan.titles.get(placed.entry.origin)
        if title:
            return title
        made = placed.entry.slug.replace("-", " ").strip().capitalize() or "Untitled"
        self.report.warn(
            placed.path, 2, f"the WordPress post has no title; it is called {made!r} here"
        )
        return made

    def _keep_comments(self, placed: Placed, item: Item) -> None:
        permalink = absolute_link(item, self.scan.channel)
        if not permalink:
            base = (self.scan.channel.base_blog_url or self.scan.channel.link).rstrip("/")
            permalink = f"{base}/?p={item.id}"
        found = responses_of(
            item.comments,
            placed.location.url,
            permalink,
            self.config.site.timezone,
            self.counts,
        )
        for response in found:
            if self.archive.get(response.source, response.target) is None:
                self.archive.put(response)  # one kept already may have been moderated since


def _line_of(text: str, needle: str) -> int | None:
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line or needle.replace("[", "\\[") in line:
            return number
    return None
