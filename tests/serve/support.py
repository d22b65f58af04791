"""Helpers for the serve tests: a blog to serve, the server in-process or as a command."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import httpx

from plnpress.serve import DevServer, Outcome
from tests.images.photos import png

SUB_PATH_CONFIG = """\
title: Served Blog
base_url: https://example.org/blog/
timezone: UTC
author:
  name: Ada Example
"""


def post(title: str, day: int, tags: str, body: str) -> str:
    return f"---\ntitle: {title}\ndate: 2024-05-{day:02d} 09:00\ntags: [{tags}]\n---\n\n{body}\n"


BLOG_FILES: dict[str, str | bytes] = {
    "plnpress.yaml": SUB_PATH_CONFIG,
    "content/posts/2024-05-01-first.md": post("First", 1, "python", "The first post."),
    "content/posts/2024-05-02-second.md": post("Second", 2, "python", "The second post."),
    "content/posts/2024-05-03-hello.md": post(
        "Hello", 3, "indieweb", "Original words.\n\nA second paragraph."
    ),
    "content/posts/2024-05-04-fourth.md": post("Fourth", 4, "python", "The fourth post."),
    "content/posts/2024-05-05-fifth.md": post("Fifth", 5, "python", "The fifth post."),
    "content/pages/about.md": "---\ntitle: About\n---\n\nAbout me.\n",
    "content/static/img/dot.png": png(1, 1),
}
"""Five posts (the middle one, ``hello``, is the one tests edit), a page and an image."""

HELLO = "content/posts/2024-05-03-hello.md"
HELLO_PAGE = "2024/05/hello/index.html"


@dataclass
class Served:
    """A running in-process server and what it reported."""

    server: DevServer
    root: Path
    first: Outcome
    """The first build, before serving started."""
    outcomes: queue.Queue[Outcome] = field(default_factory=queue.Queue)

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server.port}"

    @property
    def output(self) -> Path:
        return self.server.snapshot.output_dir

    def next_outcome(self, timeout: float = 15.0) -> Outcome:
        """The next rebuild's outcome (waits for the watcher and the build)."""
        return self.outcomes.get(timeout=timeout)

    def edit(self, rel: str, old: str, new: str) -> Outcome:
        """Replace text in a file of the blog and wait for the rebuild it causes."""
        assert self.outcomes.empty(), "an earlier rebuild was not waited for"
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new), encoding="utf-8")
        return self.next_outcome()


class ServeProcess:
    """``python -m plnpress serve --port 0`` running as a command, its output read as it comes."""

    def __init__(self, root: Path, *args: str) -> None:
        self.process = subprocess.Popen(
            serve_command(root, "--port", "0", *args),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "NO_COLOR": "1"},
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.stdout: list[str] = []
        self.stderr: list[str] = []
        self._readers = [
            threading.Thread(target=self._read, args=(self.process.stdout, self.stdout, True)),
            threading.Thread(target=self._read, args=(self.process.stderr, self.stderr, False)),
        ]
        for reader in self._readers:
            reader.start()
        self.url = self._wait_for_url()

    def _read(self, stream: IO[str], into: list[str], announce: bool) -> None:
        for line in stream:
            into.append(line)
            if announce:
                self.lines.put(line)
        if announce:
            self.lines.put(None)

    def _wait_for_url(self) -> str:
        try:
            while (line := self.lines.get(timeout=60)) is not None:
                found = re.search(r"Serving (http://\S+)", line)
                if found:
                    return found.group(1)
        except queue.Empty:
            self.process.kill()
        self.finish()
        raise AssertionError(f"serve did not start:\n{''.join(self.stdout + self.stderr)}")

    def wait_for_line(self, pattern: str, timeout: float = 15.0) -> str:
        """The next line of stdout matching ``pattern``."""
        while (line := self.lines.get(timeout=timeout)) is not None:
            if re.search(pattern, line):
                return line
        raise AssertionError(f"serve stopped before printing {pattern!r}")

    def interrupt(self) -> tuple[int, str, str]:
        """Ctrl-C; returns the exit code, all of stdout and all of stderr."""
        self.process.send_signal(signal.SIGINT)
        return self.finish()

    def finish(self) -> tuple[int, str, str]:
        code = self.process.wait(timeout=30)
        for reader in self._readers:
            reader.join()
        assert self.process.stdout is not None and self.process.stderr is not None
        self.process.stdout.close()
        self.process.stderr.close()
        return code, "".join(self.stdout), "".join(self.stderr)


def serve_command(root: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "plnpress", "-C", str(root), "serve", *args]


@contextmanager
def event_stream(
    client: httpx.Client, served: Served, page: str, since: str | None = None
) -> Iterator[Iterator[str]]:
    """The reload events of an open page at ``page``, once the server has registered it."""
    params = {"path": page} | ({"since": since} if since else {})
    with client.stream("GET", served.origin + "/__plnpress/events", params=params) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        lines = response.iter_lines()
        for line in lines:
            if line == ": connected":
                break
        yield lines


def next_reload(lines: Iterator[str]) -> int:
    """Read until a ``reload`` event; return the rebuild number it names."""
    event = None
    for line in lines:
        if line.startswith("event: "):
            event = line.removeprefix("event: ")
        elif line.startswith("data: ") and event == "reload":
            return int(line.removeprefix("data: "))
    raise AssertionError("the stream ended without a reload event")


def version_of(response: httpx.Response) -> str:
    """The site version a served page carries (read by the reload script)."""
    found = re.fullmatch(r'plnpress;desc="([^"]+)"', response.headers["server-timing"])
    assert found, response.headers["server-timing"]
    return found.group(1)
