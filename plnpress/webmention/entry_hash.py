"""The entry hash: one short value that changes when anything a receiver would show changes.

The sender stores it with every notification in the sent log. When an entry's hash differs from
the one it was last sent with, the entry has been updated (Webmention §3.1.4) and every target it
links to, or used to link to, is notified again.
"""

from __future__ import annotations

import hashlib
import json

from plnpress.model import Entry
from plnpress.model.response import Response

HASH_LENGTH = 16
"""Hex digits kept: 64 bits tell one version of one entry from the next with room to spare."""


def displayed(entry: Entry) -> dict[str, object]:
    """What a receiver of a Webmention from `entry` may show: a change here is an update.

    A deleted entry shows nothing but that it is gone, so editing its file changes nothing.

    The responses shown under the entry count as part of it (spec §3.1.4, U3): a new, changed or
    removed reply changes the hash, so the pages the entry links to hear of the update.
    """
    if entry.deleted:
        return {"deleted": True}
    return {
        "title": entry.title,
        "content": entry.content_html,
        "summary": entry.summary,
        "in_reply_to": list(entry.in_reply_to),
        "like_of": list(entry.like_of),
        "repost_of": list(entry.repost_of),
        "bookmark_of": entry.bookmark_of,
        "deleted": False,
        "responses": [_shown(response) for response in entry.responses.every],
    }


def _shown(response: Response) -> list[object]:
    """What the entry's page shows of one response."""
    author = response.author
    published = response.published.isoformat() if response.published else None
    return [
        response.url,
        response.kind.value,
        author.name,
        author.url,
        author.image,
        published,
        response.name,
        response.content_html,
        response.excerpt,
        response.rsvp,
    ]


def entry_fingerprint(entry: Entry) -> str:
    """The hash of `displayed(entry)`, as stored in the sent log (16 hex digits)."""
    canonical = json.dumps(displayed(entry), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:HASH_LENGTH]
