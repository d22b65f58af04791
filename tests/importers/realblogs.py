"""The five real blogs of ``../shared/data/realblogs/``, unpacked and imported through the CLI:
what each set is, how to import it, and one old address of each that must keep working."""

from __future__ import annotations

import re
import subprocess
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path

from tests.skips import shared_data


@dataclass(frozen=True, slots=True)
class RealBlog:
    name: str
    generator: str
    folder: str
    """Below the unpacked archive: what is given as SOURCE_DIR."""
    options: tuple[str, ...]
    """The old URL scheme the data README gives, for sets without their config file."""
    old_address: str
    """An address the old site had (from the README's schemes), which must answer here."""


REAL_BLOGS = (
    RealBlog(
        "jekyll", "jekyll", "jekyll/docs",
        ("--old-permalink", "/news/:year/:month/:day/:title/"),
        "/news/2019/07/02/jekyll-3-8-6-released/",
    ),
    RealBlog("jessfraz", "hugo", "jessfraz", (), "/post/personal-infrastructure/"),
    RealBlog(
        "brainbaking", "hugo", "brainbaking", (), "/post/2019/09/de-zin-en-onzin-van-conferenties/"
    ),
    RealBlog(
        "jakevdp", "pelican", "jakevdp",
        ("--old-permalink", "blog/{date:%Y}/{date:%m}/{date:%d}/{slug}/"),
        "/blog/2012/08/08/memoryview-benchmarks/",
    ),
    RealBlog(
        "chringel", "eleventy", "chringel",
        ("--old-permalink", 'blog=/{{ page.date | date: "%Y/%m" }}/{{ title | slugify }}/'),
        "/notes/2023/03/14/1009/",
    ),
)  # fmt: skip


def unpack(blog: RealBlog, into: Path) -> Path:
    """The set's SOURCE_DIR, unpacked under ``into``."""
    with tarfile.open(shared_data("realblogs", f"{blog.name}.tar.gz")) as tar:
        tar.extractall(into, filter="data")
    return into / blog.folder


def plnpress(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "plnpress", "-C", str(root), *args],
        capture_output=True,
        text=True,
        check=False,
        env={"COLUMNS": "200", "SOURCE_DATE_EPOCH": "1767225600", "TZ": "UTC", "PATH": ""},
    )


def summary(run: subprocess.CompletedProcess[str]) -> dict[str, int]:
    """The summary table an import prints, as {what: count}."""
    rows = re.findall(r"^│ (.+?)\s+│\s+(\d+) │$", run.stdout, re.M)
    return {what.strip(): int(count) for what, count in rows}
