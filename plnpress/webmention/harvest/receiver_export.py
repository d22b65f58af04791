"""Reading the export of the blog's own receiver (``plnpress webmention receive``).

``GET <webmention.receiver>webmention/export?since=N`` with the token of
``PLNPRESS_RECEIVER_TOKEN`` in an ``Authorization`` header answers one page of what changed
after N: verified responses as JF2 ``children`` (the fields webmention.io sends), ``deleted``
pairs, and ``last``, the ``since`` of the next page. Pages are read until one brings nothing.

Like webmention.io's, the receiver's word is not trusted: a child is only a hint (sanitised by
`plnpress.webmention.harvest.webmention_io.jf2_response`), and each pair is verified again by
``pull``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlencode, urljoin

from plnpress.fetch.client import GuardedClient
from plnpress.mentions.sanitize import clean_url
from plnpress.model.response import Response
from plnpress.webmention.harvest.webmention_io import (
    ServiceDeletion,
    fetch_jf2,
    jf2_response,
)

RECEIVER_TOKEN_ENV = "PLNPRESS_RECEIVER_TOKEN"
EXPORT_PATH = "webmention/export"
PER_PAGE = 25
"""Small enough that a page of long replies stays under the 1 MB body cap."""
MAX_PAGES = 10_000


@dataclass(frozen=True, slots=True)
class ReceiverMention:
    """A pair the receiver verified, with what it read from the source (a hint only)."""

    wm_id: int
    source: str
    target: str
    hint: Response | None
    """What the receiver read from the source, sanitised again here; a fallback only."""


@dataclass
class ExportRead:
    """Everything read from the export in one pull."""

    mentions: list[ReceiverMention] = field(default_factory=list)
    deletions: list[ServiceDeletion] = field(default_factory=list)
    last: int | None = None
    """The ``since`` to ask with next time."""
    restarted: bool = False
    """The receiver's changes end before `since`: its database was replaced (restored from an
    older backup, or new), so it was read from the start."""


async def read_export(
    client: GuardedClient, receiver: str, token: str, since: int | None, *, received: datetime
) -> ExportRead:
    """Every page of the export after `since`."""
    url = urljoin(receiver if receiver.endswith("/") else receiver + "/", EXPORT_PATH)
    read = ExportRead(last=since)
    for _ in range(MAX_PAGES):
        page = await _page(client, url, token, read.last or 0)
        newest = page.get("newest")
        if isinstance(newest, int) and newest < (read.last or 0):
            read.restarted, read.last = True, 0
            continue
        last = page.get("last")
        if not isinstance(last, int) or last <= (read.last or 0):
            break
        for item in _items(page, "children"):
            mention = _mention(item, received)
            if mention is not None:
                read.mentions.append(mention)
        for item in _items(page, "deleted"):
            deletion = _deletion(item)
            if deletion is not None:
                read.deletions.append(deletion)
        read.last = last
    return read


async def _page(client: GuardedClient, url: str, token: str, since: int) -> dict[str, Any]:
    address = f"{url}?{urlencode({'since': since, 'limit': PER_PAGE})}"
    hint = f"set the receiver's token in {RECEIVER_TOKEN_ENV}"
    return await fetch_jf2(client, address, token, f"the receiver at {url}", hint)


def _items(page: dict[str, Any], key: str) -> list[dict[str, Any]]:
    items = page.get(key)
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def _pair(item: dict[str, Any]) -> tuple[int, str, str] | None:
    wm_id, source, target = item.get("wm-id"), item.get("wm-source"), item.get("wm-target")
    if not isinstance(wm_id, int) or clean_url(source) != source or clean_url(target) != target:
        return None
    assert isinstance(source, str) and isinstance(target, str)
    return wm_id, source, target


def _mention(item: dict[str, Any], received: datetime) -> ReceiverMention | None:
    pair = _pair(item)
    if pair is None:
        return None
    hint = jf2_response(item, received)
    return ReceiverMention(*pair, hint=hint)


def _deletion(item: dict[str, Any]) -> ServiceDeletion | None:
    pair = _pair(item)
    return ServiceDeletion(*pair) if pair is not None else None
