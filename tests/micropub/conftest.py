"""Fixtures for ``plnpress server``: a blog folder, the real app under uvicorn on 127.0.0.1, a
token, and helpers that post to it and look at the files and pages it made.

    def test_x(blog_server: StartServer) -> None:
        server = blog_server()
        answer = server.post_form({"h": "entry", "content": "Hello"})
        entry = server.entry(answer.headers["location"])   # the file, then the built page
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlencode, urlsplit

import httpx
import mf2py
import pytest
from PIL import Image

from plnpress.fetch.policy import FetchPolicy
from plnpress.indieauth.store import AuthStore
from plnpress.receiver.server import Listen, ReceiverServer
from plnpress.receiver.settings import Limits, ReceiverSettings
from plnpress.server.app import make_server_app
from plnpress.server.settings import COMMAND, ServerSettings
from tests.conftest import BASIC_CONFIG, build_blog, write_files
from tests.receiver.conftest import RunningReceiver
from tests.webmention.conftest import local_server  # noqa: F401 (a fixture)

BLOG = "https://blog.example.org/"
ALL_SCOPES = frozenset({"create", "update", "delete", "media"})
CONFIG = (
    BASIC_CONFIG
    + """\
webmention:
  allow_private_addresses: true
"""
)
FIRST_POST = """\
---
title: An older post
date: 2025-12-01 10:00
tags: [learning]
---
Written by hand, long before the server.
"""


def jpeg_with_gps(width: int = 120, height: int = 80, orientation: int | None = None) -> bytes:
    """A JPEG carrying EXIF with a GPS position (and an orientation, if given)."""
    image = Image.new("RGB", (width, height), (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (52.0, 31.0, 12.0)
    gps[3], gps[4] = "E", (13.0, 24.0, 36.0)
    if orientation is not None:
        exif[0x0112] = orientation
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def image_bytes(kind: str, size: tuple[int, int] = (40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 90, 200)).save(out, format=kind)
    return out.getvalue()


def has_gps(data: bytes) -> bool:
    with Image.open(io.BytesIO(data)) as image:
        return bool(image.getexif().get_ifd(0x8825))


@dataclass
class RunningServer(RunningReceiver):
    """A started ``plnpress server`` for a blog folder (a receiver that also takes posts), with
    a token that may do everything."""

    root: Path
    token: str
    timeout: ClassVar[float] = 30.0  # a post is written, committed and built before the answer

    def issue(self, *scopes: str, name: str = "test") -> str:
        store = AuthStore(self.db)
        try:
            return store.issue(frozenset(scopes), BLOG, name=name)
        finally:
            store.close()

    def auth(self, token: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {token or self.token}"}

    def post_form(self, data: Any, token: str | None = None, **kwargs: Any) -> httpx.Response:
        """A form-encoded POST (multipart with ``files=``); `data` a dict or a list of pairs."""
        if isinstance(data, list):
            return self.http.post(
                "/micropub",
                content=urlencode(data),
                headers={**self.auth(token), "Content-Type": "application/x-www-form-urlencoded"},
            )
        return self.http.post("/micropub", data=data, headers=self.auth(token), **kwargs)

    def post_json(self, body: Any, token: str | None = None) -> httpx.Response:
        return self.http.post(
            "/micropub",
            content=json.dumps(body),
            headers={**self.auth(token), "Content-Type": "application/json"},
        )

    def query(self, q: str, token: str | None = None, **params: Any) -> httpx.Response:
        return self.http.get("/micropub", params={"q": q, **params}, headers=self.auth(token))

    def source(self, url: str, **params: Any) -> dict[str, Any]:
        answer = self.query("source", url=url, **params)
        assert answer.status_code == 200, answer.text
        found: dict[str, Any] = answer.json()
        return found

    def created(self, answer: httpx.Response) -> str:
        """The Location of a 201 (failing with the answer otherwise)."""
        assert answer.status_code == 201, answer.text
        location: str = answer.headers["location"]
        return location

    def file_of(self, url: str) -> Path:
        """The entry file whose built page is at `url` (by its slug and folder)."""
        path = urlsplit(url).path.strip("/").split("/")
        folder = "links" if path[0] == "links" else "posts"
        matches = sorted((self.root / "content" / folder).glob(f"*-{path[-1]}.md"))
        assert len(matches) == 1, f"no single file for {url}: {matches}"
        return matches[0]

    def text_of(self, url: str) -> str:
        return self.file_of(url).read_text(encoding="utf-8")

    def build(self, **options: object) -> Path:
        return build_blog(self.root, **options).output_dir

    def page(self, url: str, **options: object) -> str:
        """The built page at `url` (building the site first)."""
        site = self.build(**options)
        return (site / urlsplit(url).path.strip("/") / "index.html").read_text(encoding="utf-8")

    def h_entry(self, url: str, **options: object) -> dict[str, Any]:
        """The page's h-entry properties, as a Microformats parser reads them."""
        parsed = mf2py.parse(doc=self.page(url, **options), url=url)
        entries = [item for item in parsed["items"] if "h-entry" in item["type"]]
        assert entries, f"no h-entry on {url}"
        properties: dict[str, Any] = entries[0]["properties"]
        return properties

    def stop(self) -> None:
        self.http.close()
        self.server.stop()


StartServer = Callable[..., RunningServer]


def make_blog(root: Path, extra_config: str = "", files: dict[str, str] | None = None) -> Path:
    write_files(
        root,
        {
            "plnpress.yaml": CONFIG + extra_config,
            "content/posts/2025-12-01-an-older-post.md": FIRST_POST,
            **(files or {}),
        },
    )
    build_blog(root)
    return root


def set_server_url(root: Path, url: str, extra_config: str = "") -> None:
    """Write ``server.url`` into the config (the server reads it again at once)."""
    (root / "plnpress.yaml").write_text(
        CONFIG + extra_config + f"server:\n  url: {url}/\n", encoding="utf-8"
    )


@pytest.fixture
def blog_server(tmp_path: Path) -> Iterator[StartServer]:
    """``blog_server(extra_config="...", files={...}, **settings)`` makes a blog in the test's
    folder, builds it, starts ``plnpress server`` on a free port and sets ``server.url`` to it;
    every server is stopped afterwards."""
    started: list[RunningServer] = []

    def start(
        extra_config: str = "",
        files: dict[str, str] | None = None,
        before_start: Callable[[], None] | None = None,
        receiver_changes: dict[str, Any] | None = None,
        **overrides: Any,
    ) -> RunningServer:
        root = make_blog(tmp_path / f"blog{len(started) or ''}", extra_config, files)
        if before_start is not None:
            before_start()
        receiver = ReceiverSettings(
            base_url=BLOG,
            db=root / "server.sqlite3",
            site_dir=root / "site",
            limits=Limits(per_client=100_000, per_source_host=100_000),
            fetch=FetchPolicy(allow_private_addresses=True, read_timeout=2.0, total_timeout=5.0),
            **(receiver_changes or {}),
        )
        settings = ServerSettings(root.resolve(), receiver, **overrides)
        server = ReceiverServer(
            receiver, Listen(port=0), make_server_app(settings), COMMAND
        ).start()
        set_server_url(root, server.url, extra_config)
        store = AuthStore(receiver.db)
        try:
            token = store.issue(ALL_SCOPES, BLOG, name="all")
        finally:
            store.close()
        running = RunningServer(server, root.resolve(), token)
        started.append(running)
        return running

    yield start
    for running in started:
        running.stop()
