"""What a save rebuilds: the edited post's page and the pages that show it; nothing else."""

from __future__ import annotations

import queue
import shutil
from collections.abc import Callable
from pathlib import Path

from plnpress.render.theme import bundled_themes
from plnpress.serve import DevServer, Outcome, ServeOptions
from tests.serve.conftest import StartServer
from tests.serve.support import BLOG_FILES, HELLO, HELLO_PAGE


def _written(output: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every file with its inode, modification time and bytes: a rewrite changes the first two."""
    found = {}
    for path in sorted(output.rglob("*")):
        if path.is_file():
            stat = path.stat()
            found[path.relative_to(output).as_posix()] = (
                stat.st_ino,
                stat.st_mtime_ns,
                path.read_bytes(),
            )
    return found


def test_editing_one_post_rewrites_its_page_and_the_pages_listing_it_and_nothing_else(
    start_server: StartServer,
) -> None:
    served = start_server()
    before = _written(served.output)

    outcome = served.edit(HELLO, "title: Hello", "title: Hello again")

    assert outcome.result is not None
    changed = set(outcome.result.report.changed_paths)
    after = _written(served.output)
    assert set(after) == set(before)
    rewritten = {rel for rel in after if after[rel][:2] != before[rel][:2]}
    assert rewritten == changed  # the report says exactly what was written
    assert {
        HELLO_PAGE,
        "index.html",  # the home page lists it
        "archive/index.html",
        "tags/indieweb/index.html",
        "2024/05/second/index.html",  # its neighbours link to it by title
        "2024/05/fourth/index.html",
    } <= changed
    assert b"Hello again" in after[HELLO_PAGE][2]
    for untouched in [
        "2024/05/first/index.html",
        "2024/05/fifth/index.html",
        "about/index.html",
        "tags/python/index.html",
        "css/plnpress.css",
        "img/dot.png",
    ]:
        assert untouched not in changed
        assert after[untouched] == before[untouched], untouched
    for rel in changed:
        assert after[rel][2] != before[rel][2], f"{rel} rewritten with the same bytes"


def test_editing_a_posts_body_rewrites_its_page_but_not_the_other_posts(
    start_server: StartServer,
) -> None:
    served = start_server()
    before = _written(served.output)
    outcome = served.edit(HELLO, "A second paragraph.", "An edited paragraph.")
    assert outcome.result is not None
    changed = set(outcome.result.report.changed_paths)
    assert HELLO_PAGE in changed
    after = _written(served.output)
    other_posts = [rel for rel in before if rel.startswith("2024/05/") and rel != HELLO_PAGE]
    assert len(other_posts) == 4
    for rel in other_posts:
        assert after[rel] == before[rel], rel


def test_a_save_made_of_many_file_events_is_one_rebuild(start_server: StartServer) -> None:
    served = start_server(quiet_seconds=0.3)
    for source in sorted((served.root / "content").rglob("*.md")):
        source.read_bytes()  # reading (as the build does) is not a change
    # How editors save: a swap file, the new text in a temporary file renamed over the old
    # one, and a backup.
    target = served.root / HELLO
    (target.parent / ".2024-05-03-hello.md.swp").write_text("swap", encoding="utf-8")
    temporary = target.parent / "2024-05-03-hello.md.tmp"
    temporary.write_text(target.read_text(encoding="utf-8").replace("Original", "Saved"), "utf-8")
    temporary.replace(target)
    (target.parent / "2024-05-03-hello.md~").write_text("backup", encoding="utf-8")

    saved = served.next_outcome()
    assert saved.changed_sources == (HELLO,)
    assert saved.result is not None and HELLO_PAGE in saved.result.report.changed_paths

    about = served.edit("content/pages/about.md", "About me.", "About us.")
    assert about.changed_sources == ("content/pages/about.md",)  # nothing left of the burst


def test_a_new_post_is_built_and_a_deleted_one_removed(start_server: StartServer) -> None:
    served = start_server()
    new = served.root / "content/posts/2024-05-06-new.md"
    new.write_text("---\ntitle: Brand new\ndate: 2024-05-06\n---\n\nNew.\n", encoding="utf-8")
    created = served.next_outcome()
    assert created.result is not None
    assert "2024/05/new/index.html" in created.result.report.changed_paths
    assert (served.output / "2024/05/new/index.html").is_file()

    new.unlink()
    deleted = served.next_outcome()
    assert deleted.result is not None and deleted.result.report.removed >= 1
    assert not (served.output / "2024/05/new/index.html").exists()


def test_a_template_in_the_blog_overrides_the_theme_and_is_watched(
    start_server: StartServer,
) -> None:
    served = start_server()
    templates = served.root / "templates"
    templates.mkdir()
    (templates / "404.html").write_text("<p>Lost: {{ config.title }}</p>\n", encoding="utf-8")
    outcome = served.next_outcome()
    assert outcome.result is not None
    assert outcome.result.report.changed_paths == ("404.html",)
    # A folder watched for the first time is looked at once more, in case of a save in between.
    assert served.next_outcome().changed_sources == ("templates",)

    served.edit("templates/404.html", "Lost", "Nothing here")
    assert (served.output / "404.html").read_text(encoding="utf-8").startswith("<p>Nothing here")


def test_a_theme_of_the_blogs_own_is_watched(make_site: Callable[..., Path]) -> None:
    root = make_site(BLOG_FILES, name="themed")
    shutil.copytree(bundled_themes() / "default", root / "themes" / "mine")
    config = root / "plnpress.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "theme: mine\n", encoding="utf-8")
    outcomes: queue.Queue[Outcome] = queue.Queue()
    options = ServeOptions(port=0, quiet_seconds=0.2)
    with DevServer(root, options, on_outcome=outcomes.put) as server:
        assert outcomes.get(timeout=15).failure is None
        template = root / "themes/mine/templates/404.html"
        template.write_text("<p>Not here.</p>\n", encoding="utf-8")
        outcome = outcomes.get(timeout=15)
        assert outcome.changed_sources == ("themes/mine/templates/404.html",)
        assert outcome.result is not None
        assert outcome.result.report.changed_paths == ("404.html",)
        assert (server.snapshot.output_dir / "404.html").read_text() == "<p>Not here.</p>\n"


def test_a_save_made_while_the_first_build_runs_is_built_right_after(
    make_site: Callable[..., Path],
) -> None:
    root = make_site(BLOG_FILES)
    outcomes: queue.Queue[Outcome] = queue.Queue()
    server = DevServer(root, ServeOptions(port=0, quiet_seconds=0.2), on_outcome=outcomes.put)
    build = server.rebuilder.rebuild

    def build_while_the_writer_saves(*args: object, **kwargs: bool) -> Outcome:
        outcome = build(*args, **kwargs)  # type: ignore[arg-type]
        if kwargs.get("announce") is False:  # the first build: its files were read, then saved
            post = root / HELLO
            post.write_text(post.read_text().replace("Original words.", "Saved meanwhile."))
        return outcome

    server.rebuilder.rebuild = build_while_the_writer_saves  # type: ignore[method-assign,assignment]
    try:
        server.start()
        assert "Original words." in (server.snapshot.output_dir / HELLO_PAGE).read_text()
        assert outcomes.get_nowait().changed_sources == ()
        again = outcomes.get(timeout=15)
        assert again.changed_sources == (HELLO,)
        assert "Saved meanwhile." in (server.snapshot.output_dir / HELLO_PAGE).read_text()
    finally:
        server.stop()
