"""Serving the receiver with uvicorn: in the foreground (the command) or on a thread (tests).

Client addresses feed the per-client rate limit. uvicorn takes them from ``X-Forwarded-For``
and ``X-Forwarded-Proto`` only when the connection comes from an address in
`forwarded_allow_ips` (a reverse proxy on the same machine, by default); from anyone else the
headers are ignored, so a client cannot pick its own address.
"""

from __future__ import annotations

import contextlib
import socket
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import uvicorn
from starlette.types import ASGIApp

from plnpress.errors import PlnpressError
from plnpress.listening import bind
from plnpress.receiver.app import make_app
from plnpress.receiver.settings import DEFAULT_PORT, ReceiverSettings
from plnpress.receiver.store import MentionStore

COMMAND = "plnpress webmention receive"
"""What the error messages tell the writer to run again with another port."""

_STARTUP_TIMEOUT = 30.0


@dataclass(frozen=True, slots=True)
class Listen:
    """Where and how to serve."""

    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    """0 picks a free port."""
    forwarded_allow_ips: str = "127.0.0.1"
    """Addresses (comma-separated, or ``*``) of proxies whose forwarded headers are trusted."""
    root_path: str = ""
    """The path the proxy serves the receiver under, if not ``/`` (e.g. ``/wm``)."""


class ReceiverServer:
    """uvicorn serving `make_app(settings)` (or another `app` over the same settings, as
    ``plnpress server`` does): `run` in the foreground, or `start`/`stop`."""

    def __init__(
        self,
        settings: ReceiverSettings,
        listen: Listen | None = None,
        app: ASGIApp | None = None,
        command: str = COMMAND,
    ) -> None:
        self.settings = settings
        self.listen = listen or Listen()
        self.app = app
        self.command = command
        self._socket: socket.socket | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        assert self._socket is not None, "not started"
        return int(self._socket.getsockname()[1])

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT`` (no final slash)."""
        host = self.listen.host
        host = {"0.0.0.0": "127.0.0.1", "": "127.0.0.1", "::": "::1"}.get(host, host)
        return f"http://{f'[{host}]' if ':' in host else host}:{self.port}"

    def run(self, announce: Callable[[str], None] = lambda url: None) -> None:
        """Serve until Ctrl-C or SIGTERM (uvicorn handles both and shuts down cleanly);
        `announce` gets the endpoint's URL once the port is bound."""
        check_database(self.settings)
        server = self._uvicorn(log_level="info")
        with contextlib.closing(
            bind(self.listen.host, self.listen.port, self.command, backlog=512)
        ) as sock:
            self._socket = sock
            announce(self.url + "/webmention")  # where it listens; a proxy may add a path
            with contextlib.suppress(KeyboardInterrupt):
                # uvicorn shuts down on Ctrl-C, then raises the signal again for the caller:
                # the stop the writer asked for, not an error.
                server.run(sockets=[sock])
            self._socket = None
        if not server.started:
            raise PlnpressError("the server did not start; see the messages above")

    def start(self) -> ReceiverServer:
        """Serve on a thread; return once the receiver has started (its lifespan has run)."""
        server = self._server = self._uvicorn(log_level="warning")
        self._socket = bind(self.listen.host, self.listen.port, self.command, backlog=512)
        self._thread = threading.Thread(
            target=server.run, kwargs={"sockets": [self._socket]}, name="plnpress-receiver"
        )
        self._thread.start()
        deadline = time.monotonic() + _STARTUP_TIMEOUT
        while not server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise PlnpressError("the server did not start; see the messages above")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        """Shut down (waiting for answers under way, then stopping the worker); idempotent."""
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._socket is not None:
            self._socket.close()
            self._socket = None

    def __enter__(self) -> ReceiverServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _uvicorn(self, log_level: str) -> uvicorn.Server:
        config = uvicorn.Config(
            self.app or make_app(self.settings),
            log_config=None,
            log_level=log_level,
            access_log=log_level == "info",
            lifespan="on",
            proxy_headers=True,
            forwarded_allow_ips=self.listen.forwarded_allow_ips,
            root_path=self.listen.root_path,
            timeout_graceful_shutdown=5,
            server_header=False,
        )
        return uvicorn.Server(config)


def check_database(settings: ReceiverSettings) -> None:
    """Open (or create) the SQLite file once, so a wrong path fails before serving."""
    try:
        MentionStore(settings.db).close()
    except (sqlite3.Error, OSError) as exc:  # say which file, and keep why for a traceback
        raise PlnpressError(f"cannot use the database {settings.db}: {exc}") from exc
