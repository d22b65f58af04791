"""``check_site()`` through the Python API: progress, worker processes, the Nu validator."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

import plnpress.check.site as check_module
from plnpress.check import CheckOptions, CheckResult, check_site
from plnpress.config import load_config
from plnpress.incremental import parallel
from tests.check.blogs import HELLO, SECOND, edit, line_of, plnpress, problems, write_blog
from tests.conftest import build_blog
from tests.fresh_process import in_fresh_process


@pytest.fixture
def broken_blog(tmp_path: Path) -> Path:
    """The check blog, built, with a page deleted and a fragment and an id broken."""
    root = write_blog(tmp_path / "blog")
    build_blog(root)
    (root / SECOND).unlink()
    edit(root / HELLO, 'href="#background"', 'href="#nowhere"')
    edit(root / "site/about/index.html", "<h1>", '<h1 id="x">x</h1><h1 id="x">')
    return root


class Recorder:
    def __init__(self) -> None:
        self.phases: list[tuple[str, int]] = []
        self.steps = 0

    def begin(self, what: str, total: int) -> None:
        self.phases.append((what, total))

    def advance(self, steps: int = 1) -> None:
        self.steps += steps


def test_progress_counts_every_page(broken_blog: Path) -> None:
    progress = Recorder()
    result = check_site(load_config(broken_blog), progress=progress)
    pages = len(list((broken_blog / "site").rglob("*.html")))
    assert result.pages == pages
    assert progress.phases == [("Checking pages", pages)]
    assert progress.steps == pages


def check_counting_forks(root: Path, processes: int) -> tuple[CheckResult, list[int]]:
    """(In a fresh process.) Check the blog's site; return the result and the processes the
    pages were given."""
    forked: list[int] = []
    real = parallel.fork_map

    def spy(*args: Any, **kwargs: Any) -> None:
        forked.append(args[3])  # processes
        real(*args, **kwargs)

    check_module.fork_map = spy  # type: ignore[attr-defined]  # (a process of its own)
    return check_site(load_config(root), CheckOptions(processes=processes)), forked


def test_worker_processes_find_exactly_what_one_process_finds(broken_blog: Path) -> None:
    # In a fresh process, which can fork whatever threads this one has (pytest -n 2).
    shared, forked = in_fresh_process(check_counting_forks, broken_blog, 2)
    alone = check_site(load_config(broken_blog), CheckOptions(processes=1))
    assert forked == [2]
    assert alone.problems == shared.problems
    assert (
        alone.counts
        == shared.counts
        == {
            "links": alone.counts["links"],
            "html": 1,
            "microformats": 0,
            "validator": 0,
            "images": 0,
        }
    )
    assert alone.counts["links"] > 3


def test_the_nu_validator_runs_over_every_page_when_asked(tmp_path: Path) -> None:
    """The theme's pages are valid, the deleted post's included; a picture without its alt text
    is not, and the Nu validator says so of the page."""
    if shutil.which("java") is None:
        pytest.fail("the Nu validator needs Java: bash scripts/test.sh installs it")
    root = write_blog(tmp_path / "blog")
    build_blog(root)
    assert (root / "site/2025/02/old/index.html").is_file()  # a tombstone page is among them
    hello = root / HELLO
    edit(hello, "<h2 id=", '<img src="/img/square.png">\n<h2 id=')

    without = plnpress(root, "check")
    assert without.returncode == 0, without.stderr

    run = plnpress(root, "check", "--validator")

    assert run.returncode == 1
    (problem,) = problems(run)
    assert problem.startswith(f"{HELLO}:{line_of(hello, '<img src=')}: Nu validator: ")
    assert "alt" in problem
    assert "1 problem (1 Nu validator error)" in run.stdout


def test_the_validator_without_java_says_what_to_install_before_any_work(tmp_path: Path) -> None:
    root = write_blog(tmp_path / "blog")
    build_blog(root)
    without_java = {**os.environ, "PATH": str(Path(sys.executable).parent)}
    assert shutil.which("java", path=without_java["PATH"]) is None

    run = plnpress(root, "check", "--validator", env=without_java)

    assert run.returncode == 1
    assert run.stderr.startswith("Error: --validator needs Java")
    assert run.stdout == ""
