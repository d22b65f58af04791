"""The cache never changes what is built: problems are reported warm as cold, and a cache that is
damaged, truncated or not ours is thrown away without a word."""

from __future__ import annotations

import functools
import os
import pickle
from pathlib import Path
from typing import Any

import pytest

from plnpress.content.discovery import SourceFile
from plnpress.errors import ProblemsError
from plnpress.incremental import loading
from tests.conftest import MakeSite, build_blog, tree
from tests.incremental.scratch import blog_files, cold_tree, edit
from tests.modes import SHARED, STRICT_UMASK, mode, share, umask


def _problems(root: Path) -> list[str]:
    with pytest.raises(ProblemsError) as caught:
        build_blog(root)
    return [str(problem) for problem in caught.value.problems]


def test_a_file_with_an_error_reports_it_on_every_build(make_site: MakeSite) -> None:
    root = make_site(blog_files())
    build_blog(root)
    edit(
        root, "content/posts/post-4.md", lambda t: t.replace("date: 2025-05-05", "date: 2025-13-05")
    )

    first = _problems(root)
    edit(root, "content/posts/post-6.md", lambda t: t.replace("Post 6 opens", "Post six opens"))
    second = _problems(root)

    assert first == second
    assert len(first) == 1 and first[0].startswith("content/posts/post-4.md:3: date:")
    with pytest.raises(ProblemsError) as cold:
        cold_tree(root, root.parent)
    assert [str(problem) for problem in cold.value.problems] == first


def test_a_fixed_error_builds_what_a_cold_build_makes(make_site: MakeSite) -> None:
    root = make_site(blog_files())
    build_blog(root)
    edit(root, "content/posts/post-4.md", lambda t: t.replace("title:", "titel:"))
    _problems(root)
    edit(root, "content/posts/post-4.md", lambda t: t.replace("titel:", "title:"))

    result = build_blog(root)

    assert tree(result.output_dir) == cold_tree(root, root.parent)


def test_warnings_are_reported_on_every_build(make_site: MakeSite) -> None:
    files = blog_files()
    files["content/posts/post-8.md"] = files["content/posts/post-8.md"].replace(
        "---\n", "---\nupdated: 2024-01-01\n", 1
    )
    root = make_site(files)

    cold = build_blog(root)
    warm = build_blog(root)

    assert [str(w) for w in warm.warnings] == [str(w) for w in cold.warnings]
    assert "updated: is earlier than the date" in str(warm.warnings[0])


def test_a_file_with_warnings_is_restored_and_says_them_again(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Warnings are no reason to read and render a file again: a blog brought from elsewhere
    may have a warning in every tenth post (another generator's tags), and a warm build would
    render all of those every time."""
    files = blog_files()
    for number in (4, 8):
        files[f"content/posts/post-{number}.md"] += (
            "\n{% highlight ruby %}\nputs 1\n{% endhighlight %}\n"
        )
    files["content/posts/post-8.md"] = files["content/posts/post-8.md"].replace(
        "---\n", "---\nsubtitle: Two keys plnpress does not know\ncategories: [a]\n", 1
    )
    root = make_site(files)
    cold = build_blog(root, processes=1)
    said = [str(w) for w in cold.warnings]
    assert len(said) >= 4 and any("subtitle" in w for w in said), said

    loaded: list[str] = []
    real = loading.load_file  # type: ignore[attr-defined]  # the name loading calls

    def counting(source: SourceFile, *args: Any) -> Any:
        loaded.append(source.rel)
        return real(source, *args)

    monkeypatch.setattr(loading, "load_file", counting)
    warm = build_blog(root, processes=1)

    assert loaded == []
    assert [str(w) for w in warm.warnings] == said
    edit(root, "content/posts/post-8.md", lambda t: t.replace("subtitle:", "summary:"))
    edited = build_blog(root, processes=1)
    assert loaded == ["content/posts/post-8.md"]
    assert [str(w) for w in edited.warnings] == [w for w in said if "subtitle" not in w]


def test_a_template_error_is_reported_on_every_build(make_site: MakeSite) -> None:
    root = make_site(blog_files())
    build_blog(root)
    (root / "templates").mkdir()
    (root / "templates/page.html").write_text("{% extends 'base.html' %}{% block main %}{{ oops(",
        encoding="utf-8")  # fmt: skip

    assert _problems(root) == _problems(root)
    assert _problems(root)[0].startswith("templates/page.html:1: template syntax")


def _state_file(root: Path) -> Path:
    (found,) = (root / ".plnpress-cache").glob("build-*.state")
    return found


def _pack_file(root: Path) -> Path:
    (found,) = (root / ".plnpress-cache").glob("bodies-*.pack")
    return found


def _more(number: int, text: str) -> str:
    return text + f"\nMore {number}.\n"


class _Payload:
    """Unpickling this would create a file: the cache must refuse it."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


def _garbage(root: Path) -> None:
    _state_file(root).write_bytes(b"\x80\x05 not a pickle at all")


def _truncated(root: Path) -> None:
    state = _state_file(root)
    state.write_bytes(state.read_bytes()[: state.stat().st_size // 2])


def _foreign(root: Path) -> None:
    payload = {"version": b"?", "sources": _Payload(root / "pwned")}
    _state_file(root).write_bytes(pickle.dumps(payload))


def _empty_pack(root: Path) -> None:
    _pack_file(root).write_bytes(b"")


def _damaged_pack(root: Path) -> None:
    pack = _pack_file(root)
    data = bytearray(pack.read_bytes())
    data[len(data) // 3 : len(data) // 3 + 50] = b"#" * 50
    pack.write_bytes(bytes(data))


def _state_without_pack(root: Path) -> None:
    _pack_file(root).unlink()


@pytest.mark.parametrize(
    "damage",
    [_garbage, _truncated, _foreign, _empty_pack, _damaged_pack, _state_without_pack],
    ids=lambda f: f.__name__.strip("_"),
)
def test_a_damaged_cache_is_rebuilt_silently(make_site: MakeSite, damage: object) -> None:
    root = make_site(blog_files())
    build_blog(root)
    assert callable(damage)
    damage(root)
    # Every page must be rendered again, so every body is read from the (damaged) cache.
    (root / "templates").mkdir()
    (root / "templates/_tags.html").write_text("<p>tags</p>\n", encoding="utf-8")

    result = build_blog(root)

    assert tree(result.output_dir) == cold_tree(root, root.parent)
    assert not (root / "pwned").exists()
    assert tree(build_blog(root).output_dir) == tree(result.output_dir)


def test_a_warm_build_appends_only_what_changed(make_site: MakeSite) -> None:
    root = make_site(blog_files())
    build_blog(root)
    snapshot = _state_file(root).read_bytes()
    edit(root, "content/posts/post-6.md", lambda t: t.replace("Post 6 opens", "Post six opens"))

    build_blog(root)

    after = _state_file(root).read_bytes()
    assert after.startswith(snapshot)
    assert 0 < len(after) - len(snapshot) < len(snapshot) // 4


def test_a_cut_off_change_at_the_end_is_ignored(make_site: MakeSite) -> None:
    root = make_site(blog_files())
    build_blog(root)
    edit(root, "content/posts/post-6.md", lambda t: t.replace("Post 6 opens", "Post six opens"))
    build_blog(root)
    state = _state_file(root)
    state.write_bytes(state.read_bytes()[:-7])
    edit(root, "content/posts/post-8.md", lambda t: t.replace("Post 8 opens", "Post eight opens"))

    result = build_blog(root)

    assert tree(result.output_dir) == cold_tree(root, root.parent)
    edit(root, "content/posts/post-9.md", lambda t: t.replace("Post 9 opens", "Post nine opens"))
    assert tree(build_blog(root).output_dir) == cold_tree(root, root.parent)


def test_a_pack_mostly_of_old_bodies_is_compacted(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("plnpress.incremental.cache.COMPACT_ABOVE", 0)
    root = make_site(blog_files())
    build_blog(root)
    first = _pack_file(root).stat().st_size
    for number in range(3):  # every body once more: the old ones become garbage
        for post in range(26):
            edit(root, f"content/posts/post-{post}.md", functools.partial(_more, number))
        build_blog(root)
    (root / "templates").mkdir()  # every page rendered again, so every body read
    (root / "templates/_tags.html").write_text("<p>tags</p>\n", encoding="utf-8")

    result = build_blog(root)

    assert tree(result.output_dir) == cold_tree(root, root.parent)
    assert _pack_file(root).stat().st_size < 3 * first  # near four times as big if never compacted


def test_a_new_snapshot_of_the_state_keeps_the_file_mode(make_site: MakeSite) -> None:
    root = make_site(blog_files())
    build_blog(root)
    (state,) = (root / ".plnpress-cache").glob("build-*.state")
    share(state)
    before = state.stat().st_ino
    for number in range(26):  # a change this big is saved as a new snapshot, not appended
        edit(root, f"content/posts/post-{number}.md", lambda t: t.replace("another", "a new"))

    with umask(STRICT_UMASK):
        build_blog(root)

    assert state.stat().st_ino != before  # written again whole, through a temporary file
    assert mode(state) == SHARED
