"""Fixtures for ``plnpress serve``: the server in-process, and as a command."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from plnpress.serve import DevServer, Outcome, ServeOptions
from tests.serve.support import BLOG_FILES, Served, ServeProcess

StartServer = Callable[..., Served]


@pytest.fixture
def start_server(make_site: Callable[..., Path]) -> Iterator[StartServer]:
    """``start_server(files)`` runs a DevServer on a free port; every one is stopped after."""
    running: list[DevServer] = []
    before = set(threading.enumerate())

    def start(files: dict[str, str | bytes] | None = None, **options: object) -> Served:
        root = make_site(BLOG_FILES if files is None else files, name=f"blog{len(running)}")
        served_queue: queue.Queue[Outcome] = queue.Queue()
        server = DevServer(
            root,
            ServeOptions(**{"port": 0, "quiet_seconds": 0.2, **options}),  # type: ignore[arg-type]
            on_outcome=served_queue.put,
        )
        running.append(server)
        first = server.start()
        assert served_queue.get_nowait() is first
        return Served(server, root, first, served_queue)

    yield start
    for server in running:
        server.stop()
    # anyio's worker threads belong to the closed event loop and end on their own.
    leftover = [
        thread.name
        for thread in threading.enumerate()
        if thread not in before and thread.is_alive() and not thread.name.startswith("AnyIO")
    ]
    assert leftover == [], f"threads left running: {leftover}"


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=10, follow_redirects=False) as session:
        yield session


@pytest.fixture
def serve_process() -> Iterator[Callable[..., ServeProcess]]:
    """Start ``plnpress serve`` as a command; anything still running is interrupted after."""
    started: list[ServeProcess] = []

    def start(root: Path, *args: str) -> ServeProcess:
        running = ServeProcess(root, *args)
        started.append(running)
        return running

    yield start
    for running in started:
        if running.process.poll() is None:
            running.process.kill()
            running.finish()
