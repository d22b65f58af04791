"""The example blog's ``/network/``: the people in ``content/mentions/`` and the sites its entries
link to, counted here again from the raw files and the built pages, not through plnpress."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import listparser
import mf2py
import yaml
from bs4 import BeautifulSoup

from tests.conftest import REPO
from tests.network.support import h_cards
from tests.soup import attr, one

SITE = "https://fieldnotes.example.org/"


def host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower().removeprefix("www.")


def person(author: dict[str, str], source: str) -> str:
    url = author.get("url")
    if url:
        parts = urlsplit(url)
        return host(url) + parts.path.rstrip("/")
    return f"{author['name'].casefold()} at {host(source)}"


def expected_people() -> dict[str, tuple[str, int]]:
    """By person: the name on their newest response, and how many approved responses."""
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for path in sorted((REPO / "content/mentions").glob("*.yaml")):
        if path.name.startswith("_"):
            continue
        for response in yaml.safe_load(path.read_text())["responses"]:
            if response["status"] != "approved":
                continue
            when = str(response.get("published") or response["received"])
            found[person(response["author"], response["source"])].append(
                (when, response["author"]["name"])
            )
    return {key: (max(pairs)[1], len(pairs)) for key, pairs in found.items()}


def entry_pages(site: Path) -> list[Path]:
    archive = BeautifulSoup((site / "archive/index.html").read_text(), "html.parser")
    links = archive.select(".archive-list a.u-url")
    return [site / attr(a, "href").lstrip("/") / "index.html" for a in links]


def expected_sites(site: Path) -> tuple[Counter[str], Counter[str]]:
    """Entries linking to each domain (from their e-content and reply/bookmark/like/repost
    properties), and how many of those bookmark a page there."""
    entries, bookmarks = Counter[str](), Counter[str]()
    for page in entry_pages(site):
        url = SITE + page.parent.relative_to(site).as_posix() + "/"
        (entry,) = [
            i for i in mf2py.parse(doc=page.read_text(), url=url)["items"] if "h-entry" in i["type"]
        ]
        props = entry["properties"]
        content = BeautifulSoup(props["content"][0]["html"], "html.parser")
        links = [attr(a, "href") for a in content.select("a[href]")]
        for name in ("in-reply-to", "like-of", "repost-of", "bookmark-of"):
            links += [
                v if isinstance(v, str) else v["properties"]["url"][0] for v in props.get(name, [])
            ]
        domains = {host(link) for link in links if link.startswith("http")} - {host(SITE)}
        entries.update(domains)
        for bookmarked in props.get("bookmark-of", []):
            target = (
                bookmarked if isinstance(bookmarked, str) else bookmarked["properties"]["url"][0]
            )
            bookmarks[host(target)] += 1
    return entries, bookmarks


def test_the_people_and_their_counts(example_site: Path) -> None:
    page = BeautifulSoup((example_site / "network/index.html").read_text(), "html.parser")

    shown = {
        one(li, ".p-name").get_text(): int(one(li, ".response-count").get_text().split()[0])
        for li in page.select("li.person")
    }

    expected = expected_people()
    assert shown == dict(expected.values())
    assert len(shown) >= 8 and max(shown.values()) >= 4  # enough to show what the page is for
    waiting = [
        response["author"]["name"]
        for path in (REPO / "content/mentions").glob("[!_]*.yaml")
        for response in yaml.safe_load(path.read_text())["responses"]
        if response["status"] != "approved"
    ]
    assert waiting and not set(waiting) & set(shown)  # a pending response makes no one a member


def test_mf2_finds_an_h_card_per_person(example_site: Path) -> None:
    html = (example_site / "network/index.html").read_text()
    cards = h_cards(mf2py.parse(doc=html, url=SITE + "network/"))
    expected = expected_people()
    assert sorted(card["name"] for card in cards) == sorted(name for name, _ in expected.values())
    assert all(card["photo"].startswith(SITE + "avatars/") for card in cards)
    for card in cards:
        assert (example_site / card["photo"].removeprefix(SITE)).is_file()


def test_the_sites_and_their_counts(example_site: Path) -> None:
    page = BeautifulSoup((example_site / "network/index.html").read_text(), "html.parser")
    shown = {
        one(row, "th").get_text(): (
            int(row.select("td")[0].get_text()),
            int(row.select("td")[1].get_text()),
        )
        for row in page.select("table.sites tbody tr")
    }
    entries, bookmarks = expected_sites(example_site)
    assert shown == {domain: (count, bookmarks[domain]) for domain, count in entries.items()}
    counts = [count for count, _ in shown.values()]
    assert counts == sorted(counts, reverse=True)


def test_network_json_agrees_with_the_page(example_site: Path) -> None:
    data = json.loads((example_site / "network.json").read_text())
    expected = expected_people()
    assert {p["name"]: p["responses"] for p in data["people"]} == dict(expected.values())
    entries, bookmarks = expected_sites(example_site)
    assert {s["domain"]: (s["entries"], s["bookmarks"]) for s in data["sites"]} == {
        domain: (count, bookmarks[domain]) for domain, count in entries.items()
    }
    assert len(data["blogroll"]["people"]) == len(
        yaml.safe_load((REPO / "content/blogroll.yaml").read_text())
    )


def test_the_example_blogroll_opml_has_everyone(example_site: Path) -> None:
    people = yaml.safe_load((REPO / "content/blogroll.yaml").read_text())
    parsed = listparser.parse((example_site / "blogroll.opml").read_bytes())
    assert not parsed.bozo and parsed.version == "opml2"
    listed = {item.title: item.url for item in [*parsed.feeds, *parsed.lists]}
    assert listed == {p["name"]: p.get("feed") or p["url"] for p in people}
    cards = h_cards(mf2py.parse(doc=(example_site / "blogroll/index.html").read_text(), url=SITE))
    assert [card["url"] for card in cards] == [p["url"] for p in people]


def test_a_copy_on_mastodon_is_shown_and_bridgy_is_asked_on_the_page(example_site: Path) -> None:
    page = (example_site / "2025/08/publish-here-share-everywhere/index.html").read_text()
    assert (
        '<a class="u-syndication" rel="syndication" href="https://social.example.net/@maren/114998877665">'
        in page
    )
    assert '<a class="bridgy-publish" href="https://brid.gy/publish/mastodon" hidden></a>' in page
