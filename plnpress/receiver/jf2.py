"""Verified responses as JF2, the JSON webmention.io serves, so that ``pull`` reads both alike.

An entry carries the ``wm-*`` fields of webmention.io's API (``wm-id``, ``wm-source``,
``wm-target``, ``wm-property``, ``wm-received``, ``wm-private``) and the response's own
properties. ``pull`` takes none of it on trust: it fetches each source again and cleans what it
keeps; the entry only fills in what the page does not say.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from plnpress.mentions.sanitize import plain_text
from plnpress.model.response import Response, ResponseKind

PROPERTIES = {
    ResponseKind.REPLY: "in-reply-to",
    ResponseKind.LIKE: "like-of",
    ResponseKind.REPOST: "repost-of",
    ResponseKind.BOOKMARK: "bookmark-of",
    ResponseKind.RSVP: "rsvp",
    ResponseKind.MENTION: "mention-of",
}
"""``wm-property`` for each kind, as webmention.io names them."""


def entry_of(response: Response) -> dict[str, Any]:
    """The JF2 entry of one verified response (without ``wm-id``, which the export adds)."""
    prop = PROPERTIES[response.kind]
    entry: dict[str, Any] = {
        "type": "entry",
        "author": {
            "type": "card",
            "name": response.author.name,
            "url": response.author.url or "",
            "photo": response.author.photo or "",
        },
        "url": response.url,
        "published": _time(response.published),
        "wm-received": _time(response.received),
        "wm-source": response.source,
        "wm-target": response.target,
        "wm-property": prop,
        "wm-private": False,
    }
    if response.name:
        entry["name"] = response.name
    if response.content_html:
        entry["content"] = {
            "html": response.content_html,
            "text": plain_text(response.content_html),
        }
    if response.excerpt:
        entry["summary"] = response.excerpt
    if response.kind in (ResponseKind.REPLY, ResponseKind.RSVP):
        entry["in-reply-to"] = list(response.in_reply_to or (response.target,))
    else:
        entry[prop] = response.target
    if response.kind is ResponseKind.RSVP:
        entry["rsvp"] = response.rsvp or ""
    return entry


def _time(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value is not None else None
