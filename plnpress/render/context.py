"""What every template can use besides its own page data: the site, URL helpers and filters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import jinja2

from plnpress.config import Config
from plnpress.config.server import advertised_links
from plnpress.model import EntryKind, Site, Taxon
from plnpress.model.network import has_network
from plnpress.model.slugs import slugify
from plnpress.render.feedlinks import FOLLOW, FeedLink, site_feeds, tag_feed
from plnpress.render.networklinks import BLOGROLL, NETWORK
from plnpress.render.plan import SEARCH, has_page_at


def site_path(config: Config, path: str) -> str:
    """A path inside the site (``/css/style.css``) as a root-relative URL under the base path.

    Absolute URLs are returned as they are.
    """
    if "://" in path or path.startswith(("//", "mailto:", "#")):
        return path
    return config.base_path.rstrip("/") + "/" + path.lstrip("/")


def absolute_url(config: Config, path: str) -> str:
    """Like :func:`site_path`, as an absolute URL (for canonical links, Open Graph and feeds)."""
    resolved = site_path(config, path)
    return resolved if "://" in resolved else config.origin + resolved


MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def isodate(value: datetime) -> str:
    """RFC 3339, as microformats and feeds want it."""
    return value.isoformat(timespec="seconds")


def human_date(value: datetime) -> str:
    """``31 May 2024``: locale-independent so builds are identical everywhere."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def domain(url: str) -> str:
    """``https://www.example.org/a`` -> ``example.org``."""
    return (urlsplit(url).hostname or url).removeprefix("www.")


def display_url(url: str) -> str:
    """``https://www.example.org/a/b/`` -> ``example.org/a/b``: a URL as people read it."""
    parts = urlsplit(url)
    if not parts.hostname:
        return url
    shown = domain(url) + parts.path.rstrip("/")
    return shown + ("?" + parts.query if parts.query else "")


def month_name(month: int) -> str:
    """``5`` -> ``May``, whatever the machine's locale."""
    return MONTHS[month - 1]


@dataclass(frozen=True, slots=True)
class Author:
    """The person behind the blog, with every URL resolved (for h-cards and feeds)."""

    name: str
    url: str
    """Absolute: ``author.url`` from the config, or the site URL."""
    photo: str | None
    """Absolute URL of the picture, if any (for feeds and Open Graph)."""
    photo_path: str | None
    """Root-relative URL of the picture for ``<img src>`` (``photo`` if it is elsewhere)."""
    note: str | None
    email: str | None


def site_author(config: Config) -> Author:
    """The configured author, ready for templates and feeds."""
    author = config.site.author
    return Author(
        name=author.name,
        url=author.url or config.base_url,
        photo=absolute_url(config, author.photo) if author.photo else None,
        photo_path=site_path(config, author.photo) if author.photo else None,
        note=author.note,
        email=author.email,
    )


@dataclass(frozen=True, slots=True)
class NavItem:
    """One link of the site navigation."""

    title: str
    path: str
    """Root-relative URL including the site's sub-path."""


def navigation(site: Site) -> tuple[NavItem, ...]:
    """Home, the lists and directories the site has, the pages with a ``menu`` position in that
    order, then how to follow the blog (unless the writer has a page of their own there)."""
    config = site.config
    items = [NavItem("Home", site_path(config, "/"))]
    if site.of_kind(EntryKind.LINK):
        items.append(NavItem("Links", site_path(config, "/links/")))
    if site.tags:
        items.append(NavItem("Tags", site_path(config, "/tags/")))
    if site.entries:
        items.append(NavItem("Archive", site_path(config, "/archive/")))
    if has_network(site.entries, config.base_url):
        items.append(NavItem("Network", site_path(config, NETWORK)))
    if site.blogroll:
        items.append(NavItem("Blogroll", site_path(config, BLOGROLL)))
    items += [NavItem(page.title, page.path) for page in site.menu]
    if site.search:
        items.append(NavItem("Search", site_path(config, SEARCH)))
    if not has_page_at(site, FOLLOW):
        items.append(NavItem("Follow", site_path(config, FOLLOW)))
    return tuple(items)


def install_globals(env: jinja2.Environment, site: Site, extra: dict[str, Any]) -> None:
    """Register the helpers themes rely on (documented in docs/themes.md)."""
    config = site.config

    def taxon_feed(taxon: Taxon) -> FeedLink:
        return tag_feed(config, taxon.slug, taxon.name)

    env.globals.update(
        site=site,
        config=config.site,
        url=lambda path: site_path(config, path),
        absolute=lambda path: absolute_url(config, path),
        home_url=config.base_url,
        author=site_author(config),
        navigation=navigation(site),
        search_path=site_path(config, SEARCH) if site.search else None,
        feeds=site_feeds(config),
        server_links=advertised_links(config.site.server, config.site.micropub),
        tag_feed=taxon_feed,
        tag_url=lambda name: site_path(config, f"/tags/{slugify(name)}/"),
        category_url=lambda name: site_path(config, f"/categories/{slugify(name)}/"),
    )
    env.globals.setdefault("live_reload_script", None)
    env.globals.update(extra)
    env.filters.update(
        isodate=isodate,
        date=human_date,
        domain=domain,
        display_url=display_url,
        slug=slugify,
        month_name=month_name,
    )
