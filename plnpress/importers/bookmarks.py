"""``plnpress import bookmarks FILE``: a browser's or a bookmarking service's export as
link-bookmarks (``content/links/``).

Two formats: the Netscape bookmark file every browser, Pinboard, Raindrop and Pocket export
(read with the standard library's HTML parser; folders become tags, except the browsers' own
top folders), and Pinboard's JSON export. Each bookmark keeps its URL, title, date, tags and
description (the entry's text); a private one (``PRIVATE="1"``, ``"shared": "no"``) becomes a
draft. There is one link per URL: a URL already in ``content/links/`` is updated in its file (or
kept, if the writer edited it), never written twice.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from plnpress.config import Config
from plnpress.content.source import split_front_matter
from plnpress.errors import PlnpressError, ProblemLog
from plnpress.importers.entry import ImportedEntry, ImportedKind
from plnpress.importers.report import ImportReport
from plnpress.importers.run import finish_import
from plnpress.model.entry import bookmark_title
from plnpress.model.slugs import slugify

BROWSER_FOLDERS = frozenset(
    name.lower()
    for name in (
        "Bookmarks", "Bookmarks Menu", "Bookmarks bar", "Bookmarks Toolbar", "Other bookmarks",
        "Mobile bookmarks", "Other Bookmarks", "Favorites", "Favorites bar", "Unsorted",
        "Pocket", "Pinboard",
    )
)  # fmt: skip
"""Folders a browser or service makes by itself: not tags."""


@dataclass(slots=True)
class Bookmark:
    url: str
    title: str
    added: datetime | None
    tags: list[str] = field(default_factory=list)
    description: str = ""
    private: bool = False
    line: int = 1


def import_bookmarks(config: Config, file: Path) -> ImportReport:
    """Import the bookmarks in ``file`` into the blog of ``config``."""
    report = ImportReport(f"bookmarks {file}")
    raw = file.read_bytes()
    text = raw.decode("utf-8", errors="replace")
    if text.lstrip().startswith(("[", "{")):
        marks = _pinboard_json(text, file.name)
    elif "<dt" in text.lower() or "netscape-bookmark" in text.lower():
        marks = _netscape(text)
    else:
        raise PlnpressError(
            f"{file}: neither a Netscape bookmark file (<DT><A HREF=...>) nor Pinboard JSON"
        )
    existing = _existing_links(config.root)
    entries: dict[str, ImportedEntry] = {}
    for mark in marks:
        if not mark.url.lower().startswith(("http://", "https://")):
            report.skip(f"{file.name}:{mark.line}", f"{mark.url[:60]!r} is not a web address")
            continue
        if mark.url in entries:
            report.count("repeated URLs (imported once)")
            continue
        entries[mark.url] = _entry(mark, file.name, existing.get(mark.url), config)
        report.count("links")
        if mark.private:
            report.count("drafts (private bookmarks)")
    finish_import(config, list(entries.values()), report)
    return report


def _entry(mark: Bookmark, name: str, path: str | None, config: Config) -> ImportedEntry:
    title = " ".join(mark.title.split()) or bookmark_title(mark.url)
    front: dict[str, Any] = {"title": title, "bookmark_of": mark.url}
    tags = list(dict.fromkeys(t for t in mark.tags if t.strip()))
    if tags:
        front["tags"] = tags
    if mark.private:
        front["draft"] = True
    added = mark.added or config.now()
    return ImportedEntry(
        kind=ImportedKind.LINK,
        origin=f"{name}:{mark.line}",
        slug=slugify(title)[:60].strip("-") or "link",
        date=added.astimezone(config.site.timezone).replace(microsecond=0),
        front=front,
        body=mark.description.strip(),
        path=path,
    )


def _existing_links(root: Path) -> dict[str, str]:
    """``bookmark_of`` -> file, for every link already in the blog."""
    found: dict[str, str] = {}
    folder = root / "content" / "links"
    for path in sorted(folder.rglob("*.md")) if folder.is_dir() else ():
        rel = path.relative_to(root).as_posix()
        doc = split_front_matter(
            rel, path.read_text(encoding="utf-8", errors="replace"), ProblemLog()
        )
        data = doc.front.data if doc is not None else None
        if isinstance(data, dict) and isinstance(data.get("bookmark_of"), str):
            found.setdefault(data["bookmark_of"].strip(), rel)
    return found


def _timestamp(value: object) -> datetime | None:
    try:
        seconds = float(str(value).strip())
    except ValueError:
        return None
    while seconds > 1e11:  # milliseconds or microseconds, as some services write them
        seconds /= 1000
    return datetime.fromtimestamp(int(seconds), tz=UTC)


class _NetscapeParser(HTMLParser):
    """``<DT><A HREF=...>title</A>`` (with ``<DD>`` descriptions) inside ``<H3>`` folders."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.marks: list[Bookmark] = []
        self.folders: list[str] = []
        self._pending_folder: str | None = None
        self._reading: str | None = None  # "a", "h3" or "dd"
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._finish_text()
        values = {k.lower(): v or "" for k, v in attrs}
        if tag == "a":
            tags = [t.strip() for t in values.get("tags", "").split(",")]
            tags += [f for f in self.folders if f.lower() not in BROWSER_FOLDERS]
            self.marks.append(
                Bookmark(
                    url=values.get("href", "").strip(),
                    title="",
                    added=_timestamp(values.get("add_date", "")),
                    tags=tags,
                    private=values.get("private") == "1",
                    line=self.getpos()[0],
                )
            )
            self._reading = "a"
        elif tag == "h3":
            self._reading = "h3"
        elif tag == "dd":
            self._reading = "dd"
        elif tag == "dl":
            if self._pending_folder is not None:
                self.folders.append(self._pending_folder)
            else:
                self.folders.append("")
            self._pending_folder = None

    def handle_endtag(self, tag: str) -> None:
        if tag in {"a", "h3"}:
            self._finish_text()
        elif tag == "dl":
            self._finish_text()
            if self.folders:
                self.folders.pop()

    def handle_data(self, data: str) -> None:
        if self._reading is not None:
            self._text.append(data)

    def _finish_text(self) -> None:
        text = "".join(self._text).strip()
        if self._reading == "a" and self.marks:
            self.marks[-1].title = text
        elif self._reading == "h3":
            self._pending_folder = text
        elif self._reading == "dd" and self.marks:
            self.marks[-1].description = (self.marks[-1].description + "\n" + text).strip()
        self._reading = None
        self._text = []


def _netscape(text: str) -> list[Bookmark]:
    parser = _NetscapeParser()
    parser.feed(text)
    parser.close()
    parser._finish_text()
    for mark in parser.marks:
        mark.tags = [t for t in mark.tags if t]
    return parser.marks


def _pinboard_json(text: str, name: str) -> list[Bookmark]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PlnpressError(f"{name}:{exc.lineno}: not valid JSON ({exc.msg})") from None
    if not isinstance(data, list):
        raise PlnpressError(f"{name}:1: expected a list of bookmarks (Pinboard's JSON export)")
    marks = []
    for index, item in enumerate(data):
        if not isinstance(item, dict):
            continue
        added = None
        if isinstance(item.get("time"), str):
            try:
                added = datetime.fromisoformat(item["time"].replace("Z", "+00:00"))
            except ValueError:
                added = None
        marks.append(
            Bookmark(
                url=str(item.get("href", "")).strip(),
                title=str(item.get("description", "")),
                added=added,
                tags=str(item.get("tags", "")).split(),
                description=str(item.get("extended", "")),
                private=str(item.get("shared", "yes")).lower() == "no",
                line=index + 1,
            )
        )
    return marks
