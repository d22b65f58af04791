"""Microformats2 as mf2py and mf2util read them: one parser for every page plnpress reads.

Harvesting responses, checking the built site, reading a person's h-card (``blogroll add``), the
page a reply answers (``new reply``) and h-feed pages (``plnpress read``) all parse here. Nothing
here fetches (mf2py is given the document, never a URL to get) or trusts what it reads: callers
sanitise every value they keep (:mod:`plnpress.mentions.sanitize`).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import mf2py
import mf2util
from bs4 import BeautifulSoup

Mf2 = Mapping[str, Any]
"""One parsed document, or one item of it, as mf2py gives it."""


def parse_mf2(doc: BeautifulSoup | str, url: str) -> Mf2:
    """mf2py's reading of a page (given as text or parsed); relative URLs resolve against
    `url`. mf2py never fetches anything itself here: the document is given."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result: Mf2 = mf2py.parse(doc=doc, url=url)
    return result


def all_entries(items: object) -> Iterator[Mf2]:
    """Every h-entry among `items` and their children, in document order."""
    if not isinstance(items, list):
        return
    for item in items:
        if not isinstance(item, dict):
            continue
        if "h-entry" in item.get("type", []):
            yield item
        yield from all_entries(item.get("children", []))


def first_value(values: object) -> object:
    """The first value of a property list: a string, or an embedded item's ``value``."""
    if not isinstance(values, list) or not values:
        return None
    first = values[0]
    if isinstance(first, dict):  # an embedded microformat or {"value": ..., "alt": ...}
        return first.get("value")
    return first


def first_text(item: Mf2, name: str) -> str | None:
    """The first value of property `name` of `item` if it is text (nothing is cleaned yet)."""
    value = first_value(item.get("properties", {}).get(name))
    return value if isinstance(value, str) else None


def reference_url(value: object) -> str | None:
    """A reference property's URL: a plain value, or the ``url`` of an embedded h-cite."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        urls = value.get("properties", {}).get("url") or [value.get("value")]
        first = urls[0] if urls else None
        return first if isinstance(first, str) else None
    return None


def content_of(item: Mf2) -> tuple[str | None, str | None]:
    """The item's ``content`` as (HTML, plain text); either may be missing."""
    content = (item.get("properties", {}).get("content") or [None])[0]
    if isinstance(content, dict):
        markup, text = content.get("html"), content.get("value")
        return (
            markup if isinstance(markup, str) else None,
            text if isinstance(text, str) else None,
        )
    return None, content if isinstance(content, str) else None


def real_name(name: str | None, text: str) -> str | None:
    """`name` unless it is only where `text` starts: parsers imply a name from a note's text,
    and a note has no title to show (post type discovery)."""
    if not name:
        return None
    squeezed = " ".join(name.split()).rstrip("…").rstrip(".")
    if text and " ".join(text.split()).startswith(squeezed):
        return None
    return name


def author_values(author: object) -> dict[str, object] | None:
    """``name``, ``url`` and ``photo`` of an author mf2util found (those it has), or None."""
    if not isinstance(author, dict):
        return None
    values = {key: _plain(author.get(key)) for key in ("name", "url", "photo")}
    return {key: value for key, value in values.items() if value is not None} or None


def find_author(parsed: Mf2, page_url: str, entry: Mf2) -> dict[str, object] | None:
    """The author of `entry` by the authorship algorithm (its own h-card, the feed's, the
    page's rel-author), without fetching an author page."""
    return author_values(mf2util.find_author(parsed, page_url, entry, fetch_mf2_func=None))


@dataclass(frozen=True, slots=True)
class EntryFacts:
    """What one h-entry says, as parsed (nothing cleaned yet)."""

    url: str | None
    name: str | None
    content_html: str | None
    content_text: str | None
    summary: str | None
    published: datetime | None
    """``published``, else ``updated``."""
    author: Mapping[str, object]
    """``name``, ``url``, ``photo`` by the authorship algorithm (those it found)."""


def entry_facts(parsed: Mf2, page_url: str, entry: Mf2) -> EntryFacts:
    """Read `entry`, an h-entry of the page parsed as `parsed` (its author found by the
    authorship algorithm, without fetching an author page)."""
    markup, text = content_of(entry)
    return EntryFacts(
        url=first_text(entry, "url"),
        name=first_text(entry, "name"),
        content_html=markup,
        content_text=text,
        summary=first_text(entry, "summary"),
        published=parse_datetime(first_text(entry, "published") or first_text(entry, "updated")),
        author=find_author(parsed, page_url, entry) or {},
    )


@dataclass(frozen=True, slots=True)
class Card:
    """What a site's representative h-card says about its owner (not cleaned yet)."""

    name: str | None
    url: str | None
    photo: str | None
    note: str | None


def representative_card(parsed: Mf2, page_url: str) -> Card | None:
    """The page's representative h-card (microformats.org's algorithm, as mf2util has it),
    or None."""
    card = mf2util.representative_hcard(parsed, page_url)
    if not isinstance(card, dict):
        return None

    def text(name: str) -> str | None:
        value = _plain(first_value(card.get("properties", {}).get(name)))
        return value if isinstance(value, str) and value.strip() else None

    photo = _plain((card.get("properties", {}).get("photo") or [None])[0])
    return Card(
        name=text("name"),
        url=text("url"),
        photo=photo if isinstance(photo, str) else None,
        note=text("note"),
    )


def parse_datetime(value: object) -> datetime | None:
    """An mf2 or JF2 date as an aware datetime (UTC when it names no zone), or None."""
    if not isinstance(value, str):
        return None
    try:
        parsed = mf2util.parse_datetime(value.strip())
    except (ValueError, TypeError, OverflowError):
        return None
    if not isinstance(parsed, datetime):  # a bare date
        try:
            return datetime(parsed.year, parsed.month, parsed.day, tzinfo=UTC)
        except (AttributeError, ValueError):
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _plain(value: object) -> object:
    if isinstance(value, dict):  # mf2py 2 gives photos with alt text as {"value", "alt"}
        return value.get("value")
    return value
