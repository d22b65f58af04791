"""The Micropub endpoints of ``plnpress server`` (W3C Micropub).

- ``POST /micropub``: create (201 and ``Location``), or ``action=update`` (204, or 201 and the
  new ``Location`` when the post's address changed), ``delete`` and ``undelete`` (204);
- ``GET /micropub?q=config|source|syndicate-to|category``;
- ``POST /micropub/media``: one file, 201 and its ``Location``.

Every request needs an access token, in ``Authorization: Bearer`` or as ``access_token`` in a
form body (not both: 400); a token without the scope the request needs is answered 401
``insufficient_scope`` with the scope that was missing; no token or a bad one, 401
``unauthorized``; a good token for someone else's site, 403 ``forbidden``.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Message

from plnpress.config import Config
from plnpress.config.server import MEDIA_PATH
from plnpress.indieauth.service import Authority
from plnpress.indieauth.store import Grant
from plnpress.micropub.errors import MicropubError, invalid
from plnpress.micropub.request import read_request
from plnpress.micropub.service import Micropub
from plnpress.model.entry import SILOS
from plnpress.receiver.routes import read_body

log = logging.getLogger("plnpress.micropub")
TEXT_CAP = 4_000_000
"""Most bytes of a form or JSON request (an article is a few kilobytes)."""
QUERIES = ["config", "source", "syndicate-to", "category"]
POST_TYPES = [
    {"type": "note", "name": "Note"},
    {"type": "article", "name": "Article"},
    {"type": "photo", "name": "Photo"},
    {"type": "reply", "name": "Reply"},
    {"type": "like", "name": "Like"},
    {"type": "repost", "name": "Repost"},
    {"type": "bookmark", "name": "Bookmark"},
]
SCOPE_OF = {"create": "create", "update": "update", "delete": "delete", "undelete": "delete"}

Handler = Callable[[Request], Awaitable[Response]]


def answers_errors(handler: Handler) -> Handler:
    """`MicropubError` as its JSON answer; anything else a logged 500."""

    async def answer(request: Request) -> Response:
        try:
            return await handler(request)
        except MicropubError as exc:
            return error(exc)
        except Exception:
            log.exception("%s %s failed", request.method, request.url.path)
            return error(MicropubError("the server failed", status=500, error="server_error"))

    return answer


@answers_errors
async def post(request: Request) -> Response:
    micropub, authority, config = _parts(request)
    body, replay = await _body(request, _cap(request, config))
    mp = await read_request(replay, body, config.site.micropub.max_upload)
    grant = await _grant(request, authority, mp.access_token)
    action = mp.action
    if action not in SCOPE_OF:
        raise invalid(f"action must be create, update, delete or undelete, not {action!r}")
    _need(grant, SCOPE_OF[action], also=("draft",) if action == "create" else ())
    if action == "create":
        change = await micropub.posts.create(mp, grant)
        micropub.published(change)
        return Response(status_code=201, headers={"Location": change.url})
    if action == "update":
        change = await micropub.posts.update(mp)
    else:
        change = await micropub.posts.set_deleted(mp.url, deleted=action == "delete")
    micropub.published(change)
    if change.moved:
        return Response(status_code=201, headers={"Location": change.url})
    return Response(status_code=204)


@answers_errors
async def query(request: Request) -> Response:
    micropub, authority, config = _parts(request)
    await _grant(request, authority, None)
    q = request.query_params.get("q", "")
    if q == "config":
        media = config.site.server.endpoint(MEDIA_PATH)
        return JSONResponse(
            {
                "media-endpoint": media,
                "syndicate-to": _targets(config),
                "post-types": POST_TYPES,
                "q": QUERIES,
            }
        )
    if q == "syndicate-to":
        return JSONResponse({"syndicate-to": _targets(config)})
    if q == "category":
        index = micropub.posts.index.read(config)
        return JSONResponse({"categories": sorted(index.tags, key=str.lower)})
    if q == "source":
        return await _source(request, micropub)
    raise invalid(f"q must be one of {', '.join(QUERIES)}")


@answers_errors
async def media(request: Request) -> Response:
    micropub, authority, config = _parts(request)
    body, replay = await _body(request, config.site.micropub.max_upload + 1_000_000)
    mp = await read_request(replay, body, config.site.micropub.max_upload)
    grant = await _grant(request, authority, mp.access_token)
    _need(grant, "media", also=("create",))
    url, path = await micropub.posts.upload(mp)
    micropub.publisher.publish([path], f"Upload {path.name}")
    return Response(status_code=201, headers={"Location": url})


async def _source(request: Request, micropub: Micropub) -> Response:
    properties, path = await micropub.posts.source(request.query_params.get("url"))
    wanted = request.query_params.getlist("properties[]") or request.query_params.getlist(
        "properties"
    )
    answer: dict[str, Any]
    if wanted:
        answer = {"properties": {k: v for k, v in properties.items() if k in wanted}}
    else:
        answer = {"type": ["h-entry"], "properties": properties}
    state = micropub.publisher.state_of(path)
    if state is not None:
        answer["publish"] = state
    return JSONResponse(answer)


def _targets(config: Config) -> list[dict[str, str]]:
    bridgy = config.site.bridgy
    return [
        {"uid": bridgy.publish_target(silo), "name": f"{silo.capitalize()} (through Bridgy)"}
        for silo in SILOS
    ]


async def _grant(request: Request, authority: Authority, in_body: str | None) -> Grant:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    bearer = value.strip() if scheme.lower() == "bearer" else ""
    if bearer and in_body:
        raise invalid("send the access token once: in the Authorization header or the body")
    token = bearer or in_body
    if not token:
        raise MicropubError(
            "no access token: sign in with the app first", status=401, error="unauthorized"
        )
    verdict = await authority.check_token(token)
    if verdict.grant is not None:
        return verdict.grant
    if verdict.foreign:
        raise MicropubError("this token is for another site", status=403, error="forbidden")
    raise MicropubError(
        "the access token is not valid (revoked, expired or unknown)",
        status=401,
        error="unauthorized",
    )


def _need(grant: Grant, scope: str, also: tuple[str, ...] = ()) -> None:
    if grant.allows(scope) or any(grant.allows(other) for other in also):
        return
    if scope == "create" and grant.allows("post"):  # the scope older apps ask for
        return
    raise MicropubError(
        f"the token's scope does not include {scope}", status=401, error="insufficient_scope"
    )


def _cap(request: Request, config: Config) -> int:
    if request.headers.get("content-type", "").lower().startswith("multipart/"):
        return 4 * config.site.micropub.max_upload + 1_000_000
    return TEXT_CAP


async def _body(request: Request, cap: int) -> tuple[bytes, Request]:
    """The body (413 past `cap`), and the request made readable again for the form parser."""
    body = await read_body(request, cap)
    if body is None:
        raise MicropubError(f"the request is larger than {cap} bytes", status=413)
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return body, Request(request.scope, receive)


def _parts(request: Request) -> tuple[Micropub, Authority, Config]:
    micropub: Micropub = request.app.state.micropub
    authority: Authority = request.app.state.authority
    return micropub, authority, micropub.config()


def error(exc: MicropubError) -> Response:
    headers = {"WWW-Authenticate": f'Bearer error="{exc.error}"'} if exc.status == 401 else {}
    if exc.error == "insufficient_scope":
        headers["WWW-Authenticate"] += f', scope="{exc.description.rsplit(" ", 1)[-1]}"'
    body: dict[str, Any] = {"error": exc.error, "error_description": exc.description}
    return JSONResponse(body, status_code=exc.status, headers=headers)
