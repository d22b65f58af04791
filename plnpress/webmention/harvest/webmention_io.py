"""Reading what webmention.io received for this site: its JF2 API, page by page, since last time.

The token is read from ``PLNPRESS_WEBMENTION_IO_TOKEN`` and sent only in an ``Authorization``
header (webmention.io accepts a bearer token), so it never appears in a URL, an error message or
a file. Requests go through the guarded client like every outside fetch.

- ``api/mentions.jf2?domain=...&since_id=N&sort-dir=up&per-page=..&page=..``: every page until an
  empty one; ``since_id`` makes the next pull ask only for what is new.
- ``api/deleted.jf2``: the mentions webmention.io has since deleted, where the service offers
  it (an older one answers 404 and is simply not asked again this run).

A service's word is never taken for the content: `ServiceMention.hint` is only a fallback for what
the source page itself does not say, sanitised the same way.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

from plnpress.errors import PlnpressError
from plnpress.fetch.client import GuardedClient
from plnpress.fetch.errors import FetchError
from plnpress.mentions.sanitize import clean_html, clean_text, clean_url, text_as_html
from plnpress.model.response import Author, Response, ResponseKind
from plnpress.webmention.harvest.microformats import parse_datetime

TOKEN_ENV = "PLNPRESS_WEBMENTION_IO_TOKEN"
PER_PAGE = 50
"""Small enough that a page of long replies stays under the 1 MB body cap."""
MAX_PAGES = 2_000

_KINDS = {
    "in-reply-to": ResponseKind.REPLY,
    "like-of": ResponseKind.LIKE,
    "repost-of": ResponseKind.REPOST,
    "bookmark-of": ResponseKind.BOOKMARK,
    "rsvp": ResponseKind.RSVP,
    "mention-of": ResponseKind.MENTION,
}


class ServiceError(PlnpressError):
    """A JF2 service (webmention.io, the blog's own receiver) could not be read (network,
    status, or not a JF2 feed)."""


@dataclass(frozen=True, slots=True)
class ServiceMention:
    """One (source, target) pair webmention.io reported."""

    wm_id: int
    source: str
    target: str
    private: bool
    """Sent as private: never republished."""
    hint: Response | None
    """What webmention.io parsed from the source, sanitised; a fallback only."""


@dataclass(frozen=True, slots=True)
class ServiceDeletion:
    wm_id: int
    source: str
    target: str


async def fetch_mentions(
    client: GuardedClient,
    api: str,
    token: str,
    domain: str,
    since_id: int | None,
    *,
    received: datetime,
) -> list[ServiceMention]:
    """Every mention of `domain` after `since_id`, oldest first, all pages."""
    found: list[ServiceMention] = []
    for page in range(MAX_PAGES):
        params: dict[str, str | int] = {"domain": domain, "sort-dir": "up", "per-page": PER_PAGE}
        params["page"] = page
        if since_id is not None:
            params["since_id"] = since_id
        children = await _children(client, api, "api/mentions.jf2", params, token)
        for item in children:
            mention = _mention(item, domain, received)
            if mention is not None:
                found.append(mention)
        if not children:  # a server may send fewer than asked for, so only empty means done
            break
    return sorted(found, key=lambda m: m.wm_id)


async def fetch_deletions(
    client: GuardedClient, api: str, token: str, domain: str, since_id: int | None
) -> list[ServiceDeletion] | None:
    """Mentions of `domain` deleted after `since_id`; None if the service has no such feed."""
    found: list[ServiceDeletion] = []
    for page in range(MAX_PAGES):
        params: dict[str, str | int] = {"per-page": PER_PAGE, "page": page}
        if since_id is not None:
            params["since_id"] = since_id
        try:
            children = await _children(client, api, "api/deleted.jf2", params, token)
        except ServiceNotFound:
            return None
        for item in children:
            wm_id, source, target = item.get("wm-id"), item.get("wm-source"), item.get("wm-target")
            if isinstance(wm_id, int) and _ours(target, domain) and clean_url(source) == source:
                found.append(ServiceDeletion(wm_id, str(source), str(target)))
        if not children:
            break
    return sorted(found, key=lambda d: d.wm_id)


class ServiceNotFound(ServiceError):
    """The service answered 404: it has no such feed."""


async def fetch_jf2(
    client: GuardedClient, url: str, token: str, where: str, token_hint: str
) -> dict[str, Any]:
    """The JF2 feed (a JSON object with a ``children`` list) a service answers at ``url`` to the
    bearer ``token``, or a `ServiceError` that names ``where`` (the URL without its query) and,
    for a refused token, says ``token_hint``. Shared by webmention.io and the blog's receiver."""
    try:
        result = await client.fetch(
            url, headers={"Accept": "application/json", "Authorization": f"Bearer {token}"}
        )
    except FetchError as exc:
        raise ServiceError(f"could not reach {where}: {exc}") from None
    if result.status == 404:
        raise ServiceNotFound(f"{where} answered 404")
    if result.status in (401, 403):
        raise ServiceError(f"{where} refused the token ({result.status}); {token_hint}")
    if not result.ok:
        raise ServiceError(f"{where} answered {result.status}")
    if result.truncated:
        raise ServiceError(f"{where} sent more than the size limit allows")
    try:
        feed = json.loads(result.text)
    except (ValueError, RecursionError):  # nested 100,000 deep is not a feed either
        raise ServiceError(f"{where} did not answer with JSON") from None
    if not isinstance(feed, dict) or not isinstance(feed.get("children"), list):
        raise ServiceError(f"{where} did not answer with a JF2 feed (no 'children' list)")
    return feed


async def _children(
    client: GuardedClient, api: str, path: str, params: dict[str, str | int], token: str
) -> list[dict[str, Any]]:
    url = urljoin(api if api.endswith("/") else api + "/", path) + "?" + urlencode(params)
    feed = await fetch_jf2(client, url, token, url.split("?", 1)[0], f"check {TOKEN_ENV}")
    return [child for child in feed["children"] if isinstance(child, dict)]


def _ours(target: object, domain: str) -> bool:
    if not isinstance(target, str) or clean_url(target) != target:
        return False
    host = (urlsplit(target).hostname or "").lower()
    return host == domain or host == "www." + domain


def _mention(item: dict[str, Any], domain: str, received: datetime) -> ServiceMention | None:
    wm_id, source, target = item.get("wm-id"), item.get("wm-source"), item.get("wm-target")
    if not isinstance(wm_id, int) or not _ours(target, domain) or clean_url(source) != source:
        return None
    assert isinstance(source, str) and isinstance(target, str)
    private = bool(item.get("wm-private"))
    return ServiceMention(wm_id, source, target, private, jf2_response(item, received))


def jf2_response(item: dict[str, Any], received: datetime) -> Response | None:
    """A JF2 entry as a `Response`, every value sanitised as if it came from the page."""
    source, target = item.get("wm-source"), item.get("wm-target")
    if not isinstance(source, str) or not isinstance(target, str):
        return None
    author_data = item.get("author") if isinstance(item.get("author"), dict) else {}
    assert isinstance(author_data, dict)
    author_url = clean_url(author_data.get("url"), source)
    name = clean_text(author_data.get("name"), 100) or (urlsplit(author_url or source).hostname)
    content = item.get("content") if isinstance(item.get("content"), dict) else {}
    assert isinstance(content, dict)
    html = content.get("html")
    kind = _KINDS.get(str(item.get("wm-property")), ResponseKind.MENTION)
    body = ""
    if kind is ResponseKind.REPLY:
        if isinstance(html, str) and html.strip():
            body = clean_html(html, source)
        elif isinstance(content.get("text"), str):
            body = text_as_html(content["text"])
    return Response(
        source=source,
        target=target.split("#", 1)[0],
        kind=kind,
        author=Author(
            name=name or "?", url=author_url, photo=clean_url(author_data.get("photo"), source)
        ),
        received=parse_datetime(item.get("wm-received")) or received,
        url=clean_url(item.get("url"), source) or source,
        published=parse_datetime(item.get("published")),
        content_html=body,
        via="webmention.io",
    )
