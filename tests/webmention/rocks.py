"""webmention.rocks rebuilt on local servers: the 23 discovery cases, and a receiver that
behaves like its update and delete tests.

The discovery cases (`CASES`, plus `serve_case_23` for the one-time redirect) are pages with the
same structure as the public ones: each target page, its right endpoint (`ACCEPTED`) and its
wrong endpoints (`WRONG`). `RocksReceiver` serves target pages that advertise a one-time endpoint
key on every render and, like webmention.rocks, verifies each notification by fetching the
source, so a sender that reuses a stored endpoint, drops its query string, or sends before the
source is live, fails.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

import httpx

from tests.webmention.servers import LocalServer, RecordedRequest, Reply, html, redirect, text

ACCEPTED = Reply(202, [("Content-Type", "text/plain")], b"Queued for processing")
WRONG = Reply(400, [("Content-Type", "text/plain")], b"This is not the endpoint you want")


def layout(head: str = "", body: str = "") -> str:
    """A page like a blog theme makes: stylesheets first, then whatever the case needs."""
    return f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>A post to reply to</title>
  <link rel="stylesheet" href="/static/base.css">
  <link rel="stylesheet" href="/static/print.css" media="print">
  {head}
</head>
<body>
  <article class="h-entry">
    <h1 class="p-name">A post to reply to</h1>
    <div class="e-content"><p>Send me a Webmention; this page says where.</p>{body}</div>
  </article>
</body>
</html>
"""


@dataclass(frozen=True)
class Case:
    """One webmention.rocks-style discovery case."""

    number: int
    what: str
    page: Callable[[str], Reply]
    """The target page, given the server origin (for absolute URLs)."""
    endpoint: str = "/test/{n}/webmention"
    """Path (and query) of the right endpoint."""
    wrong: tuple[str, ...] = ()
    """Paths of wrong endpoints the page also advertises."""

    @property
    def target_path(self) -> str:
        return f"/test/{self.number}"

    @property
    def endpoint_path(self) -> str:
        return self.endpoint.format(n=self.number)


def link_header(value: str, name: str = "Link") -> Callable[[str], Reply]:
    return lambda origin: html(layout(), headers=[(name, value.format(origin=origin))])


def head(markup: str) -> Callable[[str], Reply]:
    return lambda origin: html(layout(head=markup.format(origin=origin)))


def body(markup: str) -> Callable[[str], Reply]:
    return lambda origin: html(layout(body=markup.format(origin=origin)))


CASES = [
    Case(1, "relative Link header, bare rel", link_header("</test/1/webmention>; rel=webmention")),
    Case(2, "absolute Link header", link_header("<{origin}/test/2/webmention>; rel=webmention")),
    Case(3, "relative <link>", head('<link rel="webmention" href="/test/3/webmention">')),
    Case(
        4,
        "absolute <link>, href first",
        head('<link href="{origin}/test/4/webmention" rel="webmention">'),
    ),
    Case(5, "relative <a>", body('<a rel="webmention" href="/test/5/webmention">endpoint</a>')),
    Case(
        6,
        "absolute <a>, href first",
        body('<a href="{origin}/test/6/webmention" rel="webmention">endpoint</a>'),
    ),
    Case(
        7,
        "header name in odd case",
        link_header("<{origin}/test/7/webmention>; rel=webmention", name="LinK"),
    ),
    Case(8, "quoted rel", link_header('<{origin}/test/8/webmention>; rel="webmention"')),
    Case(
        9,
        "<link> with several rel tokens",
        head('<link rel="webmention somethingelse" href="{origin}/test/9/webmention">'),
    ),
    Case(
        10,
        "Link header with several rel tokens",
        link_header('<{origin}/test/10/webmention>; rel="webmention somethingelse"'),
    ),
    Case(
        11,
        "Link header beats <link> and <a>",
        lambda origin: html(
            layout(
                head='<link rel="webmention" href="/test/11/webmention/error">',
                body='<a rel="webmention" href="/test/11/webmention/error">wrong</a>',
            ),
            headers=[("Link", '</test/11/webmention>; rel="webmention"')],
        ),
        wrong=("/test/11/webmention/error",),
    ),
    Case(
        12,
        "rel=not-webmention is not the token",
        lambda origin: html(
            layout(
                head='<link rel="not-webmention" href="/test/12/webmention/error">',
                body='<a href="/test/12/webmention" rel="webmention">endpoint</a>',
            )
        ),
        wrong=("/test/12/webmention/error",),
    ),
    Case(
        13,
        "an <a> inside a comment",
        body(
            '<!-- <a href="/test/13/webmention/error" rel="webmention">old</a> -->'
            '<a href="/test/13/webmention" rel="webmention">endpoint</a>'
        ),
        wrong=("/test/13/webmention/error",),
    ),
    Case(
        14,
        "an <a> as escaped text",
        body(
            '<p>Markup like <code>&lt;a href="/test/14/webmention/error" rel="webmention"&gt;'
            "&lt;/a&gt;</code> is text.</p>"
            '<a href="/test/14/webmention" rel="webmention">endpoint</a>'
        ),
        wrong=("/test/14/webmention/error",),
    ),
    Case(15, "empty href is the page itself", head('<link rel="webmention" href="">'), "/test/15"),
    Case(
        16,
        "<a> before <link> in the body",
        body(
            '<a href="/test/16/webmention" rel="webmention">endpoint</a>'
            '<link rel="webmention" href="/test/16/webmention/error">'
        ),
        wrong=("/test/16/webmention/error",),
    ),
    Case(
        17,
        "<link> before <a> in the body",
        body(
            '<link rel="webmention" href="/test/17/webmention">'
            '<a href="/test/17/webmention/error" rel="webmention">wrong</a>'
        ),
        wrong=("/test/17/webmention/error",),
    ),
    Case(
        18,
        "two Link headers",
        lambda origin: html(
            layout(),
            headers=[
                ("Link", f'<{origin}/test/18/webmention/error>; rel="other"'),
                ("Link", f'<{origin}/test/18/webmention>; rel="webmention"'),
            ],
        ),
        wrong=("/test/18/webmention/error",),
    ),
    Case(
        19,
        "two links in one Link header",
        link_header(
            '<{origin}/test/19/webmention/error>; rel="other", '
            '<{origin}/test/19/webmention>; rel="webmention"'
        ),
        wrong=("/test/19/webmention/error",),
    ),
    Case(
        20,
        "<link> without href is skipped",
        body('<link rel="webmention"><a href="/test/20/webmention" rel="webmention">endpoint</a>'),
    ),
    Case(
        21,
        "endpoint with a query string",
        head('<link rel="webmention" href="/test/21/webmention?query=yes">'),
        "/test/21/webmention?query=yes",
    ),
    Case(22, "path-relative endpoint", head('<link rel="webmention" href="22/webmention">')),
]


def serve_case(server: LocalServer, case: Case) -> str:
    """Put `case` on `server` (target page, right and wrong endpoints); return the target URL."""
    page = case.page(server.origin)
    if case.endpoint_path == case.target_path:
        server.route(case.target_path, lambda r: ACCEPTED if r.method == "POST" else page)
    else:
        server.route(case.target_path, page)
        server.route(case.endpoint_path.split("?")[0], ACCEPTED)
    for path in case.wrong:
        server.route(path, WRONG)
    return server.url(case.target_path)


@dataclass(frozen=True)
class Case23:
    target: str
    """``/test/23/page``, which redirects once to a one-time page."""
    final_path: str
    endpoint_path: str


def serve_case_23(server: LocalServer) -> Case23:
    """Rocks #23: a redirect to a page that can be fetched once and names a path-relative
    endpoint in a Link header and an ``<a>``, to be resolved against the final URL."""
    key1, key2 = secrets.token_hex(8), secrets.token_hex(8)
    final_path = f"/test/23/page/{key1}"
    endpoint_path = f"/test/23/page/webmention-endpoint/{key2}"
    server.route("/test/23/page", redirect(f"page/{key1}"))
    server.route(
        final_path,
        html(
            layout(body=f'<a rel="webmention" href="webmention-endpoint/{key2}">endpoint</a>'),
            headers=[("Link", f"<webmention-endpoint/{key2}>; rel=webmention")],
        ),
        times=1,
    )
    server.route(endpoint_path, ACCEPTED)
    return Case23(server.url("/test/23/page"), final_path, endpoint_path)


# --- a verifying receiver with one-time endpoints ------------------------------------------------


@dataclass(frozen=True)
class Verified:
    """One notification as the receiver saw it after fetching the source."""

    source: str
    target: str
    key: str
    """The one-time key the POST came with."""
    verdict: str
    """``linked`` (the source links to the target), ``deleted`` (410 or the meta status and no
    link), ``unlinked`` (the source no longer links: an earlier mention is removed), ``no link``
    (refused with 400), or ``bad key`` (a reused or missing endpoint key, refused with 400)."""
    links: frozenset[str] = frozenset()
    """The source's ``<a href>`` values when it was fetched."""
    status: int | None = None
    """The source's HTTP status when it was fetched."""


@dataclass
class RocksReceiver:
    """Target pages on `server` that each advertise ``/webmention?key=<one-time key>``."""

    server: LocalServer
    received: list[Verified] = field(default_factory=list)
    _keys: set[str] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.server.route("/webmention", self._endpoint)

    def page(self, path: str) -> str:
        """Serve a target page at `path`; return its URL."""
        return self.server.route(path, self._render)

    def verdicts(self, target: str) -> list[str]:
        """The verdicts for `target`, oldest first."""
        with self._lock:
            return [v.verdict for v in self.received if v.target == target]

    def _render(self, request: RecordedRequest) -> Reply:
        key = secrets.token_hex(8)
        with self._lock:
            self._keys.add(key)
        return html(layout(head=f'<link rel="webmention" href="/webmention?key={key}">'))

    def _endpoint(self, request: RecordedRequest) -> Reply:
        key = request.query_params.get("key", [""])[0]
        form = request.form
        source, target = form.get("source", [""])[0], form.get("target", [""])[0]
        with self._lock:
            fresh = key in self._keys and "key" not in form
            self._keys.discard(key)
            had = any(
                (v.source, v.target, v.verdict) == (source, target, "linked") for v in self.received
            )
        form_encoded = "application/x-www-form-urlencoded" in (request.header("content-type") or "")
        if not fresh or not form_encoded:
            return self._record(Verified(source, target, key, "bad key"), 400)
        status, links, gone = _fetch_source(source)
        if target in links:
            verdict = "linked"
        elif status == 410 or gone:
            verdict = "deleted"
        else:
            verdict = "unlinked" if had else "no link"
        code = 400 if verdict == "no link" else 202
        verified = Verified(source, target, key, verdict, frozenset(links), status)
        return self._record(verified, code)

    def _record(self, verified: Verified, status: int) -> Reply:
        with self._lock:
            self.received.append(verified)
        return text(verified.verdict, status=status)


def _fetch_source(url: str) -> tuple[int, set[str], bool]:
    with httpx.Client(trust_env=False, follow_redirects=True, timeout=5) as client:
        response = client.get(url, headers={"Accept": "text/html"})
    parser = _SourceParser()
    parser.feed(response.text)
    return response.status_code, parser.links, parser.gone


class _SourceParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: set[str] = set()
        self.gone = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.add(values["href"] or "")
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "status":
            self.gone = (values.get("content") or "").startswith("410")
