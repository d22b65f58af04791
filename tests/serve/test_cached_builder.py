"""The in-process builder ``plnpress serve`` uses: rebuilds from memory, exact as cold ones."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from plnpress.build import BuildOptions, BuildResult, build
from plnpress.config import load_config
from plnpress.errors import ProblemsError
from plnpress.serve import cached_builder as builder_module
from plnpress.serve.cached_builder import Builder
from plnpress.serve.in_memory import rebuild_in_memory
from tests.conftest import MakeSite, tree
from tests.incremental.scratch import blog_files, cold_tree, edit


def test_rebuilds_from_memory_match_cold_builds(make_site: MakeSite) -> None:
    root = make_site(blog_files())
    builder = Builder()
    options = BuildOptions(drafts=True, output=root / "served")
    builder.build(load_config(root), options)
    (state,) = (root / ".plnpress-cache").glob("build-*.state")
    saved = state.read_bytes()

    for number in (3, 17, 24):
        edit(root, f"content/posts/post-{number}.md", lambda t: t.replace("another", "a new"))
        result = builder.build(load_config(root), options)
        cold = cold_tree(root, root.parent, drafts=True, output=root.parent / "cold-served")
        assert tree(result.output_dir) == cold
        assert result.report.written >= 1

    assert state.read_bytes() == saved  # later rebuilds stay in memory
    builder.save()
    assert state.read_bytes() != saved


class _Quick:
    """Counts the rebuilds that went the in-memory way (wrapping the real function)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.taken = 0
        real = rebuild_in_memory

        def spy(*args: Any) -> Any:
            result = real(*args)
            self.taken += result is not None
            return result

        monkeypatch.setattr(builder_module, "rebuild_in_memory", spy)


def _rebuild(builder: Builder, root: Path, options: BuildOptions, rel: str) -> BuildResult:
    return builder.build(load_config(root), options, [root.resolve() / rel])


def _served(root: Path) -> BuildOptions:
    return BuildOptions(drafts=True, output=root / "served")


def _cold(root: Path) -> dict[str, bytes]:
    return cold_tree(root, root.parent, drafts=True, output=root.parent / "cold-served")


def test_body_edits_are_rebuilt_in_memory_as_a_cold_build_makes_them(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = blog_files()
    files["templates/network.html"] = (
        "{% extends 'base.html' %}{% block main %}{% for linked in network.sites %}"
        "<section>{{ linked.latest.content_html | safe }}</section>{% endfor %}{% endblock %}\n"
    )
    files["templates/page.html"] = (
        "{% extends 'base.html' %}{% block main %}{{ page.content_html | safe }}"
        "<aside>{{ site.entries[0].content_html | safe }}</aside>{% endblock %}\n"
    )
    root = make_site(files)
    builder, options, quick = Builder(), _served(root), _Quick(monkeypatch)
    config = load_config(root)
    builder.build(config, options)

    for rel in ("content/posts/post-23.md", "content/posts/post-7.md", "content/pages/about.md"):
        edit(root, rel, lambda t: t + "\nA paragraph added at the end.\n")
        gone = root.resolve() / "content/posts/.post.md.swap-1234"  # an editor's, saved over
        result = builder.build(config, options, [root.resolve() / rel, gone])
        assert tree(result.output_dir) == _cold(root)
        assert result.report.written >= 1

    assert quick.taken == 3
    newest = (root / "served/2025/12/post-23/index.html").read_text(encoding="utf-8")
    assert "A paragraph added at the end." in newest
    # What the rebuilds in memory left is what later builds start from, in memory and on disk.
    edit(root, "content/posts/post-7.md", lambda t: t.replace("Post number 7", "Seven"))
    assert tree(_rebuild(builder, root, options, "content/posts/post-7.md").output_dir) == (
        _cold(root)
    )
    builder.save()
    again = build(load_config(root), options)
    assert (again.report.written, again.report.removed) == (0, 0)


def test_other_saves_get_a_whole_build(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_site(blog_files())
    builder, options, quick = Builder(), _served(root), _Quick(monkeypatch)
    builder.build(load_config(root), options)

    edit(root, "content/posts/post-12.md", lambda t: t.replace("Post number 12", "Renamed"))
    assert tree(_rebuild(builder, root, options, "content/posts/post-12.md").output_dir) == (
        _cold(root)
    )
    edit(root, "content/posts/post-4.md", lambda t: t.replace("date: 2025-05-05", "date: x"))
    with pytest.raises(ProblemsError) as caught:
        _rebuild(builder, root, options, "content/posts/post-4.md")
    assert str(caught.value.problems[0]).startswith("content/posts/post-4.md:3: date:")
    edit(root, "content/posts/post-4.md", lambda t: t.replace("date: x", "date: 2025-05-05"))
    assert tree(_rebuild(builder, root, options, "content/posts/post-4.md").output_dir) == (
        _cold(root)
    )

    assert quick.taken == 0


def test_old_addresses_follow_saves_in_memory_as_a_cold_build_makes_them(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_site(blog_files())
    builder, options, quick = Builder(), _served(root), _Quick(monkeypatch)
    config = load_config(root)
    builder.build(config, options)
    old = root / "served/2025/02/post-thirteen/index.html"

    def saved(*rels: str) -> BuildResult:
        return builder.build(config, options, [root.resolve() / rel for rel in rels])

    assert "/2025/02/post-13/" in old.read_text(encoding="utf-8")

    edit(root, "content/posts/post-13.md", lambda t: t.replace("another", "one more"))
    assert tree(saved("content/posts/post-13.md").output_dir) == _cold(root)
    assert quick.taken == 1  # a body edit keeps the old address as it is
    edit(root, "content/posts/post-13.md", lambda t: t.replace("Post number 13", "Thirteen"))
    edit(root, "content/posts/post-9.md", lambda t: t.replace("---\n", _NINE, 1))
    result = saved("content/posts/post-13.md", "content/posts/post-9.md")
    assert tree(result.output_dir) == _cold(root)
    assert "Thirteen" in old.read_text(encoding="utf-8")
    assert (root / "served/2025/10/post-nine/index.html").is_file()
    mentions = root / "content/mentions/2025-02-post-thirteen.yaml"
    mentions.write_text(_TO_THE_OLD_ADDRESS, encoding="utf-8")
    result = saved("content/mentions/2025-02-post-thirteen.yaml")
    assert tree(result.output_dir) == _cold(root)
    assert "Thanks, thirteen." in (root / "served/2025/02/post-13/index.html").read_text("utf-8")
    assert quick.taken == 1


def test_a_page_keeps_its_responses_when_serve_rebuilds_it(make_site: MakeSite) -> None:
    root = make_site(
        {
            **blog_files(),
            "content/mentions/about.yaml": _TO_THE_OLD_ADDRESS.replace(
                "2025/02/post-thirteen/", "about/"
            ),
        }
    )
    builder, options = Builder(), _served(root)
    builder.build(load_config(root), options)
    about = root / "served/about/index.html"
    assert "Thanks, thirteen." in about.read_text(encoding="utf-8")

    edit(root, "content/pages/about.md", lambda t: t.replace("About *me*.", "About *us*."))
    result = _rebuild(builder, root, options, "content/pages/about.md")

    assert tree(result.output_dir) == _cold(root)
    shown = about.read_text(encoding="utf-8")
    assert "About <em>us</em>." in shown and "Thanks, thirteen." in shown


_NINE = "---\naliases: [/2025/10/post-nine/]\n"
_TO_THE_OLD_ADDRESS = """\
target: https://blog.example.org/2025/02/post-thirteen/
responses:
  - source: https://friend.example.net/re-thirteen
    kind: reply
    status: approved
    received: '2025-07-01T10:00:00+00:00'
    author:
      name: A Friend
    content: '<p>Thanks, thirteen.</p>'
"""
