"""Building scratch blogs through the Python API: what lands in site/, and where."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import MakeSite, build_blog, tree
from tests.images.photos import png, size_of
from tests.modes import SHARED, STRICT_UMASK, mode, share, umask

POST = """\
---
title: {title}
date: {date}
tags: [{tags}]
---

{body}
"""


def post(
    title: str, date: str = "2025-05-01 10:00", tags: str = "learning", body: str = "Hi."
) -> str:
    return POST.format(title=title, date=date, tags=tags, body=body)


def test_posts_links_pages_and_static_files_land_at_their_permalinks(make_site: MakeSite) -> None:
    root = make_site(
        {
            "content/posts/2025-05-01-hello-world.md": post("Hello, world"),
            "content/links/2025-06-02-indieweb.md": """\
                ---
                bookmark_of: https://indieweb.org/
                title: IndieWeb
                ---
                Worth reading.
            """,
            "content/pages/about.md": "---\ntitle: About\nmenu: 1\n---\nMe.\n",
            "content/pages/colophon.md": "---\ntitle: Colophon\npermalink: /colophon.html\n---\n",
            "content/static/img/ada.png": png(),
            "content/static/CNAME": "blog.example.org\n",
        }
    )
    result = build_blog(root)
    site = root / "site"
    assert (site / "2025/05/hello-world/index.html").is_file()
    assert (site / "links/2025/indieweb/index.html").is_file()
    assert (site / "about/index.html").is_file()
    assert (site / "colophon.html").is_file()
    assert size_of((site / "img/ada.png").read_bytes()) == (8, 8)
    assert (site / "CNAME").read_text() == "blog.example.org\n"
    assert (site / "index.html").is_file()
    assert (site / "404.html").is_file()
    home = (site / "index.html").read_text()
    assert "Hello, world" in home and "IndieWeb" in home
    assert 'href="/about/"' in home  # the menu
    assert result.summary.startswith("Built 1 post, 1 link, 2 pages: ")


def test_date_prefix_of_the_file_name_is_the_default_date_and_left_out_of_the_slug(
    make_site: MakeSite,
) -> None:
    root = make_site({"content/posts/2025-03-09-spring.md": "---\ntitle: Spring\n---\nBuds.\n"})
    result = build_blog(root)
    (entry,) = result.site.entries
    assert entry.slug == "spring"
    assert entry.published.isoformat() == "2025-03-09T00:00:00+01:00"  # Europe/Berlin
    assert (root / "site/2025/03/spring/index.html").is_file()


def test_dates_are_read_in_the_site_timezone_unless_they_carry_an_offset(
    make_site: MakeSite,
) -> None:
    root = make_site(
        {
            "content/posts/a.md": post("A", date="2025-07-01 09:30"),
            "content/posts/b.md": post("B", date="2025-07-01T09:30:00+00:00"),
            "content/posts/c.md": post("C", date="2025-07-01"),
        }
    )
    entries = {e.title: e.published.isoformat() for e in build_blog(root).site.entries}
    assert entries == {
        "A": "2025-07-01T09:30:00+02:00",
        "B": "2025-07-01T09:30:00+00:00",
        "C": "2025-07-01T00:00:00+02:00",
    }


def test_drafts_and_future_entries_are_left_out_unless_asked_for(make_site: MakeSite) -> None:
    root = make_site(
        {
            "content/posts/published.md": post("Published"),
            "content/posts/draft.md": "---\ntitle: Draft\ndate: 2025-01-01\ndraft: true\n---\nx\n",
            "content/posts/future.md": post("Future", date="2030-01-01"),
        }
    )

    def titles(**flags: bool) -> list[str]:
        return sorted(e.title for e in build_blog(root, **flags).site.entries)

    assert titles() == ["Published"]
    assert not (root / "site/2030").exists()
    assert titles(drafts=True) == ["Draft", "Published"]
    assert titles(future=True) == ["Future", "Published"]
    assert titles(drafts=True, future=True) == ["Draft", "Future", "Published"]
    assert (root / "site/2030/01/future/index.html").is_file()
    # Going back to a normal build removes what the flags added.
    build_blog(root)
    assert not (root / "site/2030/01/future/index.html").exists()


def test_a_sub_path_base_url_is_respected_by_every_generated_link(make_site: MakeSite) -> None:
    root = make_site(
        {
            "plnpress.yaml": """\
                title: Sub
                base_url: https://example.org/blog
                author: {name: Ada}
            """,
            "content/posts/2025-02-02-hello.md": post(
                "Hello", tags="Deep Learning", body="![cat](/img/cat.png) [about](/about/)"
            ),
            "content/pages/about.md": "---\ntitle: About\nmenu: 1\n---\nMe.\n",
        }
    )
    result = build_blog(root)
    (entry,) = result.site.entries
    assert entry.url == "https://example.org/blog/2025/05/hello/"
    assert entry.path == "/blog/2025/05/hello/"
    page = (root / "site/2025/05/hello/index.html").read_text()
    assert 'src="/blog/img/cat.png"' in page
    assert 'href="/blog/about/"' in page
    assert 'href="/blog/tags/deep-learning/"' in page
    assert '<link rel="canonical" href="https://example.org/blog/2025/05/hello/">' in page
    for html in tree(root / "site").values():
        text = html.decode("utf-8", "replace")
        assert (
            'href="/2025' not in text and 'href="/tags' not in text and 'href="/about' not in text
        )


def test_permalink_patterns_come_from_the_config(make_site: MakeSite) -> None:
    root = make_site(
        {
            "plnpress.yaml": """\
                title: P
                base_url: https://example.org/
                author: {name: Ada}
                permalinks:
                  post: /posts/{year}-{month}-{day}-{slug}.html
                  link: /bookmarks/{slug}/
                  page: /p/{slug}/
            """,
            "content/posts/2025-02-03-x.md": post("X"),
            "content/links/y.md": "---\nbookmark_of: https://a.example.com/\ndate: 2025-01-01\n---",
            "content/pages/about.md": "---\ntitle: About\n---\n",
        }
    )
    build_blog(root)
    assert (root / "site/posts/2025-05-01-x.html").is_file()
    assert (root / "site/bookmarks/y/index.html").is_file()
    assert (root / "site/p/about/index.html").is_file()


def test_unchanged_files_are_not_rewritten_and_stale_ones_are_removed(make_site: MakeSite) -> None:
    root = make_site(
        {"content/posts/a.md": post("A"), "content/posts/b.md": post("B", date="2025-05-02")}
    )
    first = build_blog(root)
    assert first.report.written > 0
    second = build_blog(root)
    assert second.report.written == 0
    assert second.report.unchanged == first.report.written
    (root / "content/posts/b.md").unlink()
    third = build_blog(root)
    assert not (root / "site/2025/05/b").exists()
    assert third.report.removed >= 1


def test_files_the_build_did_not_write_are_never_deleted(make_site: MakeSite) -> None:
    root = make_site({"content/posts/a.md": post("A")})
    (root / "site").mkdir()
    (root / "site/keep-me.txt").write_text("mine")
    build_blog(root)
    build_blog(root)
    assert (root / "site/keep-me.txt").read_text() == "mine"


def test_output_option_writes_elsewhere(make_site: MakeSite, tmp_path: Path) -> None:
    root = make_site({"content/posts/a.md": post("A")})
    result = build_blog(root, output=tmp_path / "public")
    assert result.output_dir == tmp_path / "public"
    assert (tmp_path / "public/2025/05/a/index.html").is_file()
    assert not (root / "site").exists()


def test_the_example_blog_builds_byte_identically_twice(
    make_site: MakeSite, tmp_path: Path
) -> None:
    import shutil

    from tests.conftest import REPO

    blog = tmp_path / "copy"
    shutil.copytree(REPO / "content", blog / "content")
    shutil.copy(REPO / "plnpress.yaml", blog / "plnpress.yaml")
    build_blog(blog, output=tmp_path / "one")
    build_blog(blog, output=tmp_path / "two")
    one, two = tree(tmp_path / "one"), tree(tmp_path / "two")
    assert one.keys() == two.keys()
    assert one == two


def test_a_rebuild_keeps_the_mode_of_every_file_it_rewrites(make_site: MakeSite) -> None:
    root = make_site(
        {
            "content/posts/2025-05-01-hello.md": post("Hello", body="First words."),
            "content/static/notes.txt": "first notes\n",
        }
    )
    build_blog(root)
    site = root / "site"
    written = [path for path in site.rglob("*") if path.is_file()]
    manifests = list((root / ".plnpress-cache").glob("manifest-*.json"))
    share(*written, *manifests)
    edit = root / "content/posts/2025-05-01-hello.md"
    edit.write_text(post("Hello", body="Second words."))
    (root / "content/static/notes.txt").write_text("second notes\n")

    with umask(STRICT_UMASK):  # a new file would be 0600
        result = build_blog(root)

    rewritten = set(result.report.changed_paths)
    # A staged page, a feed (written whole), a static file (copied) and the manifest.
    assert {"2025/05/hello/index.html", "feed.xml", "notes.txt"} <= rewritten
    assert "Second words." in (site / "2025/05/hello/index.html").read_text()
    assert {path.relative_to(site).as_posix(): mode(path) for path in written} == {
        path.relative_to(site).as_posix(): SHARED for path in written
    }
    assert [mode(path) for path in manifests] == [SHARED]
