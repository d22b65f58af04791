"""Session-built scratch blogs for the theme tests (the example blog is in tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from plnpress.config import load_config
from tests.conftest import write_files
from tests.theme import theme_blogs
from tests.theme.theme_support import REPO, BuiltSite, build_pinned


def _built(
    factory: pytest.TempPathFactory, name: str, base_url: str, **options: object
) -> BuiltSite:
    work = factory.mktemp(name)
    blog = write_files(work / "blog", theme_blogs.files(base_url))
    return BuiltSite.of(build_pinned(blog, work / "site", **options))


@pytest.fixture(scope="session")
def scratch_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The hostile scratch blog at a domain root, built as ``plnpress build`` would."""
    return _built(tmp_path_factory, "scratch", "https://blog.example.org/")


@pytest.fixture(scope="session")
def subpath_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The same blog published under a sub-path."""
    return _built(tmp_path_factory, "subpath", "https://example.org/blog/")


@pytest.fixture(scope="session")
def preview_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The same blog with drafts and future entries, as the dev server shows it."""
    return _built(
        tmp_path_factory, "preview", "https://blog.example.org/", drafts=True, future=True
    )


@pytest.fixture(scope="session")
def empty_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """A blog with one page and no entries yet, as right after deleting the sample post."""
    work = tmp_path_factory.mktemp("empty")
    files = {
        "plnpress.yaml": "title: Empty\nbase_url: https://empty.example/\nauthor: {name: Nobody}\n",
        "content/pages/about.md": "---\ntitle: About\nmenu: 1\n---\nSoon.\n",
    }
    blog = write_files(work / "blog", files)
    return BuiltSite.of(build_pinned(blog, work / "site"))


@pytest.fixture(scope="session")
def example(example_site: Path) -> BuiltSite:
    """The repository's example blog, built once."""
    return BuiltSite(example_site, load_config(REPO).base_url)
