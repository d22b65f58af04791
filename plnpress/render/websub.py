"""WebSub topics: the pages a reader can follow through the hub named in ``websub.hub``.

The home page (its h-feed), the site feeds and every tag feed name the hub and themselves
(``rel="hub"``, ``rel="self"``) inside the document and in HTTP ``Link`` headers (``_headers``),
and ``plnpress ping`` tells the hub when one of them changes. This module is the one list of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from plnpress.model import Site
from plnpress.model.permalinks import url_path
from plnpress.render.feedlinks import site_feeds, tag_feed


@dataclass(frozen=True, slots=True)
class Topic:
    """A page or feed that subscribers may follow through the hub."""

    url: str
    """Its absolute URL: the ``rel="self"`` and the ``hub.url`` of a ping."""
    path: str
    """Root-relative, including the site's sub-path (for ``_headers``)."""
    output: str
    """The file the build writes for it."""


def topics(site: Site) -> list[Topic]:
    """The home page, the Atom, RSS and JSON feeds, then each tag's feed."""
    config = site.config
    home = url_path(config.base_path, "/")
    found = [Topic(config.absolute(home), home, "index.html")]
    feeds = [*site_feeds(config), *(tag_feed(config, t.slug, t.name) for t in site.tags)]
    found += [Topic(feed.url, feed.path, feed.output) for feed in feeds]
    return found


def hub_headers(site: Site) -> list[str]:
    """``_headers`` rules that advertise the hub and each topic's own URL (WebSub §4 wants these
    as HTTP Link headers; the in-document links serve hosts that cannot set headers)."""
    hub = site.config.site.websub.hub
    if not hub:
        return []
    return [
        f'{topic.path}\n  Link: <{hub}>; rel="hub"\n  Link: <{topic.url}>; rel="self"\n'
        for topic in topics(site)
    ]
