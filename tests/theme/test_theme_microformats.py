"""Microformats2 as IndieWeb tools read them: mf2py parses, mf2util finds the author."""

from __future__ import annotations

import json
from typing import Any

import httpx
import mf2py
import mf2util

from plnpress.check.microformats import top_level
from tests.theme.theme_support import BuiltSite, items_of_type, serve, value_of

SITE = "https://blog.example.org/"
PHOTO = "https://blog.example.org/img/ada.png"


def top_entry(parsed: dict[str, Any]) -> dict[str, Any]:
    entries = top_level(parsed["items"], "h-entry")
    assert len(entries) == 1, [item["type"] for item in parsed["items"]]
    return dict(entries[0])


def props(item: dict[str, Any]) -> dict[str, list[Any]]:
    properties: dict[str, list[Any]] = item["properties"]
    return properties


def test_post_page_h_entry_has_every_property(scratch_site: BuiltSite) -> None:
    entry = props(top_entry(scratch_site.mf2("2025/03/hello/index.html")))
    url = SITE + "2025/03/hello/"
    assert entry["name"] == ["Hello, world"]
    assert entry["summary"] == ["The first post, with a footnote and a picture."]
    assert entry["published"] == ["2025-03-01T00:00:00+0100"]
    assert entry["updated"] == ["2025-03-05T10:00:00+0100"]
    assert entry["url"] == [url]
    assert entry["uid"] == [url]
    assert entry["category"] == ["Python", "IndieWeb", "Notes"]
    assert entry["syndication"] == ["https://social.example.net/@ada/1"]
    assert [value_of(v) for v in entry["featured"]] == [SITE + "img/cover.png"]
    content = entry["content"][0]
    assert '<h2 id="background">Background</h2>' in content["html"]
    assert "The footnote text." in content["value"]
    (author,) = entry["author"]
    assert author["type"] == ["h-card"]
    assert props(author)["name"] == ["Ada Example"]
    assert props(author)["url"] == [SITE]
    assert [value_of(p) for p in props(author)["photo"]] == [PHOTO]


def test_reply_carries_in_reply_to_and_like_of(scratch_site: BuiltSite) -> None:
    entry = props(top_entry(scratch_site.mf2("2025/04/reply/index.html")))
    (reply,) = entry["in-reply-to"]
    assert reply["type"] == ["h-cite"]
    assert reply["value"] == "https://other.example.com/2025/04/their-post/"
    assert props(reply)["name"] == ["other.example.com/2025/04/their-post"]
    (like,) = entry["like-of"]
    assert like["value"] == "https://other.example.com/2025/04/liked/"
    assert mf2util.post_type_discovery(top_entry(scratch_site.mf2("2025/04/reply/index.html"))) == (
        "reply"
    )


def test_link_page_is_a_bookmark_of_an_h_cite(scratch_site: BuiltSite) -> None:
    item = top_entry(scratch_site.mf2("links/2025/webmention/index.html"))
    entry = props(item)
    (cite,) = entry["bookmark-of"]
    assert cite["type"] == ["h-cite"]
    assert props(cite)["name"] == ["Webmention - IndieWeb"]
    assert props(cite)["url"] == ["https://indieweb.org/Webmention"]
    assert entry["url"] == [SITE + "links/2025/webmention/"]
    assert "The clearest introduction" in entry["content"][0]["value"]
    assert entry["category"] == ["IndieWeb"]


def feed_entries(parsed: dict[str, Any]) -> list[dict[str, Any]]:
    (feed,) = top_level(parsed["items"], "h-feed")
    return [child for child in feed.get("children", []) if "h-entry" in child["type"]]


def test_every_list_is_an_h_feed_of_h_entries(scratch_site: BuiltSite) -> None:
    lists = {
        "index.html": 2,
        "page/3/index.html": 1,
        "links/index.html": 2,
        "tags/indieweb/index.html": 2,
        "categories/notes/index.html": 1,
        "archive/index.html": 5,
    }
    for rel, count in lists.items():
        parsed = scratch_site.mf2(rel)
        entries = feed_entries(parsed)
        assert len(entries) == count, rel
        for entry in entries:
            p = props(entry)
            assert p["name"] and p["url"] and p["published"], (rel, p)
            assert p["url"][0].startswith(SITE), rel
    home = props(feed_entries(scratch_site.mf2("index.html"))[1])
    assert home["summary"] == ["I agree with this."]
    assert home["category"] == ["indieweb"]
    (link,) = [
        e for e in feed_entries(scratch_site.mf2("links/index.html")) if "bookmark-of" in props(e)
    ][:1]
    assert props(props(link)["bookmark-of"][0])["url"] == ["https://indieweb.org/Webmention"]


def test_home_carries_the_representative_h_card(scratch_site: BuiltSite) -> None:
    parsed = scratch_site.mf2("index.html")
    card = mf2util.representative_hcard(parsed, SITE)
    assert card is not None
    assert props(card)["uid"] == [SITE]
    assert props(card)["url"][0] == SITE
    assert props(card)["name"] == ["Ada Example"]
    assert [value_of(p) for p in props(card)["photo"]] == [PHOTO]
    assert parsed["rels"]["me"] == [
        "https://social.example.net/@ada",
        "https://code.example.com/ada",
    ]


def test_authorship_from_a_post_page_finds_name_and_photo(scratch_site: BuiltSite) -> None:
    parsed = scratch_site.mf2("2025/03/hello/index.html")
    author = mf2util.find_author(parsed, source_url=SITE + "2025/03/hello/")
    assert author is not None
    assert author["name"] == "Ada Example"
    assert value_of(author["photo"]) == PHOTO
    assert author["url"] == SITE


def test_authorship_of_a_list_entry_follows_rel_author_to_the_home_page(
    scratch_site: BuiltSite,
) -> None:
    """An h-entry in a list has no author of its own: the algorithm fetches the home page."""
    with serve(scratch_site.output) as origin, httpx.Client() as client:
        fetched: list[str] = []

        def fetch_mf2(url: str) -> dict[str, Any]:
            fetched.append(url)
            local = origin + "/" + url.removeprefix(SITE)
            response = client.get(local)
            response.raise_for_status()
            parsed: dict[str, Any] = mf2py.parse(doc=response.text, url=url)
            return parsed

        tag_page = fetch_mf2(SITE + "tags/indieweb/")
        entry = feed_entries(tag_page)[0]
        author = mf2util.find_author(tag_page, hentry=entry, fetch_mf2_func=fetch_mf2)
    assert fetched == [SITE + "tags/indieweb/", SITE]
    assert author is not None
    assert author["name"] == "Ada Example"
    assert value_of(author["photo"]) == PHOTO


def test_subpath_site_has_absolute_urls_under_the_subpath(subpath_site: BuiltSite) -> None:
    parsed = subpath_site.mf2("2025/03/hello/index.html")
    entry = props(top_entry(parsed))
    assert entry["url"] == ["https://example.org/blog/2025/03/hello/"]
    author = props(entry["author"][0])
    assert [value_of(p) for p in author["photo"]] == ["https://example.org/blog/img/ada.png"]
    card = mf2util.representative_hcard(subpath_site.mf2("index.html"), "https://example.org/blog/")
    assert card is not None


def test_example_blog_entries_carry_their_properties(example: BuiltSite) -> None:
    """Every entry of the example blog (found through its JSON Feed) parses as a full h-entry."""
    feed = json.loads(example.text("feed.json"))
    assert feed["items"]
    kinds = set()
    for item in feed["items"]:
        rel = example.file_for_url(item["url"])
        parsed = example.mf2(rel)
        entry = top_entry(parsed)
        p = props(entry)
        for name in ("name", "content", "published", "url", "uid", "author"):
            assert p.get(name), (rel, name)
        assert p["uid"] == [item["url"]], rel
        author = mf2util.find_author(parsed, source_url=item["url"])
        assert author is not None and author["name"] == feed["authors"][0]["name"], rel
        if "external_url" in item:
            kinds.add("link")
            (cite,) = p["bookmark-of"]
            assert props(cite)["url"] == [item["external_url"]], rel
        else:
            kinds.add("post")
        assert p.get("category", []) == item.get("tags", []), rel
    assert kinds == {"post", "link"}
    home = example.mf2("index.html")
    assert feed_entries(home)
    assert mf2util.representative_hcard(home, example.base_url) is not None
    assert items_of_type(home, "h-card")
