"""The HTTP side of ``plnpress serve``: the built site, the reload script and its event stream.

The site is served under its base URL's path (``/blog/`` for ``https://example.org/blog/``), with
pretty URLs (a folder serves its ``index.html``) and the site's own ``404.html``. While the blog
does not build, every page is the error page. ``/__plnpress/`` holds the server's own files.
"""

from __future__ import annotations

import functools
import os
import posixpath
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    HTMLResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from starlette.routing import Route
from starlette.staticfiles import StaticFiles

from plnpress.render.hosting import RedirectRule, read_redirects
from plnpress.serve.errorpage import Failure, render_error_page
from plnpress.serve.rebuild import Snapshot
from plnpress.serve.reload import ReloadChannel
from plnpress.serve.reply import REPLY_PATH, StartReply, handle_reply

RELOAD_SCRIPT_PATH = "/__plnpress/reload.js"
EVENTS_PATH = "/__plnpress/events"
ERROR_STYLESHEET_PATH = "/__plnpress/error.css"
RELOAD_SCRIPT_TAG = f'<script src="{RELOAD_SCRIPT_PATH}" defer></script>'
"""What served pages carry (a file, not inline code: the theme's CSP is ``script-src 'self'``)."""

NOT_FOUND_PAGE = "404.html"
_ASSETS = Path(__file__).resolve().parent / "assets"
_NO_CACHE = {"Cache-Control": "no-cache"}
"""Browsers check back on every load (cheap: ETags), so a reload never shows a stale file."""


def make_app(
    current: Callable[[], Snapshot], channel: ReloadChannel, start_reply: StartReply | None = None
) -> Starlette:
    """The ASGI app; ``current`` returns what to serve right now; ``start_reply`` answers the
    reading page's Reply buttons."""
    output_dir = current().output_dir
    static = StaticFiles(directory=output_dir, html=True, check_dir=False)

    async def site(request: Request) -> Response:
        snapshot = current()
        version = channel.version  # read before the file, so a page is never newer than it says
        path = request.url.path
        if snapshot.failure is not None and _is_page(path):
            return _error_response(snapshot.failure, version)
        if not path.startswith(snapshot.base_path):
            if path in {"/", snapshot.base_path.rstrip("/")}:
                return RedirectResponse(snapshot.base_path, status_code=302)
            response = _not_found(output_dir)
        else:
            response = await _file(static, request, path[len(snapshot.base_path) :], output_dir)
            response = _as_the_host_answers(response, request, output_dir)
        response.headers.update(_NO_CACHE)
        if response.headers.get("content-type", "").startswith("text/html"):
            response.headers["Server-Timing"] = _server_timing(version)
        return response

    async def events(request: Request) -> Response:
        page = request.query_params.get("path", "/")
        since = request.query_params.get("since")

        def resolve() -> str | None:
            snapshot = current()
            return shown_file(snapshot.output_dir, snapshot.base_path, page)

        return StreamingResponse(
            channel.stream(resolve, since),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-store"},
        )

    async def reload_script(request: Request) -> Response:
        return FileResponse(_ASSETS / "reload.js", media_type="text/javascript", headers=_NO_CACHE)

    async def error_stylesheet(request: Request) -> Response:
        return FileResponse(_ASSETS / "error.css", media_type="text/css", headers=_NO_CACHE)

    async def reply(request: Request) -> Response:
        if start_reply is None:
            return PlainTextResponse("Not found", status_code=404)
        return await handle_reply(request, start_reply, current().base_path + "reading/")

    return Starlette(
        routes=[
            Route(RELOAD_SCRIPT_PATH, reload_script),
            Route(ERROR_STYLESHEET_PATH, error_stylesheet),
            Route(EVENTS_PATH, events),
            Route(REPLY_PATH, reply, methods=["POST"]),
            Route("/{path:path}", site, methods=["GET", "HEAD"]),
        ]
    )


def _as_the_host_answers(response: Response, request: Request, output_dir: Path) -> Response:
    """``response`` changed by the built ``_redirects``, as the host will answer: ``410`` for a
    deleted entry, a redirect from an old address (``aliases:``, ``/?p=12`` too) to the new one,
    the query string passed on unless the rule matched on it."""
    path, query = request.url.path, request.url.query
    rules = _plain_rules(output_dir / "_redirects")
    rule = next((r for r in rules if r.matches(path, query)), None)
    if rule is None or not (rule.forced or response.status_code == 404):
        return response  # a file at the path shadows a rule that is not forced
    if rule.status == 410 and response.status_code == 200:
        response.status_code = 410
    elif rule.redirects:
        # The query goes on with the visitor, unless the rule matched on it (/?p=12).
        target = rule.target_for(path)
        passed = query and not rule.query and "?" not in target
        target = f"{target}?{query}" if passed else target
        return RedirectResponse(target, status_code=rule.status)
    return response


def _plain_rules(path: Path) -> tuple[RedirectRule, ...]:
    """The rules without named placeholders (``/:year/``, ``id=:id``): the ones the build writes
    (a final ``*`` included, as Bridgy Fed's), which serve answers; read again only when the file
    changes (every request asks)."""
    try:
        stat = path.stat()
    except OSError:
        return ()
    return _read_plain_rules(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=4)
def _read_plain_rules(path: Path, mtime_ns: int, size: int) -> tuple[RedirectRule, ...]:
    return tuple(
        rule
        for rule in read_redirects(path)
        if "*" not in rule.source[:-1]
        and ":" not in rule.source
        and not any(value.startswith(":") for _, value in rule.query)
    )


def shown_file(output_dir: Path, base_path: str, url_path: str) -> str | None:
    """The output file a page at ``url_path`` shows (``404.html`` when there is none)."""
    url_path = unquote(url_path)
    if not url_path.startswith(base_path):
        return NOT_FOUND_PAGE
    rel = url_path[len(base_path) :]
    candidates = [rel + "index.html"] if rel in {"", "/"} or rel.endswith("/") else [rel]
    candidates.append(rel.rstrip("/") + "/index.html")
    for candidate in candidates:
        clean = posixpath.normpath(candidate).lstrip("/")
        if not clean.startswith("..") and (output_dir / clean).is_file():
            return clean
    return NOT_FOUND_PAGE


async def _file(static: StaticFiles, request: Request, rel: str, output_dir: Path) -> Response:
    """A file of the site via Starlette's static files (index.html, 404.html, ETags, ranges)."""
    os_path = os.path.normpath(rel or ".")  # what StaticFiles itself does with a URL path
    try:
        return await static.get_response(os_path, request.scope)
    except HTTPException as exc:
        if exc.status_code == 404:
            return _not_found(output_dir)
        return PlainTextResponse(exc.detail, status_code=exc.status_code)


def _not_found(output_dir: Path) -> Response:
    page = output_dir / NOT_FOUND_PAGE
    if page.is_file():
        return FileResponse(page, status_code=404)
    return PlainTextResponse("Not found", status_code=404)


def _is_page(path: str) -> bool:
    """Would a browser show this as a page (and so get the error page while the build fails)?"""
    return path.endswith("/") or PurePosixPath(path).suffix.lower() in {"", ".html", ".htm"}


def _error_response(failure: Failure, version: str) -> Response:
    html = render_error_page(failure, RELOAD_SCRIPT_TAG, ERROR_STYLESHEET_PATH)
    return HTMLResponse(
        html,
        status_code=500,
        headers={"Cache-Control": "no-store", "Server-Timing": _server_timing(version)},
    )


def _server_timing(version: str) -> str:
    """The site's version, readable by the reload script (``PerformanceServerTiming``)."""
    return f'plnpress;desc="{version}"'
