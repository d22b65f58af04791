"""The ``real`` corpus kind: real people's Markdown, as plnpress's importers bring it in.

The five blogs of ``../shared/data/realblogs/`` (Jekyll, two Hugo, Pelican, Eleventy; see that
folder's README) are unpacked and imported once, each with ``plnpress import GENERATOR`` into a
scratch blog under bench/.work/ (the sets, their importers and options are the ones
tests/importers/realblogs.py names). The bodies of their published posts, as imported, are then
repeated up to N posts with varied titles and dates, and tags drawn as the other kinds draw them,
so that every tool builds the same text with the same features as the other kinds.

Each body ends with a line naming its copy ("Copy 2 of this post."), so that no two posts have
the same body: plnpress keeps rendered Markdown by the text of the body, and would otherwise
render each real post once however many times it is repeated. Hugo shortcode brackets left by an
import (``{{<`` and ``{{%``, which Hugo would try to run) get a space inside them, so that every
peer can build the text. Titles keep only their letters, digits and spaces (each tool's front
matter takes them unquoted).
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import sys
import tarfile
from datetime import datetime, timedelta
from pathlib import Path

import yaml

from bench.corpus import TAGS, Post
from bench.peers import WORK
from tests.importers.realblogs import REAL_BLOGS, RealBlog

REALBLOGS = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "realblogs"
IMPORTED = WORK / "realblogs-imported"
_SHORTCODE = re.compile(r"\{\{(?=[<%])")


class RealBlogsMissing(RuntimeError):
    """``../shared/data/realblogs/`` is not there."""


def generate(posts: int, seed: int = 20260119) -> list[Post]:
    """``posts`` posts whose bodies are the imported real posts, in turn."""
    sources = imported_posts()
    rng = random.Random(seed)
    made = []
    for index in range(posts):
        title, body = sources[index % len(sources)]
        made.append(
            Post(
                title=f"{title} {index}",
                slug=f"post-{index:05d}",
                date=datetime(2016, 1, 1, 9, 0) + timedelta(hours=7 * index),
                tags=rng.sample(TAGS, rng.randint(1, 4)),
                body=f"{body.rstrip()}\n\nCopy {index // len(sources) + 1} of this post.\n",
            )
        )
    return made


def imported_posts() -> list[tuple[str, str]]:
    """(title, body) of every published post of the five blogs, as plnpress imported them."""
    if not (IMPORTED / ".complete").exists():
        _import_all()
    found = []
    for blog in REAL_BLOGS:
        for path in sorted((IMPORTED / blog.name / "content" / "posts").rglob("*.md")):
            post = _post(path)
            if post is not None:
                found.append(post)
    return found


def _import_all() -> None:
    if not REALBLOGS.is_dir():
        raise RealBlogsMissing(f"{REALBLOGS} is not there: the real kind needs ../shared/data")
    shutil.rmtree(IMPORTED, ignore_errors=True)
    IMPORTED.mkdir(parents=True)
    for blog in REAL_BLOGS:
        print(f"importing the {blog.name} blog ({blog.generator}) ...", flush=True)
        _import(blog)
    (IMPORTED / ".complete").write_text("ok\n")


def _import(blog: RealBlog) -> None:
    old = IMPORTED / "old" / blog.name
    with tarfile.open(REALBLOGS / f"{blog.name}.tar.gz") as tar:
        tar.extractall(old, filter="data")
    root = IMPORTED / blog.name
    _plnpress(IMPORTED, "init", str(root), "--url", "https://real.example.org/")
    for folder in ("posts", "links", "pages"):
        shutil.rmtree(root / "content" / folder, ignore_errors=True)
    _plnpress(root, "import", blog.generator, str(old / blog.folder), *blog.options)


def _plnpress(where: Path, *args: str) -> None:
    command = [sys.executable, "-m", "plnpress", "-C", str(where), *args]
    subprocess.run(command, check=True, capture_output=True, cwd=where)


def _post(path: Path) -> tuple[str, str] | None:
    """A published post's plain title and body; None for a draft or a file without a body."""
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n") or "\n---\n" not in text[3:]:
        return None
    front_text, body = text[4:].split("\n---\n", 1)
    front = yaml.safe_load(front_text) or {}
    if not isinstance(front, dict) or front.get("draft") or not body.strip():
        return None
    title = " ".join(re.sub(r"[^\w ]+", " ", str(front.get("title") or "Post")).split())
    return title or "Post", _SHORTCODE.sub("{{ ", body.lstrip("\n"))
