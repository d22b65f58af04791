"""Fixtures for the Webmention protocol tests: real servers on loopback addresses."""

from __future__ import annotations

import ssl
from collections.abc import Callable, Iterator

import pytest

from tests.conftest import MakeSite
from tests.webmention.blogs import SendBlog, blog_config
from tests.webmention.servers import LocalServer, static_site


@pytest.fixture
def local_server() -> Iterator[LocalServer]:
    """A started `LocalServer` on 127.0.0.1, stopped after the test."""
    server = LocalServer().start()
    yield server
    server.stop()
    assert not server.errors, f"the test server's handlers failed: {server.errors!r}"


@pytest.fixture
def make_server() -> Iterator[Callable[..., LocalServer]]:
    """A factory for more servers, e.g. ``make_server(host="127.0.0.2", tls=context)``; all
    stopped after the test."""
    started: list[LocalServer] = []

    def make(host: str = "127.0.0.1", tls: ssl.SSLContext | None = None) -> LocalServer:
        server = LocalServer(host=host, tls=tls).start()
        started.append(server)
        return server

    yield make
    for server in started:
        server.stop()
    for server in started:
        assert not server.errors, f"the test server's handlers failed: {server.errors!r}"


@pytest.fixture
def send_blog(
    make_site: MakeSite,
    make_server: Callable[..., LocalServer],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> SendBlog:
    """A scratch blog whose base_url is a local server serving its built site/ folder."""
    server = make_server()
    root = make_site({"plnpress.yaml": blog_config(server.url("/"))})
    server.fallback = static_site(root / "site")
    return SendBlog(root, server, capsys, monkeypatch)
