"""Atom, RSS and JSON Feed as feed readers see them; sitemap.xml and robots.txt as crawlers do."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import feedparser
import jsonschema
import pytest

from plnpress.render.feeds import absolute_links
from tests.theme import theme_blogs
from tests.theme.jsonfeed_schema import JSON_FEED_1_1
from tests.theme.theme_blogs import HOSTILE_TAG, HOSTILE_TITLE
from tests.theme.theme_support import BuiltSite, build_site

SITE = "https://blog.example.org/"
PUBLIC_ORDER = [
    SITE + "2025/05/hostile/",
    SITE + "2025/04/reply/",
    SITE + "links/2025/webmention/",
    SITE + "2025/03/hello/",
    SITE + "links/2025/untitled/",
]
ATOM = "{http://www.w3.org/2005/Atom}"


def read_feed(site: BuiltSite, rel: str) -> Any:
    parsed = feedparser.parse((site.output / rel).read_bytes())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed


def json_feed(site: BuiltSite) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(site.text("feed.json"))
    jsonschema.validate(document, JSON_FEED_1_1)
    return document


@pytest.mark.parametrize(("rel", "version"), [("feed.xml", "atom10"), ("rss.xml", "rss20")])
def test_xml_feeds_hold_the_public_entries(scratch_site: BuiltSite, rel: str, version: str) -> None:
    feed = read_feed(scratch_site, rel)
    assert feed.version == version
    assert feed.feed.title == "Ada's <Notes> & More"
    assert [entry.link for entry in feed.entries] == PUBLIC_ORDER
    hello = feed.entries[3]
    assert hello.title == "Hello, world"
    assert hello.author == "Ada Example"
    assert [tag.term for tag in hello.tags] == ["Python", "IndieWeb", "Notes"]
    assert hello.published_parsed[:3] == (2025, 2, 28)  # 1 March 00:00 in Berlin, in UTC
    assert hello.updated_parsed[:4] == (2025, 3, 5, 9)
    content = hello.content[0].value if version == "atom10" else hello.summary
    assert '<h2 id="background">Background</h2>' in content
    assert "The footnote text." in content


def test_atom_feed_metadata_and_bookmarks(scratch_site: BuiltSite) -> None:
    feed = read_feed(scratch_site, "feed.xml")
    assert feed.feed.id == SITE
    assert feed.feed.author == "Ada Example"
    assert feed.feed.updated == "2025-05-20T00:00:00+02:00"  # the newest entry, not the clock
    links = {(link.rel, link.href) for link in feed.feed.links}
    assert ("self", SITE + "feed.xml") in links
    assert ("alternate", SITE) in links
    bookmark = feed.entries[2]
    assert {(link.rel, link.href) for link in bookmark.links} == {
        ("alternate", SITE + "links/2025/webmention/"),
        ("related", "https://indieweb.org/Webmention"),
    }
    body = bookmark.content[0].value
    assert '<a href="https://indieweb.org/Webmention">Webmention - IndieWeb</a>' in body
    assert "notification that one URL links to another" in body
    assert '<a href="https://friend.example.com/">friend.example.com</a>' in body


def test_json_feed_validates_and_points_links_at_the_bookmarked_page(
    scratch_site: BuiltSite,
) -> None:
    feed = json_feed(scratch_site)
    assert [item["url"] for item in feed["items"]] == PUBLIC_ORDER
    assert feed["feed_url"] == SITE + "feed.json"
    assert feed["authors"] == [{"name": "Ada Example", "url": SITE, "avatar": SITE + "img/ada.png"}]
    external = {item["url"]: item.get("external_url") for item in feed["items"]}
    assert external[SITE + "links/2025/webmention/"] == "https://indieweb.org/Webmention"
    assert external[SITE + "links/2025/untitled/"] == "https://www.example.com/some/article/"
    assert external[SITE + "2025/03/hello/"] is None
    hello = feed["items"][3]
    assert hello["date_published"] == "2025-03-01T00:00:00+01:00"
    assert hello["date_modified"] == "2025-03-05T10:00:00+01:00"
    assert hello["tags"] == ["Python", "IndieWeb", "Notes"]
    assert hello["image"] == SITE + "img/cover.png"


def test_feed_content_has_only_absolute_urls(
    scratch_site: BuiltSite, subpath_site: BuiltSite
) -> None:
    for site, base in ((scratch_site, SITE), (subpath_site, "https://example.org/blog/")):
        atom = ET.fromstring((site.output / "feed.xml").read_bytes())
        rss = ET.fromstring((site.output / "rss.xml").read_bytes())
        bodies = [el.text or "" for el in atom.iter(ATOM + "content")]
        bodies += [el.text or "" for el in rss.iter("description")][1:]  # [0] is the channel's
        bodies += [item["content_html"] for item in json_feed(site)["items"]]
        assert len(bodies) == 15
        for body in bodies:
            targets = re.findall(r'(?:href|src|cite)="([^"]*)"', body)
            assert all(t.startswith(("https://", "http://", "mailto:")) for t in targets), targets
        hellos = [b for b in bodies if "about page" in b]
        assert len(hellos) == 3
        post = base + "2025/03/hello/"
        for hello in hellos:
            assert f'<a href="{base}about/">link to the about page</a>' in hello
            assert f'<a href="{post}notes.txt">' in hello
            assert f'<a href="{post}#background">' in hello
            assert f'<img src="{base}img/cat.png"' in hello


def test_tag_feeds_are_atom_beside_the_tag_page(scratch_site: BuiltSite) -> None:
    feed = read_feed(scratch_site, "tags/indieweb/feed.xml")
    assert feed.version == "atom10"
    assert [e.link for e in feed.entries] == [
        SITE + "2025/04/reply/",
        SITE + "links/2025/webmention/",
        SITE + "2025/03/hello/",
    ]
    assert feed.feed.id == SITE + "tags/indieweb/"
    assert "IndieWeb" in feed.feed.title
    page = scratch_site.soup("tags/indieweb/index.html")
    advertised = [link["href"] for link in page.select('link[rel="alternate"]')]
    assert "/tags/indieweb/feed.xml" in advertised
    python = read_feed(scratch_site, "tags/python/feed.xml")
    assert [e.link for e in python.entries] == [SITE + "2025/05/hostile/", SITE + "2025/03/hello/"]


def test_drafts_and_future_entries_stay_out_of_feeds(preview_site: BuiltSite) -> None:
    for rel in ("feed.xml", "rss.xml", "tags/python/feed.xml"):
        links = [e.link for e in read_feed(preview_site, rel).entries]
        assert not any("draft" in link or "scheduled" in link for link in links), rel
    assert [item["url"] for item in json_feed(preview_site)["items"]] == PUBLIC_ORDER


def test_script_in_titles_and_tags_stays_text_in_feeds(scratch_site: BuiltSite) -> None:
    for rel in ("feed.xml", "rss.xml", "tags/python/feed.xml"):
        root = ET.fromstring((scratch_site.output / rel).read_bytes())
        assert not [el for el in root.iter() if el.tag.rsplit("}", 1)[-1] == "script"], rel
        titles = [el.text for el in root.iter() if el.tag in {"title", ATOM + "title"}]
        assert HOSTILE_TITLE in titles, rel
        for content in root.iter(ATOM + "content"):
            assert "<script>" not in (content.text or ""), rel
    atom = read_feed(scratch_site, "feed.xml")
    assert atom.entries[0].title == HOSTILE_TITLE
    assert atom.entries[0].tags[0].term == HOSTILE_TAG
    item = json_feed(scratch_site)["items"][0]
    assert item["title"] == HOSTILE_TITLE
    assert item["tags"][0] == HOSTILE_TAG
    assert "<script>" not in item["content_html"]


def test_a_blog_without_entries_has_valid_empty_feeds(empty_site: BuiltSite) -> None:
    for rel in ("feed.xml", "rss.xml"):
        assert read_feed(empty_site, rel).entries == []
    atom = read_feed(empty_site, "feed.xml")
    assert atom.feed.updated == "2026-01-01T00:00:00+00:00"  # the pinned build time
    assert json_feed(empty_site)["items"] == []
    assert texts_of(empty_site.soup("index.html"), ".empty") == ["Nothing here yet."]
    assert list(sitemap_urls(empty_site)) == [
        "https://empty.example/",
        "https://empty.example/links/",
        "https://empty.example/archive/",
        "https://empty.example/about/",
        "https://empty.example/follow/",
    ]


def texts_of(soup: Any, selector: str) -> list[str]:
    return [el.get_text(strip=True) for el in soup.select(selector)]


def test_feeds_hold_at_most_the_configured_number(make_site: Callable[..., Path]) -> None:
    files: dict[str, str] = {
        f"content/posts/2025-01-{day:02d}-post-{day}.md": f"---\ntitle: Post {day}\n---\nText.\n"
        for day in range(1, 6)
    }
    config = "title: T\nbase_url: https://t.example/\nauthor:\n  name: A\nfeeds:\n  entries: 3\n"
    site = build_site(make_site({"plnpress.yaml": config, **files}))
    assert [e.title for e in read_feed(site, "feed.xml").entries] == ["Post 5", "Post 4", "Post 3"]
    assert len(json_feed(site)["items"]) == 3


def test_characters_xml_cannot_hold_are_dropped(make_site: Callable[..., Path]) -> None:
    root = make_site({"content/posts/2025-01-01-odd.md": "---\ntitle: Odd\n---\nA\x0cB\x1bC.\n"})
    site = build_site(root)
    for rel in ("feed.xml", "rss.xml"):
        feed = read_feed(site, rel)
        assert "ABC." in (
            feed.entries[0].get("content", [{}])[0].get("value") or feed.entries[0].summary
        )
    assert "A\x0cB\x1bC." in json_feed(site)["items"][0]["content_html"]


def test_feeds_and_sitemap_do_not_depend_on_the_clock(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_site(theme_blogs.files())
    names = [
        "feed.xml",
        "rss.xml",
        "feed.json",
        "sitemap.xml",
        "robots.txt",
        "tags/python/feed.xml",
    ]
    outputs = []
    for epoch in ("1767225600", "1782864000"):  # 2026-01-01 and 2026-07-01
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        site = build_site(root, output=root.parent / f"site-{epoch}")
        outputs.append({name: site.text(name) for name in names})
    assert outputs[0] == outputs[1]


def sitemap_urls(site: BuiltSite) -> dict[str, str | None]:
    root = ET.fromstring((site.output / "sitemap.xml").read_bytes())
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    assert root.tag == ns + "urlset"
    urls: dict[str, str | None] = {}
    for url in root.iter(ns + "url"):
        modified = url.find(ns + "lastmod")
        urls[url.findtext(ns + "loc") or ""] = None if modified is None else modified.text
    return urls


def test_sitemap_lists_every_public_page(scratch_site: BuiltSite, preview_site: BuiltSite) -> None:
    urls = sitemap_urls(scratch_site)
    pages = {
        scratch_site.url_of(rel)
        for rel in scratch_site.html_files()
        if rel not in {"404.html", "2025/01/gone/index.html"}
    }
    assert set(urls) == pages
    assert urls[SITE + "2025/03/hello/"] == "2025-03-05T10:00:00+01:00"
    assert urls[SITE] == "2025-05-20T00:00:00+02:00"
    assert urls[SITE + "about/"] is None
    preview = sitemap_urls(preview_site)
    assert SITE + "2025/06/draft/" not in preview
    assert SITE + "2027/01/scheduled/" not in preview
    assert set(urls) <= set(preview)


def test_robots_txt_names_the_sitemap(scratch_site: BuiltSite, subpath_site: BuiltSite) -> None:
    assert "Sitemap: https://blog.example.org/sitemap.xml" in scratch_site.text("robots.txt")
    assert "Sitemap: https://example.org/blog/sitemap.xml" in subpath_site.text("robots.txt")
    assert all(u.startswith("https://example.org/blog/") for u in sitemap_urls(subpath_site))


def test_a_robots_txt_of_the_writers_own_wins(make_site: Callable[..., Path]) -> None:
    root = make_site({"content/static/robots.txt": "User-agent: *\nDisallow: /\n"})
    site = build_site(root)
    assert site.text("robots.txt") == "User-agent: *\nDisallow: /\n"
    assert sitemap_urls(site)


def test_absolute_links_resolves_every_way_of_writing_an_attribute() -> None:
    html = (
        '<p><a href="/a?x=1&amp;y=2">a</a> <a href=\'b.txt\'>b</a> <img src=/c.png alt="/d">'
        '<a href="#note">n</a> <a href="mailto:me@example.org">m</a> '
        '<a href="//cdn.example/x">x</a><code>href="/not-a-tag"</code></p>'
    )
    assert absolute_links(html, "https://example.org/blog/2025/01/post/") == (
        '<p><a href="https://example.org/a?x=1&amp;y=2">a</a> '
        '<a href="https://example.org/blog/2025/01/post/b.txt">b</a> '
        '<img src="https://example.org/c.png" alt="/d">'
        '<a href="https://example.org/blog/2025/01/post/#note">n</a> '
        '<a href="mailto:me@example.org">m</a> '
        '<a href="https://cdn.example/x">x</a><code>href="/not-a-tag"</code></p>'
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/a/b?q=1#f",
        "http://Other.Example:8080/x;p?y#z",
        "https://example.org/a/../b/./c",
        "https://example.org/path;",
        "https://example.org/path?",
        "https://example.org/path#",
        "https://example.org:/x",
        "HTTPS://example.org/x",
        "https://example.org/ü?ä#ö",
        "https://example.org//double",
        "https://[::1]/x",
        "https://user@example.org/x",
        "https://example.org/a\\b",
        "relative/path?q",
        "../up",
    ],
)
def test_absolute_links_gives_what_urljoin_gives(url: str) -> None:
    base = "https://example.org/blog/2025/01/post/"
    html = f'<a href="{escape(url)}">x</a>'
    assert absolute_links(html, base) == f'<a href="{escape(urljoin(base, url))}">x</a>'
