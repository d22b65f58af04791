"""Where the feeds live: one place for the paths that pages link to and the feed writer fills."""

from __future__ import annotations

from dataclasses import dataclass

from plnpress.config import Config
from plnpress.model.permalinks import output_path, url_path

ATOM = "/feed.xml"
RSS = "/rss.xml"
JSON_FEED = "/feed.json"
TAG_ATOM = "/tags/{slug}/feed.xml"
FOLLOW = "/follow/"
"""The page that explains following and shows every feed's address: the theme's feed links go
there."""

ATOM_TYPE = "application/atom+xml"
RSS_TYPE = "application/rss+xml"
JSON_FEED_TYPE = "application/feed+json"


@dataclass(frozen=True, slots=True)
class FeedLink:
    """A feed as pages advertise it (``<link rel="alternate">``) and the build writes it."""

    title: str
    """Human name, e.g. ``My Blog (Atom)``."""
    type: str
    """Media type for ``<link type>``."""
    permalink: str
    """Path below the site root, e.g. ``/feed.xml``."""
    path: str
    """Root-relative URL including the site's sub-path, e.g. ``/blog/feed.xml``."""
    url: str
    """Absolute URL."""
    format: str
    """``atom``, ``rss`` or ``json``."""
    label: str
    """The format's name for link text: ``Atom``, ``RSS`` or ``JSON Feed``."""

    @property
    def output(self) -> str:
        """The file under the output folder."""
        return output_path(self.permalink)


_LABELS = {"atom": "Atom", "rss": "RSS", "json": "JSON Feed"}


def _link(config: Config, name: str, media_type: str, permalink: str, fmt: str) -> FeedLink:
    path = url_path(config.base_path, permalink)
    title = f"{name} ({_LABELS[fmt]})"
    return FeedLink(title, media_type, permalink, path, config.absolute(path), fmt, _LABELS[fmt])


def site_feeds(config: Config) -> tuple[FeedLink, ...]:
    """The whole-site feeds: Atom, RSS and JSON Feed, in that order."""
    name = config.site.title
    return (
        _link(config, name, ATOM_TYPE, ATOM, "atom"),
        _link(config, name, RSS_TYPE, RSS, "rss"),
        _link(config, name, JSON_FEED_TYPE, JSON_FEED, "json"),
    )


def tag_feed(config: Config, slug: str, name: str) -> FeedLink:
    """The Atom feed of one tag, beside the tag's page."""
    title = f"{config.site.title}: {name}"
    return _link(config, title, ATOM_TYPE, TAG_ATOM.format(slug=slug), "atom")
