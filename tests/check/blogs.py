"""A small blog for the check tests, and ``plnpress check`` run on it as a writer runs it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from tests.conftest import write_files
from tests.images.photos import png

PNG = png()

HELLO = "site/2025/03/hello/index.html"
SECOND = "site/2025/03/second/index.html"
HELLO_SOURCE = "content/posts/2025-03-01-hello.md"


def blog_files(base_url: str = "https://blog.example.org/") -> dict[str, str | bytes]:
    """Two posts linking to each other, a link-bookmark, a page, a deleted post, an image, and
    a ``_redirects`` of the writer's own: every kind of page and link the check knows."""
    base_path = "/" + base_url.split("/", 3)[3]
    return {
        "plnpress.yaml": f"""\
            title: Check Blog
            base_url: {base_url}
            timezone: Europe/Berlin
            author:
              name: Ada Example
              photo: /img/ada.png
            """,
        "content/posts/2025-03-01-hello.md": """\
            ---
            title: Hello
            tags: [notes]
            ---
            ## Background

            The [second post's details](/2025/03/second/#details), [the same, relative](../second/),
            [its old address](/old-address/), [a deleted post](/2025/02/old/),
            [a page removed long ago](/removed/), [about me](/about/), [the feed](/feed.xml)
            and [back up to the background](#background).
            """,
        "content/posts/2025-03-02-second.md": """\
            ---
            title: Second
            tags: [notes]
            ---
            ## Details

            ![An orange square](/img/square.png) and [a friend](https://friend.example/).
            """,
        "content/posts/2025-02-01-old.md": "---\ntitle: Old\ndeleted: true\n---\nGone.\n",
        "content/links/2025-03-03-webmention.md": """\
            ---
            title: Webmention
            bookmark_of: https://indieweb.org/Webmention
            ---
            The clearest introduction.
            """,
        "content/pages/about.md": "---\ntitle: About\nmenu: 1\n---\nI write to learn.\n",
        "content/static/img/ada.png": PNG,
        "content/static/img/square.png": PNG,
        "content/static/_redirects": f"""\
            {base_path}old-address/  {base_path}2025/03/second/  301
            {base_path}removed/  {base_path}404.html  410
            """,
    }


def write_blog(root: Path, base_url: str = "https://blog.example.org/") -> Path:
    return write_files(root, blog_files(base_url))


def plnpress(
    root: Path, *args: str, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``plnpress -C root ARGS``, in a process of its own."""
    return subprocess.run(
        [sys.executable, "-m", "plnpress", "-C", str(root), *args],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )


def problems(run: subprocess.CompletedProcess[str]) -> list[str]:
    """The problems a run printed, one per line."""
    return [line for line in run.stderr.splitlines() if line.strip()]


def edit(path: Path, old: str, new: str) -> None:
    """Replace ``old`` (which must be there) in a built file, as a broken template would."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, snippet: str) -> int:
    """The line of ``path`` where ``snippet`` first appears (1-based)."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if snippet in line:
            return number
    raise AssertionError(f"{snippet!r} is not in {path}")
