"""Do the pages carry the microformats IndieWeb tools read? mf2py parses, as they do.

What the default theme promises (and ``tests/theme/test_theme_microformats.py`` holds it to):

- a post or link-bookmark page is one h-entry with a ``name`` (but for a reply, like or repost
  written as a note, without a title), its own address as ``url``, a
  ``published`` date and an ``author``: what a receiver shows for a reply, and how readers credit
  the writer;
- a deleted entry's page is still an h-entry with its ``url``, so readers can tell it is gone;
- every list of entries (home, links, tags, categories, archive) is an h-feed;
- the home page carries the representative h-card: the site's u-url and u-uid are both
  ``base_url``. The authorship algorithm falls back to it for every entry.

A template of the writer's own that drops one of these is what this check is for. Standalone
pages are not checked: the theme does not mark them up as entries.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any
from urllib.parse import unquote

from bs4 import BeautifulSoup, Tag

from plnpress.check.markup import Finding, elements
from plnpress.mf2 import Mf2, parse_mf2

ENTRY_KINDS = frozenset({"entry", "tombstone"})
"""Page kinds (``PageJob.kind``) that are one entry."""
LIST_KINDS = frozenset({"home", "links", "tag", "category", "archive"})
"""Page kinds that list entries."""
HOME = "index.html"

_ENTRY_PROPERTIES = (
    ("name", "name (p-name)"),
    ("url", "url (u-url)"),
    ("published", "published date (dt-published)"),
    ("author", "author (p-author h-card)"),
)
_TOMBSTONE_PROPERTIES = (("url", "url (u-url)"),)
_RESPONSE_PROPERTIES = ("in-reply-to", "like-of", "repost-of")


def microformat_problems(
    soup: BeautifulSoup, rel: str, kind: str | None, page_url: str, base_url: str
) -> list[Finding]:
    """What the page at ``rel`` lacks of the microformats above; ``kind`` is its
    ``PageJob.kind``, None for a page the build does not plan."""
    if kind not in ENTRY_KINDS and kind not in LIST_KINDS:
        return []  # other pages (standalone pages, tag indexes, 404) promise no microformats
    parsed = parse_mf2(soup, page_url)
    items: Sequence[Mf2] = parsed.get("items", [])
    found: list[Finding] = []
    if kind in ENTRY_KINDS:
        required = _ENTRY_PROPERTIES if kind == "entry" else _TOMBSTONE_PROPERTIES
        found += _entry_problems(soup, items, required, page_url)
    if kind in LIST_KINDS and not top_level(items, "h-feed"):
        found.append((None, 'no h-feed: a list of entries needs one (class="h-feed")'))
    cards = top_level(items, "h-card")
    if rel == HOME and not any(_is_representative(card, base_url) for card in cards):
        why = f"the home page needs an h-card whose u-url and u-uid are both {base_url}"
        found.append((None, f"no representative h-card: {why}"))
    return found


def _entry_problems(
    soup: BeautifulSoup, items: Sequence[Mf2], required: Sequence[tuple[str, str]], page_url: str
) -> Iterator[Finding]:
    entries = top_level(items, "h-entry")
    if not entries:
        yield None, 'no h-entry: an entry\'s page needs one (class="h-entry")'
        return
    entry: Mapping[str, Sequence[Any]] = entries[0].get("properties", {})
    line = _line_of_first(soup, "h-entry")
    # A reply, like or repost may be a note, which has no name (post type discovery).
    responds = any(entry.get(name) for name in _RESPONSE_PROPERTIES)
    for name, what in required:
        if not entry.get(name) and not (name == "name" and responds):
            yield line, f"the h-entry has no {what}"
    urls = [url for url in entry.get("url", []) if isinstance(url, str)]
    if urls and unquote(page_url) not in map(unquote, urls):
        yield line, f"the h-entry's url is {urls[0]}, not this page's address {page_url}"


def _is_representative(card: Mf2, base_url: str) -> bool:
    properties: Mapping[str, Sequence[Any]] = card.get("properties", {})
    return base_url in properties.get("url", []) and base_url in properties.get("uid", [])


def top_level(items: Sequence[Mf2], kind: str) -> list[Mf2]:
    """The top-level items of ``kind`` in mf2py's ``items`` (the page's own microformats, not
    those nested in another: the h-cards of people who replied are not the page's h-card)."""
    return [item for item in items if kind in item.get("type", [])]


def _line_of_first(soup: BeautifulSoup, root_class: str) -> int | None:
    for element in elements(soup):
        if root_class in element.get_attribute_list("class") and not _inside_microformat(element):
            return element.sourceline
    return None


def _inside_microformat(element: Tag) -> bool:
    return any(
        any(name.startswith("h-") for name in parent.get_attribute_list("class"))
        for parent in element.parents
    )
