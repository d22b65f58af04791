"""Fixtures for the receiver: a built blog, the real app under uvicorn on 127.0.0.1, and helpers
that talk to it over HTTP.

    def test_x(receiver: StartReceiver, local_server: LocalServer) -> None:
        rx = receiver()                                  # settings as keyword arguments
        source = local_server.route("/reply", html(entry_page(FIRST)))
        answer = rx.send(source, FIRST)                  # POST /webmention
        assert rx.wait_for_state(answer, "verified")["status"] == "verified"
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import httpx
import pytest

from plnpress.build import BuildOptions, build
from plnpress.config import load_config
from plnpress.fetch.policy import FetchPolicy
from plnpress.receiver.server import Listen, ReceiverServer
from plnpress.receiver.settings import Limits, ReceiverSettings
from tests.conftest import PINNED_EPOCH, write_files
from tests.harvest.conftest import BLOG, FIRST, LINK, POSTS, SECOND, blog_config
from tests.webmention.conftest import local_server, make_server  # noqa: F401 (fixtures)

__all__ = ["BLOG", "FIRST", "GONE", "LINK", "SECOND"]

GONE = f"{BLOG}/2025/03/gone-post/"
"""A deleted entry: its tombstone answers 410 and it is not in the sitemap."""
ABOUT = f"{BLOG}/about/"
TOKEN = "receiver-token-7c1e"
UNREACHABLE = "http://127.0.0.1:1/"
"""Sources for requests whose checks do not matter: refused at once, without a DNS lookup (tests
never reach beyond 127.0.0.0/8)."""
FAST = FetchPolicy(allow_private_addresses=True, read_timeout=1.0, total_timeout=6.0)
OPEN_LIMITS = Limits(per_client=100_000, per_source_host=100_000)
"""Limits no test reaches unless it means to."""

BLOG_FILES = {
    **POSTS,
    "content/posts/2025-03-01-gone-post.md": """\
        ---
        title: Gone post
        deleted: true
        ---
        This one was deleted.
        """,
    "content/pages/about.md": """\
        ---
        title: About
        ---
        About this blog.
        """,
}


def build_receiving_blog(root: Path, extra_config: str = "") -> Path:
    """Write and build the test blog in `root`; return its ``site/`` folder."""
    write_files(root, {"plnpress.yaml": blog_config(extra=extra_config), **BLOG_FILES})
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = PINNED_EPOCH
    try:
        return build(load_config(root), BuildOptions()).output_dir
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test blog built once: first and second post, a link, a deleted post, an about page."""
    return build_receiving_blog(tmp_path_factory.mktemp("receiving") / "blog")


def wait_until(what: str, check: Callable[[], Any], timeout: float = 15.0) -> Any:
    """Poll `check` until it returns something true (returned), at most `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what} (last value: {value!r})")
        time.sleep(0.02)


@dataclass
class RunningReceiver:
    """A started `ReceiverServer` and an HTTP client for it."""

    server: ReceiverServer
    http: httpx.Client = field(init=False)
    timeout: ClassVar[float] = 10.0
    """Seconds the client waits for an answer."""

    def __post_init__(self) -> None:
        self.http = httpx.Client(base_url=self.server.url, trust_env=False, timeout=self.timeout)

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def db(self) -> Path:
        return self.server.settings.db

    def send(self, source: str, target: str, **extra: str) -> httpx.Response:
        """POST a Webmention, form-encoded as the spec says."""
        return self.http.post("/webmention", data={"source": source, "target": target, **extra})

    def status(self, answer: httpx.Response | str) -> dict[str, str]:
        """The status page named by a 201's Location (or a path), as JSON."""
        where = answer if isinstance(answer, str) else answer.headers["location"]
        found = self.http.get(where, headers={"Accept": "application/json"})
        assert found.status_code == 200, found.text
        record: dict[str, str] = found.json()
        return record

    def wait_for_state(
        self, answer: httpx.Response | str, *states: str, timeout: float = 15.0
    ) -> dict[str, str]:
        """Poll the status page until it shows one of `states`; return it."""
        return wait_until(  # type: ignore[no-any-return]
            f"status {' or '.join(states)}",
            lambda: (record := self.status(answer))["status"] in states and record,
            timeout,
        )

    def export(self, since: int = 0, token: str = TOKEN, **params: Any) -> dict[str, Any]:
        found = self.http.get(
            "/webmention/export",
            params={"since": since, **params},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert found.status_code == 200, found.text
        feed: dict[str, Any] = found.json()
        return feed

    def rows(self) -> list[dict[str, Any]]:
        """The store's rows, read with a connection of our own (as a backup tool would)."""
        return read_rows(self.db)

    def stop(self) -> None:
        self.http.close()
        self.server.stop()


def read_rows(db: Path) -> list[dict[str, Any]]:
    connection = sqlite3.connect(db)
    try:
        connection.row_factory = sqlite3.Row
        return [dict(row) for row in connection.execute("SELECT * FROM mentions ORDER BY id")]
    finally:
        connection.close()


StartReceiver = Callable[..., RunningReceiver]


@pytest.fixture
def receiver(tmp_path: Path, built_site: Path) -> Iterator[StartReceiver]:
    """``receiver(**settings)`` starts the app under uvicorn on 127.0.0.1 (a free port) for the
    test blog, with a database in the test's folder; every receiver is stopped afterwards.
    ``listen=Listen(...)`` changes how it listens."""
    started: list[RunningReceiver] = []

    def start(listen: Listen | None = None, **overrides: Any) -> RunningReceiver:
        values: dict[str, Any] = {
            "base_url": BLOG + "/",
            "db": tmp_path / "webmentions.sqlite3",
            "site_dir": built_site,
            "token": TOKEN,
            "limits": OPEN_LIMITS,
            "fetch": FAST,
            "retry_delays": (0.05,),
            **overrides,
        }
        server = ReceiverServer(
            ReceiverSettings(**values), listen or Listen(host="127.0.0.1", port=0)
        )
        running = RunningReceiver(server.start())
        started.append(running)
        return running

    yield start
    for running in started:
        running.stop()
