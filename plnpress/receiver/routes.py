"""The receiver's HTTP answers.

- ``POST /webmention``: checked at once (`plnpress.receiver.validation`), stored, then ``201``
  with ``Location: /webmention/status/{id}``; ``400`` with the reason for a bad request, ``413``
  for a body over the cap, ``429`` with ``Retry-After`` over a rate limit, ``503`` when the
  queue is full (or the list of pages is not read yet), ``500`` when the receiver itself fails.
- ``GET /webmention/status/{id}``: queued, verified, rejected (with the reason) or deleted, as
  plain text, or JSON when the request accepts ``application/json``.
- ``GET /webmention/export?since=N[&limit=M]`` with ``Authorization: Bearer TOKEN``: what changed
  after N, as JF2 (see docs/receiver.md for the format).
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

from plnpress.clock import utc_stamp
from plnpress.receiver.limits import client_key
from plnpress.receiver.pages import PagesUnknown
from plnpress.receiver.service import Receiver
from plnpress.receiver.settings import TOKEN_ENV
from plnpress.receiver.store import Mention, MentionStore, State
from plnpress.receiver.thanks import refused_page, thanks_page, wants_html
from plnpress.receiver.validation import Refused, check_request, read_form

log = logging.getLogger("plnpress.receiver")
STATUS_PATH = "/webmention/status/"
EXPORT_LIMIT = 100
EXPORT_MAX_LIMIT = 500
QUEUE_FULL_RETRY = 60
"""Seconds a sender is asked to wait when the queue is full."""

Handler = Callable[[Request], Awaitable[Response]]


def guarded(handler: Handler) -> Handler:
    """Answer 500 with a plain sentence when the receiver itself fails (Webmention §3.2.3)."""

    async def answer(request: Request) -> Response:
        try:
            return await handler(request)
        except Exception:
            log.exception("%s %s failed", request.method, request.url.path)
            return _text("The receiver failed to handle this request; try again later.", 500)

    return answer


@guarded
async def receive(request: Request) -> Response:
    receiver: Receiver = request.app.state.receiver
    limits = receiver.settings.limits
    client = _client(request)
    wait = receiver.per_client.take(client)
    if wait is not None:
        return _too_many(f"Too many requests from {client}", wait)
    body = await read_body(request, limits.max_body)
    if body is None:
        return _text(f"The request body is larger than {limits.max_body} bytes.", 413)
    form: dict[str, list[str]] = {}
    try:
        form = read_form(request.headers.get("content-type"), body)
        mention = check_request(form, receiver.pages)
    except Refused as exc:
        if wants_html(request):  # a reader's form, with a mistake to show them
            target = next(iter(form.get("target", [])), None)
            return refused_page(receiver.settings.base_url, target, _sentence(str(exc)), 400)
        return _text(_sentence(str(exc)), 400)
    except PagesUnknown as exc:
        return _text(f"Not ready: {exc}.", 503, {"Retry-After": str(QUEUE_FULL_RETRY)})
    host = (urlsplit(mention.source).hostname or "").lower()
    wait = receiver.per_source_host.take(host)
    if wait is not None:
        return _too_many(f"Too many Webmentions from {host}", wait)
    submitted = await receiver.db.run(
        MentionStore.submit,
        mention.source,
        mention.target,
        mention.page,
        now=utc_stamp(),
        queue_size=limits.queue_size,
    )
    if submitted is None:
        message = "Too many Webmentions wait to be checked; send it again later."
        return _text(message, 503, {"Retry-After": str(QUEUE_FULL_RETRY)})
    receiver.background.wake()
    location = request.scope.get("root_path", "") + STATUS_PATH + submitted.mention.key
    if wants_html(request):  # a reader pressed "Send" under a post
        blog = receiver.settings.base_url
        return thanks_page(blog, mention.target, location, again=not submitted.created)
    what = "Thanks" if submitted.created else "Thanks again"
    return _text(
        f"{what}: your Webmention is queued and will be checked shortly.\nStatus: {location}",
        201,
        {"Location": location},
    )


async def about(request: Request) -> Response:
    """What a person opening the endpoint in a browser sees."""
    receiver: Receiver = request.app.state.receiver
    return _text(
        f"This is the Webmention endpoint of {receiver.settings.base_url}.\n"
        "Send a POST with source (your page) and target (the page of this site it links to).\n"
        "See https://www.w3.org/TR/webmention/"
    )


@guarded
async def status(request: Request) -> Response:
    receiver: Receiver = request.app.state.receiver
    mention = await receiver.db.run(MentionStore.by_key, request.path_params["key"])
    if mention is None:
        return _text("No Webmention has this status page.", 404)
    if "application/json" in request.headers.get("accept", ""):
        return JSONResponse(_status_record(mention))
    lines = [f"{key}: {value}" for key, value in _status_record(mention).items() if value]
    return _text("\n".join(lines))


@guarded
async def export(request: Request) -> Response:
    receiver: Receiver = request.app.state.receiver
    token = receiver.settings.token
    if not token:
        return _text(f"The export is switched off: set {TOKEN_ENV} where the receiver runs.", 403)
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given.strip().encode("utf-8"), token.encode("utf-8")
    ):
        wait = receiver.per_client.take(_client(request))
        if wait is not None:
            return _too_many("Too many requests from your address", wait)
        return _text(
            "Send the export token as: Authorization: Bearer TOKEN",
            401,
            {"WWW-Authenticate": 'Bearer realm="export"'},
        )
    try:
        since = int(request.query_params.get("since") or 0)
        limit = int(request.query_params.get("limit") or EXPORT_LIMIT)
    except ValueError:
        return _text("since and limit must be whole numbers.", 400)
    limit = max(1, min(limit, EXPORT_MAX_LIMIT))
    rows = await receiver.db.run(MentionStore.changes, max(since, 0), limit)
    newest = await receiver.db.run(MentionStore.newest)
    return JSONResponse(export_feed(receiver.settings.base_url, since, rows, newest))


def export_feed(base_url: str, since: int, rows: list[Mention], newest: int) -> dict[str, Any]:
    """One page of the export: verified responses in ``children``, deletions in ``deleted``,
    ``last``, the ``since`` that asks for the next page, and ``newest``, the latest change of
    all (lower than ``since`` when the database is younger than the reader's memory)."""
    children, deleted = [], []
    for row in rows:
        if row.change_kind is State.VERIFIED and row.entry is not None:
            children.append({**row.entry, "wm-id": row.change})
        elif row.change_kind is State.DELETED:
            deleted.append(
                {
                    "wm-id": row.change,
                    "wm-source": row.source,
                    "wm-target": row.page,
                    "wm-deleted": row.updated,
                    "wm-reason": row.reason,
                }
            )
    return {
        "type": "feed",
        "name": f"Webmentions received for {base_url}",
        "since": since,
        "last": rows[-1].change if rows else since,
        "newest": newest,
        "children": children,
        "deleted": deleted,
    }


def _status_record(mention: Mention) -> dict[str, str]:
    return {
        "status": str(mention.state),
        "reason": mention.reason,
        "source": mention.source,
        "target": mention.target,
        "received": mention.received,
        "updated": mention.updated,
    }


async def read_body(request: Request, cap: int) -> bytes | None:
    """The body, or None when it is longer than `cap` bytes (said or found)."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > cap:
        return None
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > cap:
            return None
    return bytes(body)


def _client(request: Request) -> str:
    """The rate-limit key of the sender (its address as the server, or a trusted proxy, says)."""
    return client_key(request.client.host if request.client else None)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."


def _too_many(what: str, wait: int) -> Response:
    return _text(f"{what}; try again in {wait} s.", 429, {"Retry-After": str(wait)})


def _text(message: str, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return PlainTextResponse(message + "\n", status_code=status, headers=headers)
