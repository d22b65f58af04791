"""Responses from other sites (replies, likes, reposts, ...) and how an entry shows them.

A `Response` is one verified Webmention, harvested into ``content/mentions/``. Every string in it
came from someone else's page: the harvester sanitised it (``content_html`` is allowlisted HTML,
URLs are http or https) and the templates escape the rest.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from urllib.parse import urlsplit

IMPORTED_COMMENT = "wordpress"
"""The ``via`` of a comment imported from a WordPress export (``plnpress import wordpress``)."""

_COMMENT_ID = re.compile(r"comment-[0-9]+")


class ResponseKind(StrEnum):
    """What a response does to the entry, from the source's microformats."""

    REPLY = "reply"
    LIKE = "like"
    REPOST = "repost"
    BOOKMARK = "bookmark"
    RSVP = "rsvp"
    MENTION = "mention"
    """A page that links to the entry without replying to it (a pingback, in older terms)."""


class ResponseStatus(StrEnum):
    """Where a stored response stands in moderation; only approved ones are shown."""

    APPROVED = "approved"
    PENDING = "pending"
    """Waiting for ``plnpress webmention review`` (see ``webmention.moderation``)."""


@dataclass(frozen=True, slots=True)
class Author:
    """Who wrote a response, from the source's h-card (or its domain when it has none)."""

    name: str
    """Never empty: the source's domain when no name was found."""
    url: str | None = None
    """Their home page (http or https)."""
    photo: str | None = None
    """Where their photo was found. Kept to download it once; never shown (no hotlinking)."""
    avatar: str | None = None
    """The downloaded photo, a file name in ``content/mentions/avatars/``; None if none."""

    @property
    def initials(self) -> str:
        """Up to two letters for a generated placeholder avatar."""
        firsts = (next((ch for ch in word if ch.isalnum()), "") for word in self.name.split())
        letters = [ch for ch in firsts if ch]
        if not letters:
            return "?"
        return (letters[0] + letters[-1] if len(letters) > 1 else letters[0]).upper()

    @property
    def image(self) -> str:
        """The site path of the picture to show: the downloaded avatar or a placeholder."""
        if self.avatar:
            return f"/avatars/{self.avatar}"
        digest = hashlib.sha256(self.name.encode("utf-8")).hexdigest()[:12]
        return f"/avatars/placeholder-{digest}.svg"


@dataclass(frozen=True, slots=True)
class Response:
    """One verified response to one entry."""

    source: str
    """The page that sent the Webmention (verified to link to `target`)."""
    target: str
    """The entry's URL, without a fragment."""
    kind: ResponseKind
    author: Author
    received: datetime
    """When plnpress first stored it; orders responses that have no published date."""
    url: str = ""
    """The response's own permalink (its ``u-url``); the source when it has none."""
    published: datetime | None = None
    name: str | None = None
    """The source post's title, when it has a real one (shown for bookmarks and mentions)."""
    content_html: str = ""
    """Sanitised HTML of a reply (allowlisted tags, http/https links with rel=nofollow ugc)."""
    excerpt: str = ""
    """Plain text around the link to us, "[…] like this […]", for mentions and bookmarks."""
    rsvp: str | None = None
    """For an RSVP: yes, no, maybe or interested."""
    in_reply_to: tuple[str, ...] = ()
    """Every URL it replies to, fragments removed: a reply to another response nests under it."""
    status: ResponseStatus = ResponseStatus.APPROVED
    via: str = "webmention"
    """How it arrived: ``webmention.io``, ``receiver``, ``manual`` or ``wordpress`` (a comment
    imported from a WordPress export)."""

    def __post_init__(self) -> None:
        if not self.url:
            object.__setattr__(self, "url", self.source)

    @property
    def domain(self) -> str:
        """The source's host without ``www.``: what moderation and blocking go by."""
        return source_domain(self.source)

    @property
    def anchor(self) -> str:
        """A stable id for the response on the entry page. A comment imported from WordPress
        keeps the id it had there (``comment-12``), so old links to it still land on it."""
        if self.via == IMPORTED_COMMENT:
            fragment = urlsplit(self.source).fragment
            if _COMMENT_ID.fullmatch(fragment):
                return fragment
        return "response-" + hashlib.sha256(self.source.encode("utf-8")).hexdigest()[:10]

    @property
    def sort_key(self) -> tuple[datetime, str]:
        return (self.published or self.received, self.source)


def source_domain(url: str) -> str:
    """The host of `url`, lowercased, without ``www.``."""
    return (urlsplit(url).hostname or "").lower().removeprefix("www.")


@dataclass(frozen=True, slots=True)
class ReplyThread:
    """A reply and the replies to it, oldest first, to any depth."""

    response: Response
    replies: tuple[ReplyThread, ...] = ()
    parent: str | None = None
    """The URL of the response this one answers; None at the top of the thread."""

    @property
    def size(self) -> int:
        return 1 + sum(child.size for child in self.replies)


@dataclass(frozen=True, slots=True)
class EntryResponses:
    """The approved responses to one entry, grouped the way the page shows them."""

    replies: tuple[ReplyThread, ...] = ()
    """Top-level replies, each with its thread."""
    likes: tuple[Response, ...] = ()
    reposts: tuple[Response, ...] = ()
    bookmarks: tuple[Response, ...] = ()
    mentions: tuple[Response, ...] = ()
    rsvps: tuple[Response, ...] = ()
    every: tuple[Response, ...] = field(default=(), repr=False)
    """All of them, in date order (for counts, feeds and the sender's fingerprint)."""

    @property
    def count(self) -> int:
        """How many responses the page shows."""
        return len(self.every)

    def __bool__(self) -> bool:
        return bool(self.every)

    @classmethod
    def group(cls, responses: Iterable[Response]) -> EntryResponses:
        """Group responses by kind and thread the replies."""
        ordered = tuple(sorted(responses, key=lambda r: r.sort_key))

        def of(kind: ResponseKind) -> tuple[Response, ...]:
            return tuple(r for r in ordered if r.kind is kind)

        return cls(
            replies=thread_replies(of(ResponseKind.REPLY)),
            likes=of(ResponseKind.LIKE),
            reposts=of(ResponseKind.REPOST),
            bookmarks=of(ResponseKind.BOOKMARK),
            mentions=of(ResponseKind.MENTION),
            rsvps=of(ResponseKind.RSVP),
            every=ordered,
        )


EMPTY_RESPONSES = EntryResponses()


def thread_replies(replies: tuple[Response, ...]) -> tuple[ReplyThread, ...]:
    """Nest each reply under the response it replies to (by URL), keeping date order.

    A reply whose parent is unknown, or that would close a loop (A answers B, B answers A),
    stays at the top.
    """
    by_url: dict[str, Response] = {}
    for reply in replies:
        for url in (reply.url, reply.source):
            by_url.setdefault(url, reply)
    # Without its fragment, an address still names its response when no other shares it; the
    # comments of one old blog post (post#comment-1, post#comment-2) all share theirs.
    sharing: dict[str, set[int]] = {}
    for reply in replies:
        for url in (reply.url, reply.source):
            sharing.setdefault(_bare(url), set()).add(id(reply))
    for reply in replies:
        for url in (reply.url, reply.source):
            if len(sharing[_bare(url)]) == 1:
                by_url.setdefault(_bare(url), reply)
    parent: dict[str, Response] = {}
    for reply in replies:
        for url in reply.in_reply_to:
            candidate = by_url.get(url) or by_url.get(_bare(url))
            if candidate is not None and candidate is not reply:
                parent[reply.source] = candidate
                break
    for reply in replies:  # break loops: walk up; meeting ourselves means a cycle
        seen = {reply.source}
        current = parent.get(reply.source)
        while current is not None and current.source not in seen:
            seen.add(current.source)
            current = parent.get(current.source)
        if current is not None and current.source == reply.source:
            parent.pop(reply.source, None)
    children: Mapping[str, list[Response]] = {r.source: [] for r in replies}
    for reply in replies:
        if reply.source in parent:
            children[parent[reply.source].source].append(reply)

    def build(reply: Response) -> ReplyThread:
        above = parent.get(reply.source)
        return ReplyThread(
            reply,
            tuple(build(child) for child in children[reply.source]),
            above.url if above is not None else None,
        )

    return tuple(build(r) for r in replies if r.source not in parent)


def _bare(url: str) -> str:
    return url.split("#", 1)[0]
