"""How the receiver knows which pages exist: the built site's sitemap (read again after a
rebuild) or the published one (fetched through the guarded client)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from plnpress.fetch.policy import FetchPolicy
from plnpress.receiver.pages import gone_pages, normal_url, parse_sitemap
from plnpress.render.hosting import read_redirects
from tests.conftest import build_blog, write_files
from tests.receiver.conftest import (
    BLOG,
    FIRST,
    GONE,
    SECOND,
    UNREACHABLE,
    StartReceiver,
    build_receiving_blog,
    wait_until,
)
from tests.webmention.servers import LocalServer, Reply, static_site, text

NEW = f"{BLOG}/2025/06/third-post/"
MakeServer = Callable[..., LocalServer]


def test_the_built_sitemap_lists_every_published_page_and_no_tombstone(built_site: Path) -> None:
    pages = parse_sitemap((built_site / "sitemap.xml").read_bytes())
    assert pages is not None
    assert {FIRST, SECOND, f"{BLOG}/about/", f"{BLOG}/"} <= pages
    assert GONE not in pages
    assert gone_pages(read_redirects(built_site / "_redirects"), BLOG) == {GONE}


def test_a_rebuild_is_picked_up_without_a_restart(receiver: StartReceiver, tmp_path: Path) -> None:
    site = build_receiving_blog(tmp_path / "blog")
    rx = receiver(site_dir=site)
    assert rx.send(UNREACHABLE + "a", NEW).status_code == 400

    write_files(
        tmp_path / "blog",
        {"content/posts/2025-06-01-third-post.md": "---\ntitle: Third post\n---\nNew.\n"},
    )
    build_blog(tmp_path / "blog")

    assert rx.send(UNREACHABLE + "b", NEW).status_code == 201


def test_without_a_site_folder_the_published_sitemap_is_fetched(
    receiver: StartReceiver, make_server: MakeServer, built_site: Path
) -> None:
    published: LocalServer = make_server("127.0.0.2")
    published.fallback = static_site(built_site)
    rx = receiver(site_dir=None, sitemap_url=published.url("/sitemap.xml"))

    assert rx.send(UNREACHABLE + "a", FIRST).status_code == 201
    assert rx.send(UNREACHABLE + "b", GONE).status_code == 400
    [request] = published.requests_to("/sitemap.xml")
    assert "Webmention" in (request.header("User-Agent") or "")


def test_until_the_sitemap_is_read_requests_get_503_then_it_is_fetched_again(
    receiver: StartReceiver, make_server: MakeServer, built_site: Path
) -> None:
    published: LocalServer = make_server("127.0.0.2")
    sitemap = (built_site / "sitemap.xml").read_bytes()
    down = text("down", status=502)
    up = Reply(200, [("Content-Type", "application/xml")], sitemap)
    published.route("/sitemap.xml", down)
    rx = receiver(site_dir=None, sitemap_url=published.url("/sitemap.xml"), sitemap_refresh=0.05)

    answer = rx.send(UNREACHABLE + "a", FIRST)
    assert answer.status_code == 503 and answer.headers["retry-after"] == "60"
    assert "the list of pages" in answer.text

    published.route("/sitemap.xml", up)
    wait_until(
        "the sitemap to be read", lambda: rx.send(UNREACHABLE + "b", FIRST).status_code == 201
    )


def test_a_sitemap_fetch_goes_through_the_address_guard(
    receiver: StartReceiver, make_server: MakeServer, built_site: Path
) -> None:
    published: LocalServer = make_server("127.0.0.2")
    published.fallback = static_site(built_site)
    rx = receiver(site_dir=None, sitemap_url=published.url("/sitemap.xml"), fetch=FetchPolicy())
    assert rx.send(UNREACHABLE + "a", FIRST).status_code == 503
    assert published.requests == []


@pytest.mark.parametrize(
    ("url", "normal"),
    [
        ("HTTPS://Blog.Example.ORG:443/a/#x", "https://blog.example.org/a/"),
        ("http://blog.example.org:80", "http://blog.example.org/"),
        ("https://blog.example.org:8443/a", "https://blog.example.org:8443/a"),
        ("https://blog.example.org/caf\u00e9/", "https://blog.example.org/caf%C3%A9/"),
        ("https://blog.example.org/caf%c3%a9/", "https://blog.example.org/caf%C3%A9/"),
        ("https://blog.example.org/a/?page=2", "https://blog.example.org/a/?page=2"),
        ("https://[2001:DB8::1]/a/", "https://[2001:db8::1]/a/"),
    ],
)
def test_normal_urls(url: str, normal: str) -> None:
    assert normal_url(url) == normal


def test_what_is_not_a_sitemap() -> None:
    assert parse_sitemap(b"<html><body>no</body></html>") is None
    assert parse_sitemap(b"not xml at all <") is None
    index = b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></sitemapindex>'
    assert parse_sitemap(index) is None
    plain = b"<urlset><url><loc> https://a.example/x/ </loc></url><url><loc/></url></urlset>"
    assert parse_sitemap(plain) == frozenset({"https://a.example/x/"})
