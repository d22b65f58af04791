"""The addresses the build fills with pages and files of its own, which nothing else may take.

Lists (the home page, ``/links/``, ``/archive/``, the network pages), every tag's and category's
pages, pagination, the feeds, the sitemap and the avatars. An entry, page or old address there
would clash with them; the build reports such a clash, and importers keep out of the way
beforehand (an imported page called "archive" gets another slug).
"""

from __future__ import annotations

from plnpress.render.feedlinks import ATOM, JSON_FEED, RSS
from plnpress.render.networklinks import BLOGROLL, NETWORK
from plnpress.render.sitemap import ROBOTS, SITEMAP

PAGES = frozenset(
    {"/", "/links/", "/archive/", NETWORK, BLOGROLL, "/404.html", ATOM, RSS, JSON_FEED}
    | {f"/{SITEMAP}", f"/{ROBOTS}", "/_headers", "/_redirects"}
)
"""Single pages and files at the site's root."""

FOLDERS = ("/page/", "/links/page/", "/tags/", "/categories/", "/avatars/")
"""Folders whose every address is the build's (pagination, tags, categories, avatars)."""


def is_reserved(permalink: str) -> bool:
    """Does the build write a page or file of its own at ``permalink`` (``/tags/x/``)? An old
    address with a query (``/?p=12``) takes no page: the host's rule answers only that query."""
    if "?" in permalink:
        return False
    path = permalink
    folder = path if path.endswith("/") else path + "/"
    return path in PAGES or folder in PAGES or path.startswith(FOLDERS)
