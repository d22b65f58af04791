"""What a source page's microformats say about its response to us.

mf2py parses the page; the h-entry that links to us is picked, classified (reply, like, repost,
bookmark, RSVP or plain mention) and read for its URL, date, content and author (the authorship
algorithm from mf2util). Nothing here is trusted yet: the values are sanitised in `verify`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import mf2util

from plnpress.mf2 import (
    Mf2,
    all_entries,
    author_values,
    first_value,
    parse_datetime,
    parse_mf2,
    reference_url,
)
from plnpress.model.response import ResponseKind

__all__ = ["EntryReading", "Mf2", "parse_datetime", "parse_mf2", "read_entry"]

# Checked in this order: a post that replies and likes is a reply.
_KIND_PROPERTIES: tuple[tuple[ResponseKind, tuple[str, ...]], ...] = (
    (ResponseKind.REPLY, ("in-reply-to",)),
    (ResponseKind.REPOST, ("repost-of",)),
    (ResponseKind.LIKE, ("like-of",)),
    (ResponseKind.BOOKMARK, ("bookmark-of",)),
)
_REFERENCE_PROPERTIES = ("in-reply-to", "repost-of", "like-of", "bookmark-of", "mention-of")


@dataclass(frozen=True, slots=True)
class EntryReading:
    """The raw facts of the h-entry that responds to us (not yet sanitised)."""

    kind: ResponseKind
    url: object = None
    published: datetime | None = None
    name: object = None
    content_html: object = None
    content_text: object = None
    rsvp: object = None
    in_reply_to: tuple[object, ...] = ()
    author: Mapping[str, object] | None = None
    """From the authorship algorithm: ``name``, ``url``, ``photo`` (any may be missing)."""
    author_page: str | None = None
    """Set when the author is only a URL: fetch it and call `author_from_page`."""


def read_entry(
    parsed: Mf2, page_url: str, target: str, author_page: Mf2 | None = None
) -> EntryReading | None:
    """The h-entry that responds to `target`, read; None if the page has no h-entry.

    When the entry names its author only by URL, `author_page` (that page, fetched and parsed
    by the caller) is searched for the author's h-card; without it, ``author_page`` in the
    result asks for it.
    """
    entries = list(all_entries(parsed.get("items", [])))
    if not entries:
        return None
    wanted = _bare(target)
    entry = next((e for e in entries if _refers_to(e, wanted)), None)
    if entry is None:
        entry = next((e for e in entries if wanted in _first_html(e)), entries[0])
    props: Mapping[str, list[Any]] = entry.get("properties", {})
    kind = _classify(props, wanted)
    content = (props.get("content") or [None])[0]
    fetched = (lambda _url: author_page) if author_page is not None else None
    author = mf2util.find_author(parsed, page_url, entry, fetch_mf2_func=fetched) or None
    wanted_page = None
    if author is not None and set(author) == {"url"} and author_page is None:
        wanted_page = author["url"] if isinstance(author["url"], str) else None
    return EntryReading(
        kind=kind,
        url=first_value(props.get("url")),
        published=parse_datetime(first_value(props.get("published"))),
        name=first_value(props.get("name")),
        content_html=content.get("html") if isinstance(content, dict) else None,
        content_text=content.get("value") if isinstance(content, dict) else content,
        rsvp=first_value(props.get("rsvp")),
        in_reply_to=tuple(reference_url(v) for v in props.get("in-reply-to", [])),
        author=author_values(author),
        author_page=wanted_page,
    )


def _refers_to(entry: Mf2, wanted: str) -> bool:
    props = entry.get("properties", {})
    return any(
        _bare(reference_url(value) or "") == wanted
        for name in (*_REFERENCE_PROPERTIES, "rsvp")
        for value in props.get(name, [])
    )


def _classify(props: Mapping[str, list[Any]], wanted: str) -> ResponseKind:
    def refers(name: str) -> bool:
        return any(_bare(reference_url(v) or "") == wanted for v in props.get(name, []))

    if props.get("rsvp") and refers("in-reply-to"):
        return ResponseKind.RSVP
    for kind, names in _KIND_PROPERTIES:
        if any(refers(name) for name in names):
            return kind
    return ResponseKind.MENTION


def _first_html(entry: Mf2) -> str:
    content = (entry.get("properties", {}).get("content") or [None])[0]
    return str(content.get("html", "")) if isinstance(content, dict) else ""


def _bare(url: str) -> str:
    return url.split("#", 1)[0]
