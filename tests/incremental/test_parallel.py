"""Builds spread over several processes make exactly what one process makes, report the same
problems, and leave the site as it was when they fail."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from plnpress.errors import ProblemsError
from plnpress.incremental import parallel
from tests.conftest import MakeSite, build_blog, tree
from tests.incremental.scratch import blog_files, edit


@pytest.fixture(autouse=True)
def _forking(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Skip when this process cannot fork (a thread another test left running); count the
    work that went to forked workers, so that a test cannot pass without them."""
    if not parallel.can_fork():
        names = [thread.name for thread in threading.enumerate()]
        pytest.skip(f"forking is not safe here: threads {names} are running")
    forked: list[int] = []
    real = parallel.fork_map

    def spy(*args: Any, **kwargs: Any) -> None:
        forked.append(args[3])  # processes
        real(*args, **kwargs)

    monkeypatch.setattr("plnpress.incremental.sources.fork_map", spy)
    monkeypatch.setattr("plnpress.incremental.rendering.fork_map", spy)
    return forked


def _problems(root: Path, **options: object) -> list[str]:
    with pytest.raises(ProblemsError) as caught:
        build_blog(root, **options)
    return [str(problem) for problem in caught.value.problems]


def test_two_processes_build_what_one_builds(make_site: MakeSite, _forking: list[int]) -> None:
    root = make_site(blog_files())

    one = tree(build_blog(root, processes=1, output=root / "one").output_dir)
    two = tree(build_blog(root, processes=2, output=root / "two").output_dir)

    assert two == one
    assert "2025/06/post-5/index.html" in two
    assert _forking == [1, 1, 2, 2]  # files, then pages; alone, then with a worker


def test_a_warm_build_over_two_processes_matches_a_cold_one(make_site: MakeSite) -> None:
    root = make_site(blog_files())
    build_blog(root, processes=2)
    edit(root, "content/posts/post-5.md", lambda t: t.replace("a list", "a longer list"))
    edit(root, "plnpress.yaml", lambda t: t.replace("Test Blog", "Renamed Blog"))

    warm = build_blog(root, processes=2)

    assert tree(warm.output_dir) == tree(build_blog(root, output=root / "cold").output_dir)
    assert "Renamed Blog" in (warm.output_dir / "index.html").read_text(encoding="utf-8")


def test_problems_are_the_same_whatever_the_processes(make_site: MakeSite) -> None:
    files = blog_files()
    files["content/posts/post-4.md"] = files["content/posts/post-4.md"].replace(
        "date: 2025-05-05", "date: 2025-13-05"
    )
    files["content/posts/post-9.md"] = files["content/posts/post-9.md"].replace("title:", "titel:")
    files["templates/entry.html"] = (
        "{% extends 'base.html' %}{% block main %}{{ oops() }}{% endblock %}"
    )
    root = make_site(files)

    one = _problems(root, processes=1)
    two = _problems(root, processes=2)

    assert two == one
    assert any(p.startswith("content/posts/post-4.md:3: date:") for p in one)
    assert sum("oops" in p for p in one) == 1  # one broken template, reported once


def test_a_failed_build_leaves_the_site_and_no_staged_pages(make_site: MakeSite) -> None:
    root = make_site(blog_files())
    before = tree(build_blog(root, processes=2).output_dir)
    edit(root, "content/posts/post-5.md", lambda t: t.replace("a list", "a longer list"))
    (root / "templates").mkdir()
    (root / "templates/list.html").write_text("{{ broken(", encoding="utf-8")

    _problems(root, processes=2)

    assert tree(root / "site") == before
    assert not list((root / ".plnpress-cache").glob("staging-*"))
