"""One fetched feed read into entries: Atom and RSS (feedparser), JSON Feed, h-feed pages (mf2py).

Nothing a feed says is trusted: titles and names become plain one-line text, addresses must be
absolute http(s) URLs (relative ones are resolved against the feed), and content goes through the
project's nh3 sanitiser (:mod:`plnpress.mentions.sanitize`: no scripts, styles, event handlers,
images or ``javascript:`` links) and is cut to a summary. Photos are only named here, to be
downloaded (never hotlinked) by the caller.
"""

from __future__ import annotations

import calendar
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape
from typing import Any

import feedparser

from plnpress.fetch import parsing
from plnpress.fetch.html import soup_of
from plnpress.fetch.result import FetchResult
from plnpress.mentions.sanitize import (
    clean_html,
    clean_text,
    clean_url,
    plain_text,
    shorten,
    text_as_html,
)
from plnpress.mf2 import Mf2, all_entries, entry_facts, parse_datetime, parse_mf2, real_name

parsing.preload(__name__)

SUMMARY_LENGTH = 400
"""Characters of text a summary keeps; longer content becomes a plain excerpt."""
KEPT_PER_FEED = 10
"""Entries kept of each feed (the newest)."""
JSON_TYPES = frozenset({"application/feed+json", "application/json"})


class NotAFeed(ValueError):
    """The response is no feed this can read; the message says why."""


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One entry of a feed, cleaned."""

    url: str
    title: str | None
    summary_html: str
    published: datetime | None
    author_name: str | None = None
    author_url: str | None = None
    author_photo: str | None = None
    """Where their photo is (to download once); the feed's icon when the entry names none."""


def read_feed(result: FetchResult) -> list[FeedEntry]:
    """The newest entries of a fetched feed (at most `KEPT_PER_FEED`); raises `NotAFeed`."""
    body = result.body.lstrip()
    if result.content_type in JSON_TYPES or body.startswith(b"{"):
        entries = _json_feed(result)
    elif result.is_html:
        entries = _h_feed(result)
    else:
        entries = _xml_feed(result)
    dated = sorted((e for e in entries if e.published), key=_published, reverse=True)
    return [*dated, *(e for e in entries if not e.published)][:KEPT_PER_FEED]


def entries_or_reason(result: FetchResult) -> list[FeedEntry] | str:
    """`read_feed`'s entries, or why the response is no feed (for a reader process, whose
    exceptions the caller sees only as the reader failing)."""
    try:
        return read_feed(result)
    except NotAFeed as exc:
        return str(exc)


def _published(entry: FeedEntry) -> datetime:
    assert entry.published is not None
    return entry.published


def summary_html(markup: str | None, text: str | None, base: str) -> str:
    """Content as a short, safe summary: cleaned HTML when it is short, else a plain excerpt."""
    cleaned = clean_html(markup, base) if markup else text_as_html(text or "")
    words = plain_text(cleaned)
    if len(words) <= SUMMARY_LENGTH:
        return cleaned
    return f"<p>{escape(shorten(words, SUMMARY_LENGTH), quote=False)}</p>"


def _entry(
    url: object, base: str, title: object, summary: str, published: datetime | None, **author: Any
) -> FeedEntry | None:
    link = clean_url(url, base)
    if link is None:
        return None
    name = clean_text(plain_text(title) if isinstance(title, str) else "", 200) or None
    photo = author.get("author_photo")
    return FeedEntry(
        url=link,
        title=real_name(name, plain_text(summary)),
        summary_html=summary,
        published=published,
        author_name=clean_text(author.get("author_name"), 100) or None,
        author_url=clean_url(author.get("author_url"), base),
        author_photo=clean_url(photo, base) if isinstance(photo, str) else None,
    )


def _xml_feed(result: FetchResult) -> list[FeedEntry]:
    base = result.final_url
    headers = {"content-location": base, "content-type": result.header("content-type") or ""}
    # A stream, never bytes or text: feedparser opens a string that names a file or a URL.
    parsed = feedparser.parse(io.BytesIO(result.body), response_headers=headers)
    if parsed.bozo and not parsed.entries:
        raise NotAFeed(f"not a feed that can be read ({parsed.get('bozo_exception')})")
    if not parsed.get("version") and not parsed.entries:
        raise NotAFeed("not an RSS, Atom or JSON feed, nor a page with an h-feed")
    feed = parsed.feed
    icon = feed.get("icon") or feed.get("logo") or (feed.get("image") or {}).get("href")
    found = []
    for item in parsed.entries:
        content = item.get("content") or []
        markup = content[0].get("value") if content else item.get("summary")
        who = item.get("author_detail") or feed.get("author_detail") or {}
        entry = _entry(
            item.get("link"),
            base,
            item.get("title"),
            summary_html(markup, None, item.get("link") or base),
            _struct_time(item.get("published_parsed") or item.get("updated_parsed")),
            author_name=who.get("name"),
            author_url=who.get("href"),
            author_photo=icon,
        )
        found += [entry] if entry else []
    return found


def _json_feed(result: FetchResult) -> list[FeedEntry]:
    try:
        document = json.loads(result.body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise NotAFeed(f"not valid JSON ({exc})") from None
    if not isinstance(document, dict) or not str(document.get("version", "")).startswith(
        "https://jsonfeed.org/version/"
    ):
        raise NotAFeed("not a JSON Feed (no https://jsonfeed.org/version/ version)")
    items = document.get("items")
    if not isinstance(items, list):
        raise NotAFeed("a JSON Feed without items")
    base = result.final_url
    feed_author = _json_author(document)
    icon = document.get("icon") or document.get("favicon")
    found = []
    for item in items:
        if not isinstance(item, dict):
            continue
        who = _json_author(item) or feed_author
        markup, text = item.get("content_html"), item.get("content_text")
        entry = _entry(
            item.get("url") or item.get("external_url"),
            base,
            item.get("title"),
            summary_html(
                markup if isinstance(markup, str) else None,
                text if isinstance(text, str) else item.get("summary"),
                base,
            ),
            parse_datetime(item.get("date_published") or item.get("date_modified")),
            author_name=who.get("name"),
            author_url=who.get("url"),
            author_photo=who.get("avatar") or icon,
        )
        found += [entry] if entry else []
    return found


def _json_author(item: Mapping[str, Any]) -> Mapping[str, Any]:
    """JSON Feed 1.1's ``authors`` (or 1.0's ``author``): the first one."""
    authors = item.get("authors")
    if isinstance(authors, list) and authors and isinstance(authors[0], dict):
        return dict(authors[0])
    single = item.get("author")
    return dict(single) if isinstance(single, dict) else {}


def _h_feed(result: FetchResult) -> list[FeedEntry]:
    base = result.final_url
    parsed = parse_mf2(soup_of(result.text), base)
    entries = list(all_entries(_feed_items(parsed)))
    if not entries:
        raise NotAFeed("a web page with no h-feed or h-entry in it")
    found = []
    for item in entries:
        facts = entry_facts(parsed, base, item)
        markup, text = facts.content_html, facts.content_text
        entry = _entry(
            facts.url,
            base,
            facts.name,
            summary_html(markup, text, base)
            if markup or text
            else text_as_html(facts.summary or ""),
            facts.published,
            author_name=facts.author.get("name"),
            author_url=facts.author.get("url"),
            author_photo=facts.author.get("photo"),
        )
        found += [entry] if entry else []
    return found


def _feed_items(parsed: Mf2) -> Iterable[Mf2]:
    """The entries of the page's first h-feed, or else its top-level items."""
    items = parsed.get("items", [])
    for item in items:
        if isinstance(item, dict) and "h-feed" in item.get("type", []):
            return list(item.get("children", []))
    return list(items)


def _struct_time(value: object) -> datetime | None:
    """feedparser's UTC ``time.struct_time`` as an aware datetime."""
    if value is None:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return None
