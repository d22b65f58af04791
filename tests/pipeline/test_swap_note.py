"""Warm builds make the spare tree like the site from the last swap's note (plnpress.output.behind)
instead of walking both trees; they must make exactly what the walk makes, whatever else changed
``site/`` in between."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from plnpress.output import behind, swap
from tests.conftest import MakeSite, build_blog, tree
from tests.incremental.scratch import blog_files, cold_tree, edit


def _others(root: Path) -> Path:
    (other,) = (p for p in (root / ".plnpress-cache").glob("other-*") if p.is_dir())
    return other


def _inodes(folder: Path) -> dict[str, int]:
    return {rel: (folder / rel).stat().st_ino for rel in tree(folder)}


def _folders(site: Path) -> int:
    return sum(1 for path in site.rglob("*") if path.is_dir())


@pytest.fixture
def walks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The folders `_sync` is called for. Folders changed within a few seconds of a note are
    always compared (a coarse clock could hide a change); these builds are milliseconds apart,
    so that margin is taken away, and a test sleeps past a clock tick before changing site/."""
    monkeypatch.setattr(behind, "RACY_NS", 0)
    seen: list[str] = []
    real = swap._sync

    def spy(site: str, other: str, rel: str, *args: object, **kwargs: object) -> None:
        seen.append(rel)
        real(site, other, rel, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(swap, "_sync", spy)
    return seen


CHANGES: dict[str, Callable[[Path], object]] = {
    "body": lambda root: edit(root, "content/posts/post-5.md", lambda t: t + "\nMore.\n"),
    "title": lambda root: edit(
        root, "plnpress.yaml", lambda t: t.replace("title:", "title: New", 1)
    ),
    "delete": lambda root: (root / "content/posts/post-11.md").unlink(),
    "add": lambda root: (root / "content/posts/post-40.md").write_text(
        "---\ntitle: Forty\ndate: 2025-09-01\ntags: [brand-new-tag]\n---\nNew.\n"
    ),
}


def test_warm_builds_from_the_note_make_what_a_walk_makes(
    make_site: MakeSite, walks: list[str]
) -> None:
    root = make_site(blog_files())
    build_blog(root)
    for name in ("body", "body", "title", "delete", "add", "body"):
        CHANGES[name](root)
        walks.clear()
        result = build_blog(root)
        site = result.output_dir
        assert tree(site) == cold_tree(root, root.parent), name
        # The spare tree is the site before: every file of the site there, as a link to the
        # same file, but those this build wrote.
        other, now = _inodes(_others(root)), _inodes(site)
        same = {rel for rel in now if other.get(rel) == now[rel]}
        assert set(now) - same <= set(result.report.changed_paths) | {"sitemap.xml"}, name
    assert len(walks) < _folders(site) / 4, "the last build did not walk both trees"


def test_a_file_put_into_the_site_between_builds_is_kept(
    make_site: MakeSite, walks: list[str]
) -> None:
    root = make_site(blog_files())
    build_blog(root)
    CHANGES["body"](root)
    build_blog(root)  # leaves a note
    site = root / "site"
    time.sleep(0.05)
    (site / "google1234.html").write_text("verification")
    (site / "2025/06/post-5/notes.txt").write_text("mine")
    (site / "extra/deep").mkdir(parents=True)
    (site / "extra/deep/file.txt").write_text("deep")
    (site / "tags/index.html").rename(site / "tags/moved.html")  # a page moved by hand

    for _ in range(2):
        CHANGES["body"](root)
        result = build_blog(root)
        assert (site / "google1234.html").read_text() == "verification"
        assert (site / "2025/06/post-5/notes.txt").read_text() == "mine"
        assert (site / "extra/deep/file.txt").read_text() == "deep"
        assert (site / "tags/index.html").is_file(), "a page plnpress writes is written again"
        assert (site / "tags/moved.html").is_file()
        assert result.report.written >= 1


def test_a_damaged_or_foreign_note_means_a_walk(make_site: MakeSite, walks: list[str]) -> None:
    root = make_site(blog_files())
    build_blog(root)
    CHANGES["body"](root)
    build_blog(root)
    note = _others(root).with_name(_others(root).name + ".behind")
    assert note.is_file()
    note.write_text("{not json")
    CHANGES["body"](root)
    walks.clear()
    result = build_blog(root)
    assert len(walks) >= _folders(result.output_dir), "both trees walked whole"
    assert tree(result.output_dir) == cold_tree(root, root.parent)
    assert note.is_file(), "the swap leaves a new note"
    (root / "site").replace(root / "site-moved")
    (root / "site").mkdir()
    (root / "site/keep.txt").write_text("x")
    CHANGES["body"](root)
    walks.clear()
    result = build_blog(root)
    assert tree(result.output_dir) == {**cold_tree(root, root.parent), "keep.txt": b"x"}
