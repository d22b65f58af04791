"""Scratch blogs that are "deployed" to a local server, for driving ``plnpress webmention send``.

The blog's ``base_url`` is a `LocalServer` on 127.0.0.1 that serves the built ``site/`` folder
the way Netlify would (`static_site`), so ``--wait-live`` and receivers that verify the source
fetch the real pages. ``deploy()`` is a build; ``send(...)`` runs the real command line in this
process (``plnpress.cli.main.main``) and returns its exit code and output.
"""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
import yaml

from plnpress.cli.main import main
from plnpress.webmention.send.sent_log import Attempt, SentLog
from plnpress.webmention.send.sent_log_yaml import SENT_LOG, read_sent_log
from tests.conftest import build_blog
from tests.webmention.servers import LocalServer


def blog_config(base_url: str, **webmention: object) -> str:
    """A ``plnpress.yaml`` for a blog at `base_url` that may fetch local addresses."""
    settings = {"allow_private_addresses": True, **webmention}
    config = {
        "title": "Test Blog",
        "base_url": base_url,
        "timezone": "UTC",
        "author": {"name": "Ada Example"},
        "webmention": settings,
    }
    return yaml.safe_dump(config, sort_keys=False)


def post_file(slug: str, body: str, *, day: date = date(2025, 6, 1), **front: object) -> str:
    """The text of a post with title `slug`, dated `day`, the `front` matter given and `body`."""
    matter = {"title": slug.replace("-", " ").title(), "date": day.isoformat(), **front}
    return f"---\n{yaml.safe_dump(matter, sort_keys=False)}---\n{textwrap.dedent(body).lstrip()}"


@dataclass(frozen=True)
class Ran:
    """What a command printed, and its exit code."""

    code: int
    out: str
    err: str

    @property
    def output(self) -> str:
        return self.out + self.err


@dataclass
class SendBlog:
    """A scratch blog served by `server`."""

    root: Path
    server: LocalServer
    capsys: pytest.CaptureFixture[str]
    monkeypatch: pytest.MonkeyPatch

    def configure(self, **webmention: object) -> None:
        """Rewrite ``plnpress.yaml`` with these ``webmention:`` settings."""
        (self.root / "plnpress.yaml").write_text(blog_config(self.server.url("/"), **webmention))

    def post(self, slug: str, body: str, *, day: date = date(2025, 6, 1), **front: object) -> str:
        """Write (or rewrite) a post; return its public URL."""
        path = self.root / "content/posts" / f"{day.isoformat()}-{slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(post_file(slug, body, day=day, **front), encoding="utf-8")
        return self.server.url(f"/{day.year}/{day.month:02d}/{slug}/")

    def deploy(self) -> None:
        """Build the site; the server serves the new files at once."""
        build_blog(self.root)

    def send(self, *args: str) -> Ran:
        """Run ``plnpress webmention send ARGS`` on the blog, as a writer would."""
        return self.plnpress("webmention", "send", *args)

    def plnpress(self, *args: str) -> Ran:
        self.capsys.readouterr()
        self.monkeypatch.setattr(sys, "argv", ["plnpress", "-C", str(self.root), *args])
        with pytest.raises(SystemExit) as exited:
            main()
        out, err = self.capsys.readouterr()
        code = exited.value.code
        return Ran(code if isinstance(code, int) else 1, out, err)

    @property
    def log_path(self) -> Path:
        return self.root / SENT_LOG

    def sent_log(self) -> SentLog:
        return read_sent_log(self.root)

    def attempts(self, source: str, target: str) -> tuple[Attempt, ...]:
        """What the sent log holds for one pair, oldest first."""
        return self.sent_log().history.get((source, target), ())


def plnpress_process(*args: str, env: dict[str, str] | None = None) -> Ran:
    """Run ``python -m plnpress ARGS`` in a new process."""
    done = subprocess.run(
        [sys.executable, "-m", "plnpress", *args],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    return Ran(done.returncode, done.stdout, done.stderr)


def summary(ran: Ran) -> dict[str, int]:
    """The rows of the summary table the command printed: ``{"sent": 2, ...}``."""
    rows = re.findall(r"^[│|]\s*([a-z ]+?)\s*[│|]\s*(\d+)\s*[│|]$", ran.out, re.MULTILINE)
    return {label: int(count) for label, count in rows}
