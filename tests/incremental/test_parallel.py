"""Builds spread over several processes make exactly what one process makes, report the same
problems, and leave the site as it was when they fail.

The builds that fork run in a fresh process (:func:`tests.fresh_process.in_fresh_process`), so
they fork workers every time, under ``pytest -n 2`` too; a spy there counts the processes each
piece of work was given, so that a test cannot pass without them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from plnpress.errors import ProblemsError
from plnpress.incremental import parallel, rendering, sources
from tests.conftest import MakeSite, build_blog, tree
from tests.fresh_process import in_fresh_process
from tests.incremental.scratch import blog_files, edit


def builds_counting_forks(
    root: Path, *builds: dict[str, Any]
) -> tuple[list[int], list[list[str] | None]]:
    """(In the fresh process.) Build ``root`` once per options in ``builds``; return the
    processes each loading and rendering was given, and each build's problems (None if it
    succeeded)."""
    forked: list[int] = []
    real = parallel.fork_map

    def spy(*args: Any, **kwargs: Any) -> None:
        forked.append(args[3])  # processes
        real(*args, **kwargs)

    sources.fork_map = spy  # type: ignore[attr-defined]  # (a process of its own: no undo)
    rendering.fork_map = spy  # type: ignore[attr-defined]
    outcomes: list[list[str] | None] = []
    for options in builds:
        try:
            build_blog(root, **options)
            outcomes.append(None)
        except ProblemsError as exc:
            outcomes.append([str(problem) for problem in exc.problems])
    return forked, outcomes


def _problems(root: Path, **options: object) -> list[str]:
    with pytest.raises(ProblemsError) as caught:
        build_blog(root, **options)
    return [str(problem) for problem in caught.value.problems]


def test_two_processes_build_what_one_builds(make_site: MakeSite) -> None:
    root = make_site(blog_files())

    forked, outcomes = in_fresh_process(
        builds_counting_forks,
        root,
        {"processes": 1, "output": root / "one"},
        {"processes": 2, "output": root / "two"},
    )

    assert outcomes == [None, None]
    two = tree(root / "two")
    assert two == tree(root / "one")
    assert "2025/06/post-5/index.html" in two
    assert forked == [1, 1, 2, 2]  # files, then pages; alone, then with a worker


def test_a_warm_build_over_two_processes_matches_a_cold_one(make_site: MakeSite) -> None:
    root = make_site(blog_files())
    forked, outcomes = in_fresh_process(builds_counting_forks, root, {"processes": 2})
    assert (forked, outcomes) == ([2, 2], [None])
    edit(root, "content/posts/post-5.md", lambda t: t.replace("a list", "a longer list"))
    edit(root, "plnpress.yaml", lambda t: t.replace("Test Blog", "Renamed Blog"))

    forked, outcomes = in_fresh_process(builds_counting_forks, root, {"processes": 2})

    assert outcomes == [None] and set(forked) == {2}
    warm = root / "site"
    assert tree(warm) == tree(build_blog(root, output=root / "cold").output_dir)
    assert "Renamed Blog" in (warm / "index.html").read_text(encoding="utf-8")


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
    forked, (two,) = in_fresh_process(builds_counting_forks, root, {"processes": 2})

    assert two == one
    assert forked == [2, 2]
    assert any(p.startswith("content/posts/post-4.md:3: date:") for p in one)
    assert sum("oops" in p for p in one) == 1  # one broken template, reported once


def test_a_failed_build_leaves_the_site_and_no_staged_pages(make_site: MakeSite) -> None:
    root = make_site(blog_files())
    assert in_fresh_process(builds_counting_forks, root, {"processes": 2})[1] == [None]
    before = tree(root / "site")
    edit(root, "content/posts/post-5.md", lambda t: t.replace("a list", "a longer list"))
    (root / "templates").mkdir()
    (root / "templates/list.html").write_text("{{ broken(", encoding="utf-8")

    forked, (problems,) = in_fresh_process(builds_counting_forks, root, {"processes": 2})

    assert problems and set(forked) == {2}
    assert tree(root / "site") == before
    assert not list((root / ".plnpress-cache").glob("staging-*"))
