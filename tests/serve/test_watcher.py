"""The watcher: which file events count, and how bursts of them become one batch."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from plnpress.serve.watcher import ChangeQueue, Watcher, WatchPlan, is_editor_dropping


def test_a_burst_of_changes_is_taken_as_one_batch() -> None:
    changes = ChangeQueue(quiet=0.05, longest_wait=5.0)
    first, second = Path("/blog/content/a.md"), Path("/blog/content/b.md")
    changes.put([first])
    changes.put([second, first])
    assert changes.take() == frozenset({first, second})
    changes.put([second])
    assert changes.take() == frozenset({second})


def test_changes_made_while_waiting_wake_the_taker() -> None:
    changes = ChangeQueue(quiet=0.01)
    path = Path("/blog/plnpress.yaml")
    taken: list[frozenset[Path] | None] = []
    taker = threading.Thread(target=lambda: taken.append(changes.take()))
    taker.start()
    changes.put([path])
    taker.join(timeout=10)
    assert taken == [frozenset({path})]


def test_closing_the_queue_ends_the_wait() -> None:
    changes = ChangeQueue()
    taken: list[frozenset[Path] | None] = []
    taker = threading.Thread(target=lambda: taken.append(changes.take()))
    taker.start()
    changes.close()
    taker.join(timeout=10)
    assert taken == [None]


@pytest.mark.parametrize(
    ("name", "dropping"),
    [
        ("hello.md", False),
        (".well-known", False),
        ("hello.md~", True),
        (".hello.md.swp", True),
        (".#hello.md", True),
        ("#hello.md#", True),
        ("hello.md.tmp", True),
        ("4913", True),
        ("hello.md___jb_tmp___", True),
        (".DS_Store", True),
    ],
)
def test_editor_droppings(name: str, dropping: bool) -> None:
    assert is_editor_dropping(name) is dropping


def test_the_plan_wants_blog_files_only() -> None:
    root = Path("/blog")
    plan = WatchPlan(
        root=root,
        folders=(root / "content", root / "templates", Path("/themes/default")),
        root_names=frozenset({"plnpress.yaml", "content", "templates", "themes"}),
        ignored=(root / "content/out",),
    )
    assert plan.wants(root / "plnpress.yaml")
    assert plan.wants(root / "content")
    assert plan.wants(root / "content/posts/a.md")
    assert plan.wants(Path("/themes/default/templates/base.html"))
    assert not plan.wants(root / "README.md")
    assert not plan.wants(root / "site")
    assert not plan.wants(root / ".plnpress-cache")
    assert not plan.wants(root / "content/posts/.a.md.swp")
    assert not plan.wants(root / "content/out/index.html")
    assert not plan.wants(root / "elsewhere/a.md")


def test_an_editors_save_reaches_the_queue_as_the_saved_file(tmp_path: Path) -> None:
    root = tmp_path / "blog"
    posts = root / "content" / "posts"
    posts.mkdir(parents=True)
    target = posts / "a.md"
    target.write_text("old", encoding="utf-8")
    other = posts / "b.md"
    other.write_text("other", encoding="utf-8")
    changes = ChangeQueue(quiet=0.2)
    watcher = Watcher(changes)
    watcher.start()
    try:
        watcher.watch(WatchPlan(root, (root / "content",), frozenset({"plnpress.yaml"})))
        other.read_text(encoding="utf-8")  # reading (as the build does) is not a change
        temporary = posts / "a.md.tmp"
        temporary.write_text("new", encoding="utf-8")
        temporary.replace(target)
        assert changes.take() == frozenset({target})

        (root / "README.md").write_text("not the blog's", encoding="utf-8")
        (root / "plnpress.yaml").write_text("title: x\n", encoding="utf-8")
        assert changes.take() == frozenset({root / "plnpress.yaml"})
    finally:
        watcher.stop()
        changes.close()
