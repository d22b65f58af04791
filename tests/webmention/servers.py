"""A real HTTP server on 127.0.0.x for end-to-end protocol tests, with per-test routes.

`LocalServer` listens on a free port of a loopback address in a background thread, answers each
request from the route registered for its path, and records every request it receives. Tests
describe the answers; nothing is mocked between the client and the socket.

    server = LocalServer().start()              # or the ``local_server`` fixture (conftest.py)
    server.route("/post", html("<a href='/x'>x</a>", headers=[("LinK", "</e>; rel=webmention")]))
    server.route("/old", redirect("/post", status=301))
    server.route("/once", html("..."), times=1)   # later requests get 410 Gone
    server.route("/e", lambda request: Reply(status=202, body=request.form["source"][0]))
    server.url("/post")                          # "http://127.0.0.1:PORT/post"
    server.requests_to("/e")[0].form             # {"source": [...], "target": [...]}
    server.stop()

Routes match the path only (not the query); unknown paths get 404, or the `fallback` handler's
answer (``server.fallback = static_site(root / "site")`` serves a built blog like Netlify). A
`Reply` can trickle its body (``chunk_size``/``chunk_delay``), omit Content-Length and end by
closing, repeat headers and spell header names in any case. Every response closes its
connection, which keeps the server simple and makes each request visible. Reply helpers: `html`,
`text`, `redirect`, `gzipped`; handler helpers: `chain` (a different reply each time) and
`static_site`. ``LocalServer(tls=context)`` serves HTTPS.
"""

from __future__ import annotations

import gzip
import mimetypes
import ssl
import sys
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from plnpress.render.hosting import read_redirects

__all__ = [
    "LocalServer",
    "RecordedRequest",
    "Reply",
    "chain",
    "gzipped",
    "html",
    "redirect",
    "static_site",
    "text",
]


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the server received it."""

    method: str
    path: str
    """The path without the query string."""
    query: str
    """The raw query string, without the ``?`` ("" if none)."""
    headers: tuple[tuple[str, str], ...]
    """Request headers in order, names as sent."""
    body: bytes

    def header(self, name: str) -> str | None:
        """The first value of header `name` (any case), or None."""
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), None)

    @property
    def form(self) -> dict[str, list[str]]:
        """The body parsed as application/x-www-form-urlencoded."""
        return parse_qs(self.body.decode("utf-8"), keep_blank_values=True)

    @property
    def query_params(self) -> dict[str, list[str]]:
        """The query string parsed."""
        return parse_qs(self.query, keep_blank_values=True)


@dataclass(frozen=True)
class Reply:
    """What the server answers to one request."""

    status: int = 200
    headers: Sequence[tuple[str, str]] = ()
    """Sent in order and spelled as given, so ``("LinK", ...)`` twice sends two LinK headers."""
    body: bytes = b""
    content_length: bool = True
    """Send Content-Length; if False the body ends when the connection closes."""
    chunk_size: int = 64 * 1024
    """The body is written in pieces of this size..."""
    chunk_delay: float = 0.0
    """...with this pause before each one (a trickling server)."""
    delay: float = 0.0
    """A pause before the status line (a server slow to answer)."""


Handler = Callable[[RecordedRequest], Reply]


def html(markup: str, *, status: int = 200, headers: Sequence[tuple[str, str]] = ()) -> Reply:
    """An HTML page (UTF-8)."""
    return Reply(
        status,
        [("Content-Type", "text/html; charset=utf-8"), *headers],
        markup.encode("utf-8"),
    )


def text(
    body: str | bytes,
    *,
    content_type: str = "text/plain; charset=utf-8",
    status: int = 200,
    headers: Sequence[tuple[str, str]] = (),
) -> Reply:
    """A response of any content type."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    return Reply(status, [("Content-Type", content_type), *headers], data)


def redirect(location: str, *, status: int = 302, headers: Sequence[tuple[str, str]] = ()) -> Reply:
    """A redirect to `location` (sent as given, so relative locations stay relative)."""
    return Reply(status, [("Location", location), *headers], b"")


def gzipped(reply: Reply) -> Reply:
    """`reply` with its body gzip-compressed and ``Content-Encoding: gzip``."""
    return Reply(
        reply.status,
        [*reply.headers, ("Content-Encoding", "gzip")],
        gzip.compress(reply.body, compresslevel=9),
        reply.content_length,
        reply.chunk_size,
        reply.chunk_delay,
    )


@dataclass
class _Route:
    answer: Reply | Handler
    times: int | None
    served: int = 0


@dataclass
class LocalServer:
    """A threaded HTTP/1.1 server on `host` (a loopback address) and a free port."""

    host: str = "127.0.0.1"
    tls: ssl.SSLContext | None = None
    """A server-side TLS context to serve HTTPS with (e.g. from ``trustme``)."""
    requests: list[RecordedRequest] = field(default_factory=list)
    """Every request received, in arrival order."""
    errors: list[BaseException] = field(default_factory=list)
    """Exceptions in handlers, other than clients hanging up (for debugging failed tests)."""
    fallback: Handler | None = None
    """Answers requests for paths without a route (instead of 404)."""
    _routes: dict[str, _Route] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stopping: threading.Event = field(default_factory=threading.Event)
    _httpd: ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None

    __test__ = False  # not a test class, whatever a test module imports it as

    def start(self) -> LocalServer:
        """Bind, start serving in a daemon thread, and return self."""
        self._httpd = _HTTPServer((self.host, 0), _make_handler(self))
        self._httpd.owner = self
        if self.tls is not None:
            self._httpd.socket = self.tls.wrap_socket(self._httpd.socket, server_side=True)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, end trickling replies, close the socket."""
        self._stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    @property
    def port(self) -> int:
        assert self._httpd is not None, "start() the server first"
        return int(self._httpd.server_address[1])

    @property
    def origin(self) -> str:
        """``http://HOST:PORT`` (``https`` with `tls`)."""
        scheme = "https" if self.tls is not None else "http"
        return f"{scheme}://{self.host}:{self.port}"

    def url(self, path: str = "/") -> str:
        """The absolute URL of `path` on this server."""
        return self.origin + path

    def route(self, path: str, answer: Reply | Handler, *, times: int | None = None) -> str:
        """Answer requests for `path` with `answer`; return the path's absolute URL.

        `answer` is a `Reply`, or a function from the `RecordedRequest` to a `Reply`. With
        `times`, the route serves that many requests and then answers 410 Gone (one-time URLs).
        """
        with self._lock:
            self._routes[path] = _Route(answer, times)
        return self.url(path)

    def requests_to(self, path: str, method: str | None = None) -> list[RecordedRequest]:
        """The recorded requests for `path` (and `method`, if given)."""
        with self._lock:
            return [r for r in self.requests if r.path == path and method in (None, r.method)]

    def _answer(self, request: RecordedRequest) -> Reply:
        with self._lock:
            self.requests.append(request)
            route = self._routes.get(request.path)
            answer: Reply | Handler | None = self.fallback
            if route is not None:
                if route.times is not None and route.served >= route.times:
                    return text("this URL has been used up", status=410)
                route.served += 1
                answer = route.answer
        if answer is None:
            return text("not found", status=404)
        return answer(request) if callable(answer) else answer


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    owner: LocalServer

    def handle_error(self, request: object, client_address: object) -> None:
        error = sys.exc_info()[1]
        # Clients hang up on purpose (body caps, timeouts); anything else is kept for debugging.
        if error is not None and not isinstance(error, ConnectionError | TimeoutError):
            self.owner.errors.append(error)


def _make_handler(server: LocalServer) -> type[BaseHTTPRequestHandler]:
    class _Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        timeout = 10

        def _handle(self) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            request = RecordedRequest(
                method=self.command,
                path=parts.path,
                query=parts.query,
                headers=tuple(self.headers.items()),
                body=self.rfile.read(length) if length else b"",
            )
            reply = server._answer(request)
            self.close_connection = True
            if reply.delay and server._stopping.wait(reply.delay):
                return
            self.send_response(reply.status)
            for name, value in reply.headers:
                self.send_header(name, value)
            if reply.content_length:
                self.send_header("Content-Length", str(len(reply.body)))
            self.send_header("Connection", "close")
            self.end_headers()
            if self.command != "HEAD":
                self._write_body(reply)

        def _write_body(self, reply: Reply) -> None:
            for start in range(0, len(reply.body), reply.chunk_size):
                if reply.chunk_delay and server._stopping.wait(reply.chunk_delay):
                    return
                self.wfile.write(reply.body[start : start + reply.chunk_size])
                self.wfile.flush()

        do_GET = do_POST = do_HEAD = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _handle

        def log_message(self, format: str, *args: object) -> None:
            pass

    return _Handler


def chain(replies: Iterable[Reply]) -> Handler:
    """A handler that gives each reply in turn, then repeats the last one."""
    queue = list(replies)
    lock = threading.Lock()

    def handler(request: RecordedRequest) -> Reply:
        with lock:
            return queue.pop(0) if len(queue) > 1 else queue[0]

    return handler


def static_site(folder: Path) -> Handler:
    """A handler serving a built blog from `folder` the way Netlify does, read on each request
    (so a rebuild is a deploy): ``dir/`` serves ``dir/index.html``, ``404.html`` answers unknown
    paths, ``_redirects`` rules with a forced status (``/a/  /a/index.html  410!``) answer that
    status with that file (a redirect, ``/old/  /new/  301!``, with a Location; one with query
    parameters, ``/  p=12  /new/  301!``, only when the request has them), and
    ``_headers`` blocks (``/*`` then ``  Name: value``) add headers."""

    def handler(request: RecordedRequest) -> Reply:
        if request.method not in ("GET", "HEAD"):
            return text("method not allowed", status=405)
        path = unquote(request.path)
        status, file = 200, _site_file(folder, path)
        for rule in read_redirects(folder / "_redirects"):
            if rule.forced and rule.source == path and rule.matches(path, request.query):
                if 300 <= rule.status < 400:
                    return Reply(rule.status, [("Location", rule.target)], b"")
                status, file = rule.status, _site_file(folder, rule.target)
                break
        if file is None:
            status, file = 404, _site_file(folder, "/404.html")
            if file is None:
                return text("not found", status=404)
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if kind.startswith("text/"):
            kind += "; charset=utf-8"
        headers = [("Content-Type", kind), *_header_rules(folder, path)]
        return Reply(status, headers, file.read_bytes())

    return handler


def _site_file(folder: Path, path: str) -> Path | None:
    relative = path.lstrip("/")
    candidate = folder / relative
    if path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    inside = folder.resolve() in candidate.resolve().parents
    return candidate if inside and candidate.is_file() else None


def _header_rules(folder: Path, path: str) -> list[tuple[str, str]]:
    rules_file = folder / "_headers"
    if not rules_file.is_file():
        return []
    headers: list[tuple[str, str]] = []
    applies = False
    for line in rules_file.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            pattern = line.strip()
            applies = path.startswith(pattern[:-1]) if pattern.endswith("*") else path == pattern
        elif applies:
            name, _, value = line.strip().partition(":")
            headers.append((name.strip(), value.strip()))
    return headers
