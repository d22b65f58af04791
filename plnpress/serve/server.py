"""``DevServer``: the pieces of ``plnpress serve`` started and stopped together.

Three threads besides the caller's: uvicorn serving HTTP, watchdog watching the blog, and the
rebuild loop. The socket is bound before anything else, so a port in use fails at once with a
clear message; :meth:`DevServer.stop` ends every thread and closes every socket.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

import uvicorn

from plnpress.build import STATE_DIR, BuildOptions
from plnpress.config import CONFIG_FILE
from plnpress.errors import PlnpressError, Problem, ProblemsError
from plnpress.listening import bind
from plnpress.serve.app import RELOAD_SCRIPT_TAG, make_app
from plnpress.serve.rebuild import Outcome, OutcomeHandler, Rebuilder, Snapshot
from plnpress.serve.reload import ReloadChannel
from plnpress.serve.watcher import ChangeQueue, Watcher

SERVE_OUTPUT = Path(STATE_DIR) / "serve" / "site"
"""Where served pages are built, inside the blog folder: never ``site/``, which stays free of
drafts and the reload script."""
_STARTUP_TIMEOUT = 10.0


@dataclass(frozen=True, slots=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8000
    """0 picks a free port (see :attr:`DevServer.port`)."""
    drafts: bool = True
    """Include drafts and entries dated in the future (marked as such by the theme)."""
    output: Path | None = None
    """Where to build; ``.plnpress-cache/serve/site`` in the blog folder by default."""
    quiet_seconds: float = 0.1
    """How long the files must be quiet before a burst of changes is rebuilt."""


class DevServer:
    """Build, serve and watch one blog folder; use as a context manager or start()/stop()."""

    def __init__(
        self,
        root: Path,
        options: ServeOptions | None = None,
        on_outcome: OutcomeHandler | None = None,
    ) -> None:
        self.root = root.resolve()
        self.options = options or ServeOptions()
        output = (self.options.output or self.root / SERVE_OUTPUT).resolve()
        build_options = BuildOptions(
            drafts=self.options.drafts,
            future=self.options.drafts,
            output=output,
            live_reload_script=RELOAD_SCRIPT_TAG,
            search_later=True,
        )
        self.channel = ReloadChannel()
        self.rebuilder = Rebuilder(self.root, build_options, self.channel, on_outcome)
        self._queue = ChangeQueue(quiet=self.options.quiet_seconds)
        self._watcher = Watcher(self._queue)
        self._socket: socket.socket | None = None
        self._server: uvicorn.Server | None = None
        self._threads: list[threading.Thread] = []
        self._stopped = threading.Event()

    @property
    def port(self) -> int:
        assert self._socket is not None, "not started"
        return int(self._socket.getsockname()[1])

    @property
    def url(self) -> str:
        """Where the site is: ``http://127.0.0.1:8000/blog/``."""
        host = self.options.host
        if host in {"0.0.0.0", ""}:
            host = "127.0.0.1"
        elif host == "::":
            host = "::1"
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.port}{self.snapshot.base_path}"

    @property
    def snapshot(self) -> Snapshot:
        return self.rebuilder.snapshot

    def start(self) -> Outcome:
        """Bind, build once, then serve and watch; returns the first build's outcome."""
        if not (self.root / CONFIG_FILE).is_file():
            problem = Problem(
                CONFIG_FILE, None, f"no {CONFIG_FILE} in {self.root}; is this a blog folder?"
            )
            raise ProblemsError([problem], "Serve")
        self._socket = bind(self.options.host, self.options.port, "plnpress serve")
        try:
            # The first build runs before any thread is started, so that a big blog's build can
            # fork workers (see plnpress.incremental.parallel); what was saved meanwhile is
            # rebuilt as soon as the watcher runs.
            started = time.time_ns()
            first = self.rebuilder.rebuild(announce=False)
            self._watcher.start()
            plan = self.rebuilder.watch_plan()
            self._watcher.watch(plan)
            saved_meanwhile = plan.changed_since(started)
            if saved_meanwhile:
                self._queue.put(saved_meanwhile)
            self._start_http()
            self._start_thread("plnpress-rebuild", self._rebuild_loop)
            self.rebuilder.index_later(first, self._queue)
        except BaseException:
            self.stop()
            raise
        return first

    def wait(self) -> None:
        """Block until :meth:`stop` (Ctrl-C interrupts the wait with KeyboardInterrupt)."""
        while not self._stopped.wait(0.5):
            pass

    def stop(self) -> None:
        """Stop serving and watching; safe to call more than once."""
        self._queue.close()
        self._watcher.stop()
        if self._server is not None:
            self._server.should_exit = True
        self.channel.close()
        for thread in self._threads:
            thread.join()
        self._threads.clear()
        self.rebuilder.stop()
        if self._socket is not None:
            self._socket.close()
        with contextlib.suppress(OSError):  # a cache we cannot save is only a slower next start
            self.rebuilder.builder.save()
        self._stopped.set()

    def __enter__(self) -> DevServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def _rebuild_loop(self) -> None:
        self.rebuilder.run(self._queue, lambda plan: self._watcher.watch(plan, catch_up=True))

    def _start_http(self) -> None:
        assert self._socket is not None
        config = uvicorn.Config(
            make_app(lambda: self.rebuilder.snapshot, self.channel),
            log_config=None,
            log_level="warning",
            access_log=False,
            lifespan="off",
            timeout_graceful_shutdown=3,
        )
        self._server = uvicorn.Server(config)
        sockets = [self._socket]
        self._start_thread("plnpress-http", lambda: self._serve(sockets))
        deadline = time.monotonic() + _STARTUP_TIMEOUT
        while not self._server.started:
            if not self._threads[-1].is_alive() or time.monotonic() > deadline:
                raise PlnpressError("the web server did not start; see the messages above")
            time.sleep(0.01)

    def _serve(self, sockets: list[socket.socket]) -> None:
        assert self._server is not None
        self._server.run(sockets=sockets)

    def _start_thread(self, name: str, target: Callable[[], None]) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)
        self._threads.append(thread)
        thread.start()
