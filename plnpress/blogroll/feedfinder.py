"""Find the feed a website advertises: ``<link rel="alternate" type="application/atom+xml">``.

One GET of the site through the guarded client. The feed is the first alternate link of a feed
type, from the HTTP ``Link`` headers first and then the HTML ``<link>`` elements in document order
(sites list their main feed first, comment feeds after it). A relative ``href`` is resolved
against the URL the page was finally served from. A site whose address already is a feed is its
own feed.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from plnpress.fetch import parsing
from plnpress.fetch.body import media_type
from plnpress.fetch.client import GuardedClient
from plnpress.fetch.errors import FetchError
from plnpress.fetch.htmlrels import find_rel_links
from plnpress.fetch.linkheader import parse_link_headers
from plnpress.fetch.parsing import read_fetched
from plnpress.fetch.result import FetchResult

parsing.preload(__name__)

FEED_TYPES = (
    "application/atom+xml",
    "application/rss+xml",
    "application/feed+json",
)
"""Media types of the feeds readers subscribe to: Atom, RSS and JSON Feed."""

FEED_ACCEPT = "text/html, application/xhtml+xml;q=0.9, " + ", ".join(
    f"{kind};q=0.8" for kind in FEED_TYPES
)


@dataclass(frozen=True, slots=True)
class FeedLookup:
    """What fetching one site told us about its feed."""

    url: str
    """The site's address, as given."""
    feed: str | None
    """The absolute feed URL, or None if the site advertises none (or could not be fetched)."""
    problem: str | None = None
    """Why there is no feed: the fetch failed, or the site answered with an error."""


async def find_feed(client: GuardedClient, url: str) -> FeedLookup:
    """Fetch `url` and return the feed it advertises; never raises `FetchError`."""
    try:
        response = await client.get(url, accept=FEED_ACCEPT)
    except FetchError as exc:
        return FeedLookup(url, None, str(exc))
    if not response.ok:
        return FeedLookup(url, None, f"{response.final_url} answered {response.status}")
    try:
        feed = (
            await read_fetched(client.policy, response, feed_in, response)
            if response.is_html
            else feed_in(response)
        )
    except FetchError as exc:  # the page could not be read within the limits
        return FeedLookup(url, None, str(exc))
    return FeedLookup(url, feed, None if feed else "it advertises no feed")


def feed_in(response: FetchResult) -> str | None:
    """The feed a fetched page advertises (or the page itself if it is a feed); it parses the
    page's HTML, so `find_feed` runs it in a reader (`plnpress.fetch.parsing`)."""
    if response.content_type in FEED_TYPES:
        return response.final_url
    for link in parse_link_headers(response.header_values("link")):
        if link.has_rel("alternate") and media_type(link.param("type")) in FEED_TYPES:
            return _absolute(response.final_url, link.target)
    if not response.is_html:
        return None
    for found in find_rel_links(response.text, frozenset({"link"})):
        if "alternate" in found.rels and found.href and media_type(found.type) in FEED_TYPES:
            return _absolute(response.final_url, found.href)
    return None


def _absolute(base: str, href: str) -> str | None:
    try:
        resolved = httpx.URL(base).join(href.strip())
    except httpx.InvalidURL:
        return None
    return str(resolved) if resolved.scheme in ("http", "https") else None
