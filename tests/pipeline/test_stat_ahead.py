"""A warm build asks about the site's files in a forked process while it loads its state
(plnpress.output.stat_ahead): the answers must be what ``stat`` says, the process must never
be left behind, and a build using them must still notice every change made to ``site/``."""

from __future__ import annotations

import gc
import os
import threading
import time
from pathlib import Path

import pytest

from plnpress.build import BuildOptions, build, open_cache
from plnpress.config import load_config
from plnpress.output import behind, stat_ahead
from plnpress.output.stat_ahead import StatsAhead
from tests.conftest import tree, write_files
from tests.fresh_process import in_fresh_process
from tests.incremental.scratch import blog_files, cold_tree, edit


def _no_child_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def _answers_found_ahead(folder: str) -> dict[str, object]:
    root = Path(folder)
    paths = []
    for number in range(stat_ahead.WORTH_IT_FROM):
        path = root / f"d{number % 40}" / f"f{number}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(b"x" * (number % 7))
        paths.append(str(path))
    paths += [str(root / "d1"), str(root / "missing.txt")]
    walked = root / "walk" / "deeper" / "post.md"
    walked.parent.mkdir(parents=True)
    walked.write_text("one")
    ahead = StatsAhead(paths, under=[str(root / "walk"), str(root / "no-such-folder")])
    first = ahead.get(paths[0])  # waits for the other process
    changed = root / "d0" / "f40.txt"
    changed.write_bytes(b"longer than before")  # after the look-ahead: not in its answers
    walked.write_text("longer than before")
    unasked = root / "unasked.txt"
    unasked.write_bytes(b"abc")
    return {
        "first": first,
        "same_as_stat": all(ahead.get(p) == stat_ahead.size_and_time(p) for p in paths[1:40]),
        "folder": ahead.get(str(root / "d1")) == stat_ahead.size_and_time(str(root / "d1")),
        "missing": ahead.get(str(root / "missing.txt")),
        "changed_after": ahead.get(str(changed)),
        "unasked": ahead.get(str(unasked)),
        "walked": ahead.get(str(walked)),
        "since": ahead.since_ns is not None,
        "no_child_left": _no_child_left(),
    }


def test_the_answers_are_what_stat_said_when_the_look_ahead_began(tmp_path: Path) -> None:
    found = in_fresh_process(_answers_found_ahead, str(tmp_path))
    assert found["first"] == (0, (tmp_path / "d0" / "f0.txt").stat().st_mtime_ns)
    assert found["same_as_stat"] and found["folder"]
    assert found["missing"] is None
    assert found["changed_after"][0] == 40 % 7  # type: ignore[index]  # not the 18 bytes after
    assert found["unasked"] == (3, (tmp_path / "unasked.txt").stat().st_mtime_ns)
    assert found["walked"][0] == 3  # type: ignore[index]  # found under a folder, before
    assert found["since"] and found["no_child_left"]


def _dropped_unread(folder: str) -> bool:
    paths = [folder] * stat_ahead.WORTH_IT_FROM
    ahead = StatsAhead(paths)
    del ahead
    gc.collect()
    return _no_child_left()


def test_a_look_ahead_dropped_unread_leaves_no_process_behind(tmp_path: Path) -> None:
    assert in_fresh_process(_dropped_unread, str(tmp_path))


def test_for_a_few_files_it_asks_at_once(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"one")
    ahead = StatsAhead([str(path)])
    path.write_bytes(b"three")
    assert ahead.get(str(path)) == (5, path.stat().st_mtime_ns)


def _warm_build_after_changes_to_the_site(
    folder: str, one_cache: bool
) -> tuple[dict[str, bytes], int, int]:
    """A warm build after hand changes to site/, every site file looked ahead at; the site,
    and how many look-aheads began and how many answers were read. With ``one_cache`` every
    build shares one cache, as ``plnpress serve``'s do."""
    root = Path(folder)
    stat_ahead.WORTH_IT_FROM = 1  # a scratch blog has a hundred files, not thousands
    behind.RACY_NS = 0  # compare folders by their times alone (see test_swap_note.py)
    begun, read = [0], [0]
    start, get = StatsAhead._start, StatsAhead.get

    def counted_start(self: StatsAhead) -> None:
        begun[0] += 1
        start(self)

    def counted_get(self: StatsAhead, path: str) -> object:
        read[0] += 1
        return get(self, path)

    StatsAhead._start = counted_start  # type: ignore[method-assign]
    StatsAhead.get = counted_get  # type: ignore[assignment, method-assign]
    config = load_config(root)
    site = build(config, BuildOptions()).output_dir
    build(config, BuildOptions())  # the first swap: from now on the note is there
    cache = open_cache(config, BuildOptions()) if one_cache else None
    build(config, BuildOptions(), cache)  # looks ahead (a cache's first build does)
    time.sleep(0.05)  # past a tick of the file system's clock
    page = site / "2025" / "06" / "post-5" / "index.html"
    page.write_bytes(page.read_bytes().replace(b"Post 5", b"Post V"))  # edited by hand
    (site / "tags" / "index.html").unlink()  # deleted by hand
    (site / "2025" / "notes-by-hand.txt").write_text("mine\n")  # a file of the writer's own
    edit(root, "content/posts/post-7.md", lambda text: text + "\nOne more line.\n")
    build(config, BuildOptions(), cache)
    return tree(site), begun[0], read[0]


@pytest.mark.parametrize("one_cache", [False, True], ids=["fresh-each-time", "one-cache"])
def test_a_build_that_looked_ahead_still_sees_every_change_to_the_site(
    tmp_path: Path, one_cache: bool
) -> None:
    root = write_files(tmp_path / "blog", blog_files())
    site, begun, read = in_fresh_process(
        _warm_build_after_changes_to_the_site, str(root), one_cache
    )
    # Every build after the first looks ahead, but a cache's later builds (its answers would
    # be out of date); and the answers are used.
    assert begun == (2 if one_cache else 3) and read > 100
    expected = cold_tree(root, tmp_path)
    assert site.pop("2025/notes-by-hand.txt") == b"mine\n"  # kept through the swap
    assert site == expected  # the edited page and the deleted one are made again


def test_with_other_threads_running_nothing_is_forked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_fork() -> int:
        raise AssertionError("forked with another thread running")

    monkeypatch.setattr(os, "fork", no_fork)
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        ahead = StatsAhead([str(tmp_path)] * stat_ahead.WORTH_IT_FROM)
        assert ahead.get(str(tmp_path)) == stat_ahead.size_and_time(str(tmp_path))
    finally:
        stop.set()
        worker.join()
