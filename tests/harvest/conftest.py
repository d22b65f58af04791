"""Fixtures for harvesting: a scratch blog whose config points at local servers."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, TypeVar

import pytest

from plnpress.config import load_config
from plnpress.fetch.client import FetchPolicy, GuardedClient
from tests.conftest import BASIC_CONFIG, MakeSite
from tests.webmention.conftest import local_server, make_server  # noqa: F401 (fixtures)

T = TypeVar("T")

BLOG = "https://blog.example.org"
FIRST = f"{BLOG}/2025/04/first-post/"
SECOND = f"{BLOG}/2025/05/second-post/"
LINK = f"{BLOG}/links/2025/a-good-read/"
FAST = FetchPolicy(allow_private_addresses=True, read_timeout=0.5, total_timeout=6.0)
"""Tight limits, so that a slow source fails in well under a second (the read timeout); the
whole budget also covers reading the page in a forked reader, which a loaded machine slows."""

POSTS = {
    "content/posts/2025-04-01-first-post.md": """\
        ---
        title: First post
        ---
        Hello from the first post.
        """,
    "content/posts/2025-05-01-second-post.md": """\
        ---
        title: Second post
        ---
        The second one.
        """,
    "content/links/2025-05-02-a-good-read.md": """\
        ---
        title: A good read
        bookmark_of: https://elsewhere.example.com/read
        ---
        Worth it.
        """,
}


def blog_config(
    api: str = "https://webmention.io/", moderation: str = "open", extra: str = ""
) -> str:
    return (
        BASIC_CONFIG
        + "webmention:\n"
        + "  endpoint: https://webmention.example.net/blog.example.org/webmention\n"
        + "  allow_private_addresses: true\n"
        + f"  moderation: {moderation}\n"
        + f"  webmention_io: {api}\n"
        + extra
    )


MakeBlog = Callable[..., Path]


@pytest.fixture
def make_blog(make_site: MakeSite) -> MakeBlog:
    """``make_blog(api=..., moderation=..., files={...})``: a blog with three entries."""

    def make(
        api: str = "https://webmention.io/",
        moderation: str = "open",
        extra: str = "",
        files: dict[str, str | bytes] | None = None,
    ) -> Path:
        return make_site(
            {"plnpress.yaml": blog_config(api, moderation, extra), **POSTS, **(files or {})}
        )

    return make


def run_with_client(
    work: Callable[[GuardedClient], Coroutine[Any, Any, T]],
    policy: FetchPolicy = FAST,
    **client_options: Any,
) -> T:
    """Run `work` with a guarded client (the switch on for 127.0.0.1 unless `policy` says not)."""

    async def main() -> T:
        async with GuardedClient(policy, **client_options) as client:
            return await work(client)

    return asyncio.run(main())


def config_of(root: Path) -> Any:
    return load_config(root)
