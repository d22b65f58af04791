"""Acceptance over the five real blogs: each imports with its generator's importer and builds
with 0 errors; drafts never reach site/; old addresses answer; other generators' tags left in
the pages are all warned about; a second import changes nothing; the sent log is baselined."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from plnpress.content.foreign_syntax import tags_in
from plnpress.errors import Problem
from tests.conftest import build_blog, tree
from tests.importers.realblogs import REAL_BLOGS, RealBlog, plnpress, summary, unpack

FIGURES: dict[str, dict[str, int]] = {}


def _new_blog(tmp_path: Path) -> Path:
    root = tmp_path / "blog"
    assert (
        plnpress(tmp_path, "init", str(root), "--url", "https://new.example.org/").returncode == 0
    )
    for folder in ("posts", "links", "pages"):
        shutil.rmtree(root / "content" / folder)
    return root


def _text_outside_code(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    content = soup.select_one(".e-content")
    if content is None:
        return ""
    for code in content.select("pre, code"):
        code.decompose()
    return content.get_text()


@pytest.mark.parametrize("blog", REAL_BLOGS, ids=lambda b: b.name)
def test_a_real_blog_imports_builds_and_keeps_its_addresses(tmp_path: Path, blog: RealBlog) -> None:
    source = unpack(blog, tmp_path / "old")
    root = _new_blog(tmp_path)
    run = plnpress(root, "import", blog.generator, str(source), *blog.options)
    assert run.returncode == 0, run.stderr
    counts = summary(run)
    assert counts["posts"] > 40

    result = build_blog(root)  # raises on any error
    site = result.output_dir
    drafts = [p for p in (root / "content").rglob("*.md") if "\ndraft: true\n" in p.read_text()]
    texts = {p: p.read_text("utf-8", "replace") for p in site.rglob("*") if p.is_file()}
    for draft in drafts:
        title = draft.read_text().split("title: ", 1)[1].split("\n", 1)[0].strip("'\"")
        assert not [p for p, text in texts.items() if title in text], f"draft {title!r} leaked"
    assert (site / blog.old_address.strip("/") / "index.html").is_file()

    left, unwarned = _tags_left(result.site.entries, site, result.warnings)
    assert unwarned == []
    FIGURES[blog.name] = {
        "entries": len(result.site.entries) + len(result.site.pages),
        "drafts": counts.get("drafts", 0),
        "warnings": counts["warnings"],
        "aliases": counts["old addresses kept as aliases"],
        "tags left": left,
    }
    print(f"\n{blog.name}: {FIGURES[blog.name]}")

    again = plnpress(root, "import", blog.generator, str(source), *blog.options)
    before = tree(root / "content")
    assert summary(again)["files new"] == summary(again)["files updated"] == 0
    assert tree(root / "content") == before
    assert summary(again)["links marked as already notified"] == 0
    dry = plnpress(root, "webmention", "send", "--dry-run")
    assert dry.returncode == 0 and "Nothing to send" in dry.stdout + dry.stderr, dry.stdout


def _tags_left(entries: object, site: Path, warnings: tuple[Problem, ...]) -> tuple[int, list[str]]:
    """How many other generators' tags the entry pages show outside code, and the pages that
    show some without a warning about their source file."""
    warned = {w.path for w in warnings if "from another generator" in w.message}
    left = 0
    unwarned = []
    for entry in entries:  # type: ignore[attr-defined]
        page = site / entry.location.output
        found = tags_in(_text_outside_code(page.read_text()))
        left += len(found)
        if found and entry.source not in warned:
            unwarned.append(f"{entry.source}: {found}")
    return left, unwarned
