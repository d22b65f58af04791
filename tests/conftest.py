"""Shared fixtures: scratch blogs built from a dict of files, and the example blog built once.

Time, timezone and locale are pinned so that no test depends on the machine it runs on.
"""

from __future__ import annotations

import os
import shutil
import textwrap
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest

from plnpress.build import BuildOptions, BuildResult, build
from plnpress.config import load_config
from tests.skips import pytest_configure  # noqa: F401 (the hook: no skip without a reason)

REPO = Path(__file__).resolve().parent.parent
PINNED_EPOCH = "1767225600"  # 2026-01-01T00:00:00Z: "now" for every test build

BASIC_CONFIG = """\
title: Test Blog
base_url: https://blog.example.org/
timezone: Europe/Berlin
author:
  name: Ada Example
  url: https://blog.example.org/
  photo: /img/ada.png
"""


@pytest.fixture(autouse=True)
def _pin_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", PINNED_EPOCH)
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.setenv("LC_ALL", "C.UTF-8")


MakeSite = Callable[..., Path]


@pytest.fixture
def make_site(tmp_path: Path) -> MakeSite:
    """``make_site({"content/posts/a.md": "..."})`` writes a blog folder and returns its path.

    Text is dedented; ``plnpress.yaml`` defaults to :data:`BASIC_CONFIG` unless given.
    """

    def make(files: Mapping[str, str | bytes] | None = None, name: str = "blog") -> Path:
        root = tmp_path / name
        root.mkdir(parents=True, exist_ok=True)
        return write_files(root, {"plnpress.yaml": BASIC_CONFIG, **(files or {})})

    return make


def write_files(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write ``files`` under ``root``; text is dedented, bytes written as they are."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return root


def build_blog(root: Path, **options: object) -> BuildResult:
    """Build through the public Python API."""
    return build(load_config(root), BuildOptions(**options))  # type: ignore[arg-type]


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` and its bytes, for comparing whole builds."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The repository's example blog, copied and built once; yields the output folder."""
    work = tmp_path_factory.mktemp("example")
    blog = work / "blog"
    blog.mkdir()
    shutil.copy(REPO / "plnpress.yaml", blog / "plnpress.yaml")
    shutil.copytree(REPO / "content", blog / "content")
    if (REPO / "templates").is_dir():
        shutil.copytree(REPO / "templates", blog / "templates")
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = PINNED_EPOCH
    try:
        result = build(load_config(blog), BuildOptions(output=work / "site"))
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
    yield result.output_dir
