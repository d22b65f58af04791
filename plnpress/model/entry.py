"""Entries (posts and link-bookmarks) and pages: what the writer wrote, validated and rendered."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

from plnpress.model.response import EMPTY_RESPONSES, EntryResponses

SILOS = ("mastodon", "bluesky", "github", "flickr")
"""The networks Bridgy Publish copies entries to (``syndicate_to:``)."""


def bookmark_title(url: str) -> str:
    """``https://www.example.org/a/b/`` -> ``example.org/a/b``: the title of a bookmark whose
    writer gave none."""
    parts = urlsplit(url)
    return (parts.netloc.removeprefix("www.") + parts.path).rstrip("/") or url


class EntryKind(StrEnum):
    """The kinds of dated entry; they share one model and one code path."""

    POST = "post"
    """A long-form post from ``content/posts/``."""
    LINK = "link"
    """A link-bookmark from ``content/links/``: a URL worth sharing plus the writer's comment."""


@dataclass(frozen=True, slots=True)
class Cited:
    """A page an entry replies to, likes, reposts or bookmarks, as that page described itself
    when the entry was written (front matter ``context:``, filled in by ``plnpress new reply``),
    so the entry shows what it answers without fetching anything at build time."""

    url: str
    name: str | None = None
    """Its title, if it has one (notes have none)."""
    summary: str | None = None
    """A short excerpt of its text."""
    author: str | None = None
    """Its author's name."""
    author_url: str | None = None
    """Its author's home page."""
    published: datetime | None = None

    @property
    def label(self) -> str:
        """How to name the page in a sentence: its title, else its author, else its address."""
        if self.name:
            return f"“{self.name}”"
        if self.author:
            return self.author
        return bookmark_title(self.url)


RESPONSE_VERBS = (("in_reply_to", "Reply to"), ("like_of", "Liked"), ("repost_of", "Reposted"))
"""The fields of an entry that answer another page, with the words its generated title uses."""


@dataclass(frozen=True, slots=True)
class Location:
    """Where a page lives once built."""

    permalink: str
    """The path from the permalink pattern, e.g. ``/2024/05/hello/``."""
    path: str
    """Root-relative URL including the site's sub-path, e.g. ``/blog/2024/05/hello/``."""
    url: str
    """Absolute URL, e.g. ``https://example.org/blog/2024/05/hello/``."""
    output: str
    """The file under the output folder, e.g. ``2024/05/hello/index.html``; empty for an old
    address with a query (``/?p=12``, an alias), which no file can answer."""

    def __reduce__(self) -> tuple[type[Location], tuple[str, str, str, str]]:
        # Every entry has one, and the build cache pickles ten thousand at a time: the
        # dataclass's own pickling goes through slower hooks.
        return Location, (self.permalink, self.path, self.url, self.output)


@dataclass(frozen=True, slots=True)
class Photo:
    """A photo an entry is about (``photo:`` in its front matter): its ``u-photo``."""

    url: str
    """Where it is: an absolute URL, or a root-relative path already under the site's sub-path."""
    alt: str = ""
    """What it shows, for readers who cannot see it."""


@dataclass(frozen=True, slots=True, eq=False)
class Entry:
    """One dated entry: a post or a link-bookmark."""

    kind: EntryKind
    source: str
    """The Markdown file, relative to the blog folder."""
    title: str
    slug: str
    published: datetime
    """Timezone-aware publication time."""
    location: Location
    content_html: str
    """The body rendered from Markdown."""
    summary: str
    """Plain text: the ``summary`` field, or the first paragraph of the body."""
    updated: datetime | None = None
    tags: tuple[str, ...] = ()
    category: str | None = None
    draft: bool = False
    deleted: bool = False
    """A tombstone: built as a 410 page, left out of lists and feeds, announced by the sender."""
    webmentions: bool = True
    """False when the writer opted this entry out of sending Webmentions."""
    image: str | None = None
    image_alt: str | None = None
    photos: tuple[Photo, ...] = ()
    """The photos the entry shows (a photo post's), in order."""
    in_reply_to: tuple[str, ...] = ()
    like_of: tuple[str, ...] = ()
    repost_of: tuple[str, ...] = ()
    context: tuple[Cited, ...] = ()
    """What the pages it replies to, likes, reposts or bookmarks said (``context:``)."""
    titled: bool = True
    """False for a reply, like or repost written without a title: `title` is then made from
    what it answers ("Reply to …"), and the page does not mark it as the entry's name."""
    syndication: tuple[str, ...] = ()
    """Where copies of the entry live (its ``u-syndication`` links)."""
    syndicate_to: tuple[str, ...] = ()
    """Silos (see `SILOS`) to copy the entry to through Bridgy Publish, in the writer's order."""
    bookmark_of: str | None = None
    """For link-bookmarks: the page being shared."""
    quote: str | None = None
    via: str | None = None
    links: tuple[str, ...] = ()
    """Absolute http(s) links in the body, in order."""
    pictures: tuple[tuple[str, int], ...] = ()
    """The pictures the body shows: each address as the HTML has it, and its line in the file."""
    future: bool = False
    """Dated after the build time (only built with ``--future``)."""
    template: str | None = None
    """A template chosen in the front matter instead of the theme's default."""
    extra: Mapping[str, Any] = field(default_factory=dict)
    """Front matter keys plnpress does not know, for themes to use."""
    lines: Mapping[str, int] = field(default_factory=dict)
    """The line each front matter key was written on, for messages."""
    responses: EntryResponses = EMPTY_RESPONSES
    """Approved responses from other sites (from ``content/mentions/``), grouped for display:
    those to its address and to each of its `aliases`."""
    aliases: tuple[Location, ...] = ()
    """Old addresses (``aliases:``) that redirect here; never listed anywhere."""

    @property
    def url(self) -> str:
        return self.location.url

    @property
    def path(self) -> str:
        return self.location.path

    def cited(self, url: str) -> Cited:
        """What is known of `url`, a page the entry answers (only its address if nothing)."""
        return next((cited for cited in self.context if cited.url == url), Cited(url))

    @property
    def response_kind(self) -> str | None:
        """``reply``, ``like`` or ``repost`` for an entry that answers another page, else None."""
        if self.in_reply_to:
            return "reply"
        if self.like_of:
            return "like"
        return "repost" if self.repost_of else None

    @property
    def bookmark_domain(self) -> str | None:
        """The host of ``bookmark_of`` without ``www.``, for display."""
        if not self.bookmark_of:
            return None
        host = urlsplit(self.bookmark_of).hostname or ""
        return host.removeprefix("www.")

    @property
    def last_modified(self) -> datetime:
        return self.updated or self.published


@dataclass(frozen=True, slots=True, eq=False)
class Page:
    """A standalone page from ``content/pages/`` (about, now, ...)."""

    source: str
    title: str
    slug: str
    location: Location
    content_html: str
    summary: str
    menu: int | None = None
    """Position in the site navigation; None keeps it out of the menu."""
    image: str | None = None
    image_alt: str | None = None
    pictures: tuple[tuple[str, int], ...] = ()
    """The pictures the body shows: each address as the HTML has it, and its line in the file."""
    template: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)
    lines: Mapping[str, int] = field(default_factory=dict)
    aliases: tuple[Location, ...] = ()
    """Old addresses (``aliases:``) that redirect here; never listed anywhere."""
    draft: bool = False
    """Marked ``draft: true`` (built only with ``--drafts``, never found by search)."""
    responses: EntryResponses = EMPTY_RESPONSES
    """Approved responses to the page or one of its `aliases` (comments brought from WordPress,
    Webmentions sent to an about page), shown as under an entry."""

    @property
    def url(self) -> str:
        return self.location.url

    @property
    def path(self) -> str:
        return self.location.path


@dataclass(frozen=True, slots=True)
class StaticFile:
    """A file copied to the site as it is: from ``content/static/``, or from the bundle folder of
    an entry or page (a picture beside its ``index.md``)."""

    source: str
    """Relative to the blog folder."""
    output: str
    """Relative to the output folder."""
    bundle_of: str | None = None
    """For a file of a bundle: the source of the entry or page it belongs to (it is published
    beside that page, and only while that is published)."""
