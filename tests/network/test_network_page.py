"""``/network/`` and ``/network.json`` on a scratch blog: who responded (counted over every entry,
approved and unblocked responses only) and which sites the entries link to."""

from __future__ import annotations

import json
from pathlib import Path

import mf2py
from bs4 import BeautifulSoup

from tests.conftest import BASIC_CONFIG, MakeSite, build_blog
from tests.network.support import h_cards
from tests.soup import attr, one

BLOG = "https://blog.example.org"

ENTRIES = {
    "content/posts/2025-03-01-first.md": """\
        ---
        title: First
        ---
        I read [a page](https://www.a.example/one) and [another](https://a.example/two), and
        [b](https://b.example/x). Also [my own post](https://blog.example.org/2025/04/second/).
        """,
    "content/posts/2025-04-01-second.md": """\
        ---
        title: Second
        in_reply_to: https://c.example/post
        ---
        Replying, and [a page](/2025/03/first/) of mine.
        """,
    "content/links/2025-05-01-a-page.md": """\
        ---
        title: A page worth reading
        bookmark_of: https://a.example/three
        ---
        Good.
        """,
}


def mentions(target: str, *records: str) -> str:
    return f"target: {target}\nresponses:\n" + "".join(records)


def record(source: str, kind: str, name: str, url: str | None, received: str, **extra: str) -> str:
    lines = [
        f"  - source: {source}",
        f"    kind: {kind}",
        f"    status: {extra.pop('status', 'approved')}",
        f"    received: '{received}'",
        "    author:",
        f"      name: '{name}'",
    ]
    if url:
        lines.append(f"      url: {url}")
    lines += [f"    {key}: '{value}'" for key, value in extra.items()]
    return "\n".join(lines) + "\n"


RESPONSES = {
    "content/mentions/first.yaml": mentions(
        f"{BLOG}/2025/03/first/",
        record(
            "https://jo.example/r/1",
            "reply",
            "Jo",
            "https://jo.example/",
            "2025-03-02T10:00:00+00:00",
            content="<p>Yes!</p>",
        ),
        record(
            "https://social.example/@jo/9",
            "like",
            "Jo",
            "https://www.jo.example",
            "2025-03-03T10:00:00+00:00",
        ),
        record(
            "https://sam.example/likes/1",
            "like",
            "Sam <img src=x onerror=alert(1)>",
            None,
            "2025-03-04T10:00:00+00:00",
        ),
        record(
            "https://new.example/1",
            "mention",
            "Newcomer",
            "https://new.example/",
            "2025-03-05T10:00:00+00:00",
            status="pending",
        ),
        record(
            "https://spam.example/1",
            "reply",
            "Spammer",
            "https://spam.example/",
            "2025-03-06T10:00:00+00:00",
            content="<p>buy</p>",
        ),
    ),
    "content/mentions/second.yaml": mentions(
        f"{BLOG}/2025/04/second/",
        record(
            "https://jo.example/r/2",
            "repost",
            "Jo Example",
            "http://jo.example/",
            "2025-04-05T10:00:00+00:00",
            published="2025-04-05T09:00:00+00:00",
        ),
        record(
            "https://kim.example/r",
            "reply",
            "Kim",
            "https://kim.example/",
            "2025-04-06T10:00:00+00:00",
            content="<p>Hi</p>",
        ),
    ),
}


def build(make_site: MakeSite, base_url: str = f"{BLOG}/") -> Path:
    config = BASIC_CONFIG.replace(f"{BLOG}/", base_url) + (
        "webmention:\n  moderation: open\n  block: [spam.example]\n"
    )
    responses = {path: text.replace(f"{BLOG}/", base_url) for path, text in RESPONSES.items()}
    root = make_site({"plnpress.yaml": config, **ENTRIES, **responses})
    return build_blog(root).output_dir


def test_people_are_counted_over_every_entry(make_site: MakeSite) -> None:
    output = build(make_site)
    html = (output / "network/index.html").read_text()
    page = BeautifulSoup(html, "html.parser")

    people = [
        (
            one(li, ".p-name").get_text(),
            one(li, ".response-count").get_text(),
        )
        for li in page.select("li.person")
    ]
    # Jo answered three times from three addresses of one site (www., http:, no slash), Kim and
    # Sam once; the pending response and the blocked site are not shown anywhere, so not here.
    assert people == [
        ("Jo Example", "3 responses"),
        ("Kim", "1 response"),
        ("Sam <img src=x onerror=alert(1)>", "1 response"),
    ]
    assert "<img src=x" not in html
    jo = page.select("li.person")[0]
    assert "(1 reply, 1 like, 1 repost)" in jo.get_text(" ", strip=True)
    latest = one(jo, ".latest")
    assert [a["href"] for a in latest.select("a")] == ["https://jo.example/r/2", "/2025/04/second/"]
    assert attr(one(latest, "time"), "datetime") == "2025-04-05T09:00:00+00:00"
    assert "3 people responded" in html
    assert "2 replies, 2 likes, 1 repost." in html


def test_mf2_finds_an_h_card_per_person(make_site: MakeSite) -> None:
    output = build(make_site)
    parsed = mf2py.parse(doc=(output / "network/index.html").read_text(), url=f"{BLOG}/network/")

    cards = h_cards(parsed)

    assert [(c["name"], c["url"]) for c in cards] == [
        ("Jo Example", "http://jo.example/"),
        ("Kim", "https://kim.example/"),
        ("Sam <img src=x onerror=alert(1)>", None),
    ]
    for card in cards:
        assert card["photo"].startswith(f"{BLOG}/avatars/placeholder-")
        picture = card["photo"].removeprefix(f"{BLOG}/")
        assert (output / picture).is_file()


def test_sites_are_counted_once_per_entry_and_the_blog_itself_is_left_out(
    make_site: MakeSite,
) -> None:
    output = build(make_site)
    page = BeautifulSoup((output / "network/index.html").read_text(), "html.parser")

    rows = [
        [
            cell.get_text("" if cell.name == "th" else " ", strip=True)
            for cell in row.select("th, td")
        ]
        for row in page.select("table.sites tbody tr")
    ]

    assert rows == [
        ["a.example", "2", "1", "A page worth reading , 1 May 2025"],
        ["c.example", "1", "0", "Second , 1 April 2025"],
        ["b.example", "1", "0", "First , 1 March 2025"],
    ]
    first_row = one(page, "table.sites tbody tr")
    assert attr(one(first_row, "th a"), "href") == "https://a.example/three"


def test_network_json_holds_the_same_directory(make_site: MakeSite) -> None:
    output = build(make_site)
    data = json.loads((output / "network.json").read_text())

    assert data["version"] == 1
    assert data["page_url"] == f"{BLOG}/network/"
    assert data["responses"] == {"reply": 2, "like": 2, "repost": 1}
    jo = data["people"][0]
    assert jo["name"] == "Jo Example"
    assert jo["responses"] == 3
    assert jo["kinds"] == {"reply": 1, "like": 1, "repost": 1}
    assert jo["latest"] == {
        "url": "https://jo.example/r/2",
        "kind": "repost",
        "date": "2025-04-05T09:00:00+00:00",
        "entry": f"{BLOG}/2025/04/second/",
    }
    assert jo["photo"].startswith(f"{BLOG}/avatars/")
    assert [(s["domain"], s["entries"], s["bookmarks"]) for s in data["sites"]] == [
        ("a.example", 2, 1),
        ("c.example", 1, 0),
        ("b.example", 1, 0),
    ]
    assert data["sites"][0]["latest"]["entry"] == f"{BLOG}/links/2025/a-page/"
    assert "blogroll" not in data


def test_under_a_sub_path(make_site: MakeSite) -> None:
    output = build(make_site, "https://example.org/blog/")
    html = (output / "network/index.html").read_text()
    page = BeautifulSoup(html, "html.parser")

    assert attr(one(page, 'nav a[aria-current="page"]'), "href") == "/blog/network/"
    for img in page.select("li.person img"):
        assert attr(img, "src").startswith("/blog/avatars/")
    assert attr(one(page, 'a[href$="network.json"]'), "href") == "/blog/network.json"
    hrefs = [attr(a, "href") for a in page.select("main a")]
    internal = [href for href in hrefs if not href.startswith("http")]
    assert internal and all(href.startswith("/blog/") for href in internal)
    data = json.loads((output / "network.json").read_text())
    assert data["people"][0]["photo"].startswith("https://example.org/blog/avatars/")


def test_a_blog_that_links_nowhere_and_heard_nothing_has_no_network_page(
    make_site: MakeSite,
) -> None:
    root = make_site({"content/posts/2025-01-01-quiet.md": "---\ntitle: Quiet\n---\nHello.\n"})
    output = build_blog(root).output_dir
    assert not (output / "network").exists()
    assert not (output / "network.json").exists()
    assert "/network/" not in (output / "index.html").read_text()


def test_rebuilds_follow_the_blogroll_and_new_responses(make_site: MakeSite) -> None:
    blogroll = "- name: Ana\n  url: https://ana.example/\n  note: First note.\n"
    root = make_site({**ENTRIES, "content/blogroll.yaml": blogroll})
    output = build_blog(root).output_dir
    assert "First note." in (output / "blogroll/index.html").read_text()
    assert "Kim" not in (output / "network/index.html").read_text()

    (root / "content/blogroll.yaml").write_text(blogroll.replace("First", "Second"))
    (root / "content/mentions").mkdir(parents=True)
    (root / "content/mentions/second.yaml").write_text(
        mentions(
            f"{BLOG}/2025/04/second/",
            record(
                "https://kim.example/r",
                "reply",
                "Kim",
                "https://kim.example/",
                "2025-04-06T10:00:00+00:00",
                content="<p>Hi</p>",
            ),
        )
    )
    result = build_blog(root)

    assert "Second note." in (output / "blogroll/index.html").read_text()
    assert "Kim" in (output / "network/index.html").read_text()
    assert "Kim" in (output / "network.json").read_text()
    assert {"blogroll/index.html", "network/index.html", "network.json"} <= set(
        result.report.changed_paths
    )
