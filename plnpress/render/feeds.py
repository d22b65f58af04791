"""Atom 1.0, RSS 2.0 and JSON Feed 1.1 for the whole site, and an Atom feed per tag.

Feeds carry full content with every link made absolute (a feed reader has no page to resolve
``/img/cat.jpg`` against). XML is built with ElementTree, which escapes all text, and characters
XML cannot hold are dropped. Nothing depends on the clock: a feed's ``updated`` is its newest
entry's. Drafts and future entries never go into a feed, even in a preview build: feeds are what
leaves the site.
"""

from __future__ import annotations

import itertools
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape, unescape
from urllib.parse import urljoin

from plnpress.config import Config
from plnpress.model import Cited, Entry, EntryKind, Site, Taxon
from plnpress.output.files import OutputFile
from plnpress.render.context import (
    Author,
    absolute_url,
    display_url,
    isodate,
    site_author,
    site_path,
)
from plnpress.render.feedlinks import FeedLink, site_feeds, tag_feed

ATOM_NS = "http://www.w3.org/2005/Atom"
XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_START_TAG = re.compile(r"<[A-Za-z][^>]*>")
_URL_ATTRIBUTE = re.compile(
    r"""(?P<name>\s(?:href|src|poster|cite)\s*=\s*)"""
    r"""(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'=<>`]+))""",
    re.IGNORECASE,
)


class FeedItems:
    """Each entry's feed HTML (:func:`item_html`), made once for all the feeds of one build:
    an entry is in the three site feeds and in the feed of each of its tags."""

    __slots__ = ("_made",)

    def __init__(self) -> None:
        self._made: dict[int, tuple[Entry, str]] = {}
        """By the entry's id, with the entry itself (so that the id stays its own meanwhile)."""

    def html(self, entry: Entry) -> str:
        found = self._made.get(id(entry))
        if found is None or found[0] is not entry:
            found = self._made[id(entry)] = (entry, item_html(entry))
        return found[1]


def render_feeds(site: Site) -> list[OutputFile]:
    """Every feed of the site as files: the three site feeds, then one Atom feed per tag."""
    items = FeedItems()
    files = site_feed_files(site, items)
    return files + [tag_feed_file(site.config, taxon, items) for taxon in site.tags]


def site_feed_files(site: Site, items: FeedItems | None = None) -> list[OutputFile]:
    """The whole-site feeds: Atom, RSS and JSON Feed."""
    config = site.config
    entries = site_feed_entries(site)
    atom, rss, json_feed = site_feeds(config)
    home = config.base_url
    items = items or FeedItems()
    return [
        OutputFile(atom.output, atom_feed(config, entries, atom, home, config.site.title, items)),
        OutputFile(rss.output, rss_feed(config, entries, rss, items)),
        OutputFile(json_feed.output, json_feed_document(config, entries, json_feed, items)),
    ]


def site_feed_entries(site: Site) -> list[Entry]:
    """The entries the whole-site feeds show: the newest public ones."""
    return _newest_public(site.entries, site.config.site.feeds.entries)


def tag_feed_entries(config: Config, taxon: Taxon) -> list[Entry]:
    """The entries a tag's feed shows: its newest public ones."""
    return _newest_public(taxon.entries, config.site.feeds.entries)


def _newest_public(entries: Iterable[Entry], count: int) -> list[Entry]:
    # As public_entries(entries)[:count], without looking past the first `count`.
    return list(itertools.islice((e for e in entries if _public(e)), max(count, 0)))


def _public(entry: Entry) -> bool:
    return not (entry.draft or entry.future or entry.deleted)


def public_entries(entries: Iterable[Entry]) -> list[Entry]:
    """Entries the world may see: not drafts, not dated in the future, not deleted."""
    return [e for e in entries if _public(e)]


def tag_feed_file(config: Config, taxon: Taxon, items: FeedItems | None = None) -> OutputFile:
    """The Atom feed of one tag."""
    link = tag_feed(config, taxon.slug, taxon.name)
    entries = tag_feed_entries(config, taxon)
    page = config.absolute(site_path(config, f"/tags/{taxon.slug}/"))
    title = f"{config.site.title}: {taxon.name}"
    return OutputFile(link.output, atom_feed(config, entries, link, page, title, items))


def feed_updated(config: Config, entries: Sequence[Entry]) -> datetime:
    """The newest change among ``entries``; with none, the pinned build time or the Unix epoch."""
    if entries:
        return max(e.last_modified for e in entries)
    return config.build_time or _EPOCH


def item_html(entry: Entry) -> str:
    """The HTML a feed reader shows for ``entry``, with every link absolute.

    A link-bookmark leads with the page it shares, its quote and "via", since readers show
    neither the title link nor the page around the comment.
    """
    parts: list[str] = []
    if entry.kind is EntryKind.LINK and entry.bookmark_of:
        domain = escape(entry.bookmark_domain or "")
        parts.append(
            f'<p>Bookmarked: <a href="{escape(entry.bookmark_of)}">{escape(entry.title)}</a>'
            f" ({domain})</p>"
        )
        if entry.quote:
            parts.append(
                f'<blockquote cite="{escape(entry.bookmark_of)}"><p>{escape(entry.quote)}</p>'
                "</blockquote>"
            )
    for label, targets in (
        ("In reply to", entry.in_reply_to),
        ("Liked", entry.like_of),
        ("Reposted", entry.repost_of),
    ):
        parts += [_answered_html(label, entry.cited(url)) for url in targets]
    parts += [f'<p><img src="{escape(p.url)}" alt="{escape(p.alt)}"></p>' for p in entry.photos]
    parts.append(entry.content_html.strip())
    if entry.via:
        via = entry.via
        shown = escape(via)
        if "://" in via:
            shown = f'<a href="{escape(via)}">{escape(display_url(via))}</a>'
        parts.append(f"<p>Via {shown}</p>")
    return absolute_links("\n".join(p for p in parts if p), entry.url)


def _answered_html(label: str, cited: Cited) -> str:
    """``In reply to <a>Their title</a> by Their Name``: a page the entry answers."""
    shown = cited.name or display_url(cited.url)
    by = f" by {escape(cited.author)}" if cited.author else ""
    return f'<p>{label} <a href="{escape(cited.url)}">{escape(shown)}</a>{by}</p>'


def absolute_links(html: str, base_url: str) -> str:
    """Resolve every ``href``, ``src``, ``poster`` and ``cite`` in ``html`` against ``base_url``."""

    def fix_attribute(match: re.Match[str]) -> str:
        raw = next(v for v in (match["dq"], match["sq"], match["bare"]) if v is not None)
        url = unescape(raw).strip()
        resolved = url if _ABSOLUTE_AS_IS.match(url) else urljoin(base_url, url)
        return f'{match["name"]}"{escape(resolved)}"'

    return _START_TAG.sub(lambda tag: _URL_ATTRIBUTE.sub(fix_attribute, tag[0]), html)


_ABSOLUTE_AS_IS = re.compile(
    r"https?://[A-Za-z0-9.-]+(?::[0-9]+)?(?:/[^\x00-\x20\x7f?#;\\]*)?"
    r"(?:\?[^\x00-\x20\x7f#\\]+)?(?:#[^\x00-\x20\x7f\\]+)?\Z"
)
"""An absolute http(s) URL that ``urljoin`` gives back as it is, whatever the base: a lowercase
scheme, a plain host, no ``;`` parameters and no empty ``?`` or ``#`` (which its split and join
would drop), no spaces or control characters. Most links in a feed are such, and joining each
was a third of making the feeds."""


def xml_text(text: str) -> str:
    """``text`` without the control characters XML 1.0 cannot represent."""
    return _XML_ILLEGAL.sub("", text)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: xml_text(v) for k, v in attrs.items()})
    if text is not None:
        element.text = xml_text(text)
    return element


def _xml_bytes(root: ET.Element) -> bytes:
    ET.indent(root)
    return (XML_DECLARATION + ET.tostring(root, encoding="unicode") + "\n").encode("utf-8")


def _categories(entry: Entry) -> list[str]:
    return list(dict.fromkeys([*entry.tags, *([entry.category] if entry.category else [])]))


def _atom_author(parent: ET.Element, author: Author) -> None:
    element = _sub(parent, "author")
    _sub(element, "name", author.name)
    _sub(element, "uri", author.url)


def atom_feed(
    config: Config,
    entries: Sequence[Entry],
    link: FeedLink,
    page_url: str,
    title: str,
    items: FeedItems | None = None,
) -> bytes:
    """An Atom 1.0 document; ``page_url`` is the HTML page the feed mirrors (and its id)."""
    author = site_author(config)
    items = items or FeedItems()
    feed = ET.Element("feed", {"xmlns": ATOM_NS, "xml:lang": config.site.language})
    _sub(feed, "id", page_url)
    _sub(feed, "title", title, type="text")
    if config.site.description:
        _sub(feed, "subtitle", config.site.description, type="text")
    _sub(feed, "updated", isodate(feed_updated(config, entries)))
    _sub(feed, "link", rel="self", type=link.type, href=link.url)
    if config.site.websub.hub:
        _sub(feed, "link", rel="hub", href=config.site.websub.hub)
    _sub(feed, "link", rel="alternate", type="text/html", href=page_url)
    _atom_author(feed, author)
    _sub(feed, "generator", "plnpress")
    if author.photo:
        _sub(feed, "icon", author.photo)
    for entry in entries:
        item = _sub(feed, "entry")
        _sub(item, "id", entry.url)
        _sub(item, "title", entry.title, type="text")
        _sub(item, "link", rel="alternate", type="text/html", href=entry.url)
        if entry.bookmark_of:
            _sub(item, "link", rel="related", href=entry.bookmark_of)
        _sub(item, "published", isodate(entry.published))
        _sub(item, "updated", isodate(entry.last_modified))
        _atom_author(item, author)
        for name in _categories(entry):
            _sub(item, "category", term=name)
        if entry.summary:
            _sub(item, "summary", entry.summary, type="text")
        _sub(item, "content", items.html(entry), type="html")
    return _xml_bytes(feed)


def rss_feed(
    config: Config, entries: Sequence[Entry], link: FeedLink, items: FeedItems | None = None
) -> bytes:
    """An RSS 2.0 document with full content in ``description``."""
    author = site_author(config)
    items = items or FeedItems()
    rss = ET.Element(
        "rss",
        {
            "version": "2.0",
            "xmlns:atom": ATOM_NS,
            "xmlns:dc": "http://purl.org/dc/elements/1.1/",
        },
    )
    channel = _sub(rss, "channel")
    _sub(channel, "title", config.site.title)
    _sub(channel, "link", config.base_url)
    _sub(channel, "description", config.site.description or config.site.title)
    _sub(channel, "language", config.site.language)
    _sub(channel, "lastBuildDate", format_datetime(feed_updated(config, entries)))
    _sub(channel, "generator", "plnpress")
    _sub(channel, "atom:link", rel="self", type=link.type, href=link.url)
    if config.site.websub.hub:
        _sub(channel, "atom:link", rel="hub", href=config.site.websub.hub)
    for entry in entries:
        item = _sub(channel, "item")
        _sub(item, "title", entry.title)
        _sub(item, "link", entry.url)
        _sub(item, "guid", entry.url, isPermaLink="true")
        _sub(item, "pubDate", format_datetime(entry.published))
        if entry.updated:
            _sub(item, "atom:updated", isodate(entry.updated))
        _sub(item, "dc:creator", author.name)
        for name in _categories(entry):
            _sub(item, "category", name)
        if entry.bookmark_of:
            _sub(item, "atom:link", rel="related", href=entry.bookmark_of)
        _sub(item, "description", items.html(entry))
    return _xml_bytes(rss)


def json_feed_document(
    config: Config, entries: Sequence[Entry], link: FeedLink, items: FeedItems | None = None
) -> bytes:
    """A JSON Feed 1.1 document."""
    author = site_author(config)
    items = items or FeedItems()
    authors = [{"name": author.name, "url": author.url} | _avatar(author)]
    document: dict[str, object] = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": config.site.title,
        "home_page_url": config.base_url,
        "feed_url": link.url,
    }
    if config.site.description:
        document["description"] = config.site.description
    if config.site.websub.hub:
        document["hubs"] = [{"type": "WebSub", "url": config.site.websub.hub}]
    if author.photo:
        document["icon"] = author.photo
    document |= {"language": config.site.language, "authors": authors}
    document["items"] = [_json_item(config, entry, authors, items) for entry in entries]
    text = json.dumps(document, ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


def _avatar(author: Author) -> dict[str, str]:
    return {"avatar": author.photo} if author.photo else {}


def _json_item(
    config: Config, entry: Entry, authors: list[dict[str, str]], items: FeedItems
) -> dict[str, object]:
    item: dict[str, object] = {"id": entry.url, "url": entry.url}
    if entry.bookmark_of:
        item["external_url"] = entry.bookmark_of
    item["title"] = entry.title
    item["content_html"] = items.html(entry)
    if entry.summary:
        item["summary"] = entry.summary
    if entry.image:
        item["image"] = absolute_url(config, entry.image)
    elif entry.photos:
        item["image"] = urljoin(entry.url, entry.photos[0].url)
    item["date_published"] = isodate(entry.published)
    item["date_modified"] = isodate(entry.last_modified)
    item["authors"] = authors
    categories = _categories(entry)
    if categories:
        item["tags"] = categories
    return item
