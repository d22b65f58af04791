"""Real-shaped source pages and a stand-in for webmention.io, served by `LocalServer`.

The pages are what IndieWeb sites publish: an h-entry with an h-card author, a date, content and
the property that says what it does to our post (u-in-reply-to, u-like-of, ...).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html import escape
from typing import Any

from tests.webmention.servers import LocalServer, RecordedRequest, Reply, text

TOKEN = "test-token-5f3a9c"


def h_card(name: str, url: str = "/", photo: str | None = "/photo.png") -> str:
    image = f'<img class="u-photo" src="{escape(photo)}" alt="">' if photo else ""
    return (
        f'<a class="p-author h-card" href="{escape(url)}">{image}'
        f'<span class="p-name">{escape(name)}</span><data class="u-url" value="{escape(url)}">'
        "</data></a>"
    )


def entry_page(
    target: str | None,
    prop: str | None = "in-reply-to",
    *,
    author: str | None = None,
    content: str = "<p>A thoughtful answer.</p>",
    name: str | None = None,
    published: str | None = "2025-05-02T09:30:00+00:00",
    also_reply_to: tuple[str, ...] = (),
    head: str = "",
) -> str:
    """An h-entry that responds to `target` with `prop` (None: it only links in the content)."""
    links = "".join(
        f'<a class="u-{prop}" href="{escape(url)}">context</a>'
        for url in ((target,) if target and prop else ()) + also_reply_to
    )
    title = f'<h1 class="p-name">{escape(name)}</h1>' if name else ""
    date = f'<time class="dt-published" datetime="{published}">then</time>' if published else ""
    return (
        f"<!doctype html><html><head><title>A page</title>{head}</head><body>"
        '<nav><a href="/">Home</a></nav><article class="h-entry">'
        f"{title}{links}{author if author is not None else h_card('Jo Example')}"
        f'<div class="e-content">{content}</div>{date}'
        '<a class="u-url" href="">permalink</a></article></body></html>'
    )


def plain_page(body: str) -> str:
    """A page without microformats."""
    return f"<!doctype html><html><head><title>Plain notes</title></head><body>{body}</body></html>"


def jf2(
    wm_id: int,
    source: str,
    target: str,
    prop: str = "mention-of",
    **fields: Any,
) -> dict[str, Any]:
    """One child of webmention.io's JF2 feed."""
    item: dict[str, Any] = {
        "type": "entry",
        "author": {"type": "card", "name": "", "photo": "", "url": ""},
        "url": source,
        "published": None,
        "wm-received": "2025-06-01T12:00:00Z",
        "wm-id": wm_id,
        "wm-source": source,
        "wm-target": target,
        "wm-property": prop,
        "wm-private": False,
        prop: target,
    }
    item.update(fields)
    return item


@dataclass
class WebmentionIo:
    """A stand-in for webmention.io's API on a `LocalServer`: JF2 pages, since_id, deletions."""

    server: LocalServer
    mentions: list[dict[str, Any]] = field(default_factory=list)
    deletions: list[dict[str, Any]] = field(default_factory=list)
    deleted_feed: bool = True
    max_per_page: int = 5
    """Like the real service, answer at most this many per page, whatever was asked."""

    def __post_init__(self) -> None:
        self.server.route("/api/mentions.jf2", self._answer_mentions)
        self.server.route("/api/deleted.jf2", self._answer_deletions)

    @property
    def api(self) -> str:
        return self.server.url("/")

    def asked(self) -> list[dict[str, list[str]]]:
        """The query of every mentions request, in order."""
        return [r.query_params for r in self.server.requests_to("/api/mentions.jf2")]

    def _answer_mentions(self, request: RecordedRequest) -> Reply:
        return self._page(request, self.mentions)

    def _answer_deletions(self, request: RecordedRequest) -> Reply:
        if not self.deleted_feed:
            return text("not found", status=404)
        return self._page(request, self.deletions)

    def _page(self, request: RecordedRequest, items: list[dict[str, Any]]) -> Reply:
        if request.header("Authorization") != f"Bearer {TOKEN}":
            return text('{"error": "forbidden"}', status=401, content_type="application/json")
        query = request.query_params
        since = int(query.get("since_id", ["0"])[0])
        per_page = min(int(query.get("per-page", ["20"])[0]), self.max_per_page)
        page = int(query.get("page", ["0"])[0])
        chosen = sorted((i for i in items if i["wm-id"] > since), key=lambda i: i["wm-id"])
        chunk = chosen[page * per_page : (page + 1) * per_page]
        feed = {"type": "feed", "name": "Webmentions", "children": chunk}
        return text(json.dumps(feed), content_type="application/json")
