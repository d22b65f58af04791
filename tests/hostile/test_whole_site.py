"""``site/`` is always one whole build, for warm builds too (issue 15, point 8): a warm build
killed with SIGKILL at the worst moment leaves either the old site or the new one, never a mix.

A 300-post blog whose title changed rewrites every page. The build runs as its own process and
is killed the instant the first rewritten file shows (in ``site/``, as the issue saw it, or in
the staging folder, where the new site is made).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import MakeSite, build_blog, tree

POSTS = 300
OLD, NEW = "Old Title Of The Blog", "New Title Of The Blog"


def blog(make_site: MakeSite) -> Path:
    files: dict[str, str | bytes] = {
        "plnpress.yaml": f"title: {OLD}\nbase_url: https://blog.example.org/\n"
        "author:\n  name: Ada Example\n",
    }
    for number in range(POSTS):
        files[f"content/posts/2025-01-01-post-{number}.md"] = (
            f"---\ntitle: Post {number}\n---\nText of post {number}, tagged and linked.\n"
        )
    root = make_site(files)
    build_blog(root)
    config = root / "plnpress.yaml"
    config.write_text(config.read_text().replace(OLD, NEW))
    return root


def inodes(site: Path) -> dict[str, int]:
    return {rel: (site / rel).stat().st_ino for rel in tree(site)}


def first_rewrite_in_site(site: Path, before: dict[str, int]) -> bool:
    for rel, inode in before.items():
        try:
            if (site / rel).stat().st_ino != inode:
                return True
        except FileNotFoundError:
            return True
    return False


def first_rewrite_in_staging(root: Path) -> bool:
    cache = root / ".plnpress-cache"
    with os.scandir(cache) if cache.is_dir() else _nothing() as entries:
        for entry in entries:
            if entry.name.startswith("staging-") and Path(entry.path, "index.html").exists():
                return True
    return False


class _nothing:
    def __enter__(self) -> list[os.DirEntry[str]]:
        return []

    def __exit__(self, *exc: object) -> None:
        return None


def pages_by_title(site: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {"old": [], "new": [], "neither": []}
    for rel, data in tree(site).items():
        if rel.endswith(".html"):
            text = data.decode()
            kind = "new" if NEW in text else "old" if OLD in text else "neither"
            found[kind].append(rel)
    return found


@pytest.mark.parametrize("moment", ["site", "staging"])
def test_a_warm_build_killed_at_the_worst_moment_leaves_one_whole_site(
    make_site: MakeSite, moment: str
) -> None:
    root = blog(make_site)
    site = root / "site"
    before = inodes(site)
    assert len(pages_by_title(site)["old"]) > POSTS

    build = subprocess.Popen(
        [sys.executable, "-m", "plnpress", "-C", str(root), "build"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    seen = False
    deadline = time.monotonic() + 120
    while build.poll() is None and time.monotonic() < deadline:
        if (
            first_rewrite_in_site(site, before)
            if moment == "site"
            else first_rewrite_in_staging(root)
        ):
            build.send_signal(signal.SIGKILL)
            seen = True
            break
    build.wait()

    pages = pages_by_title(site)
    assert pages["neither"] == []
    mixed = bool(pages["old"]) and bool(pages["new"])
    assert not mixed, f"{len(pages['old'])} old pages and {len(pages['new'])} new ones"
    if moment == "staging" and seen:
        assert set(inodes(site)) == set(before)  # the old site, whole
    again = subprocess.run(
        [sys.executable, "-m", "plnpress", "-C", str(root), "build"], capture_output=True
    )
    assert again.returncode == 0
    assert pages_by_title(site)["old"] == []
