"""``plnpress read`` against feeds served on 127.0.0.x, and the ``/reading/`` page it feeds.

Every kind of feed is read; a second run asks only for changes and gets 304s; the slow, huge and
malformed feeds are reported while the rest are shown; nothing from a feed can run in the page
(checked with an HTML parser), which the Nu validator passes.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from pathlib import Path

import mf2py
import pytest
import yaml
from bs4 import BeautifulSoup

from plnpress.check.validator import validator_command, validator_findings
from tests.conftest import MakeSite, build_blog
from tests.network.feeds import ATOM, FeedSites
from tests.network.support import first, run_plnpress
from tests.webmention.blogs import Ran, blog_config
from tests.webmention.servers import LocalServer, RecordedRequest, Reply

SITE = "https://blog.example.org/"


@pytest.fixture
def feeds(make_server: Callable[..., LocalServer]) -> FeedSites:
    return FeedSites(make_server("127.0.0.1"), make_server("127.0.0.2"), make_server("127.0.0.3"))


@pytest.fixture
def blog(make_site: MakeSite, feeds: FeedSites) -> Path:
    people = feeds.serve(slow_seconds=5)
    blogroll = [
        {"name": name, "url": f"{feed.split('/')[2]}/people/{index}/", "feed": feed}
        for index, (name, feed) in enumerate(people.items())
    ]
    for person in blogroll:
        person["url"] = "http://" + person["url"]
    blogroll.append({"name": "No Feed Yet", "url": "https://nofeed.example/"})
    config = yaml.safe_load(blog_config(SITE))
    config["reading"] = {"publish": True, "timeout": 2, "per_person": 1}
    return make_site(
        {
            "plnpress.yaml": yaml.safe_dump(config),
            "content/blogroll.yaml": yaml.safe_dump(blogroll, sort_keys=False),
        }
    )


def read(blog: Path, capsys: pytest.CaptureFixture[str], mp: pytest.MonkeyPatch) -> Ran:
    return run_plnpress(blog, capsys, mp, "read")


def table_rows(out: str) -> list[list[str]]:
    rows = [line for line in out.splitlines() if line.startswith("│")]
    return [[cell.strip() for cell in row.split("│")[1:-1]] for row in rows]


def test_read_shows_the_newest_entries_and_reports_the_feeds_that_fail(
    blog: Path,
    feeds: FeedSites,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ran = read(blog, capsys, monkeypatch)

    assert ran.code == 0, ran.output
    rows = table_rows(ran.out)
    titles = [row[1] for row in rows]
    assert titles == [
        "Free prizes",  # Mallory, 5 June
        "(a note)",  # Priya's JSON Feed note, 4 June
        "Annotating in the open",  # Margins (Last-Modified), 3 June (on 127.0.0.3, so first)
        "Teaching with open tools",  # Ana's Atom, 3 June
        "Idris 42: feedback that lands",  # ETag feed, 2 June
        "Digest 42: feedback that lands",  # RSS, 2 June
        "How teachers learn from each other",  # h-feed, 30 May
    ]
    priya = rows[1]
    assert priya[0] == "Priya Nair" and priya[2] == "2025-06-04"
    assert priya[3] == feeds.second.url("/notes/2025-06-04")
    assert priya[4] == f"plnpress new reply {feeds.second.url('/notes/2025-06-04')}"
    assert "Slow Sam's feed: timed out" in ran.err or "Slow Sam's feed: fetching" in ran.err
    assert re.search(r"Huge Hugo's feed: is larger than the 1 MB", ran.err)
    assert "Broken Bo's feed:" in ran.err and "not a feed" in ran.err
    assert "Read 10 feeds: 7 read, 0 unchanged (304), 3 failed; 7 entries to read." in ran.out
    assert "1 without a feed" in ran.out
    assert not (blog / "content/reading").exists()  # state, not content
    assert (blog / ".plnpress-cache/reading/state.json").is_file()


def test_a_second_read_asks_only_for_changes_and_gets_304s(
    blog: Path,
    feeds: FeedSites,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert read(blog, capsys, monkeypatch).code == 0
    assert feeds.not_modified == []

    again = read(blog, capsys, monkeypatch)

    assert again.code == 0, again.output
    assert sorted(feeds.not_modified) == ["/etag.xml", "/lm.xml"]
    (second_etag,) = feeds.third.requests_to("/etag.xml")[1:]
    assert second_etag.header("If-None-Match") == '"v1"'
    (second_lm,) = feeds.third.requests_to("/lm.xml")[1:]
    assert second_lm.header("If-Modified-Since") == "Mon, 02 Jun 2025 09:00:00 GMT"
    assert "2 unchanged (304)" in again.out
    # What the unchanged feeds said last time is still shown.
    assert {"Idris 42: feedback that lands", "Annotating in the open"} <= {
        row[1] for row in table_rows(again.out)
    }


def test_the_reading_page_is_safe_valid_and_marked_up(
    blog: Path,
    feeds: FeedSites,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert read(blog, capsys, monkeypatch).code == 0

    output = build_blog(blog).output_dir

    page = (output / "reading/index.html").read_text()
    soup = BeautifulSoup(page, "html.parser")
    scripts = [tag.get("src") for tag in soup.find_all("script")]
    assert all(str(src).startswith("/") for src in scripts), scripts  # the theme's own, if any
    for tag in soup.find_all(True):
        assert not [name for name in tag.attrs if name.lower().startswith("on")], tag
        for name in ("href", "src", "action"):
            value = str(tag.get(name, ""))
            assert not value.strip().lower().startswith(("javascript:", "data:")), tag
    assert not soup.find_all(["iframe", "style", "svg", "object", "embed"])
    images = [str(img["src"]) for img in soup.find_all("img")]
    assert images and all(src.startswith("/") for src in images), images  # nothing hotlinked
    for src in images:
        assert (output / src.lstrip("/")).is_file()
    assert "alert(" not in soup.get_text() or "<script>" not in page
    assert "Free prizes" in soup.get_text()

    parsed = mf2py.parse(doc=page, url=SITE + "reading/")
    (feed,) = [item for item in parsed["items"] if "h-feed" in item["type"]]
    entries = feed["children"]
    assert len(entries) == 7
    ana = next(e for e in entries if first(e, "name") == "Teaching with open tools")
    assert first(ana, "url") == feeds.first.url("/2025/06/open-tools/")
    (card,) = ana["properties"]["author"]
    assert card["type"] == ["h-card"] and first(card, "name") == "Ana Ruiz"
    photo = first(card, "photo")
    assert photo.startswith(SITE + "avatars/") and photo.endswith(".jpg")  # Ana's feed icon
    assert (output / photo.removeprefix(SITE)).read_bytes()[:3] == b"\xff\xd8\xff"
    assert not feeds.first.requests_to("/ana.png")[1:]  # downloaded once, by read, never again
    published = [first(e, "published") for e in entries]
    assert published == sorted(published, reverse=True)
    assert "plnpress new reply " + feeds.first.url("/2025/06/open-tools/") in page
    home = (output / "index.html").read_text()
    assert 'href="/reading/">Reading</a>' in home

    findings = validator_findings(validator_command(), output)
    assert findings.get("reading/index.html", []) == []


def test_without_publish_the_page_is_not_built(
    blog: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config = blog / "plnpress.yaml"
    config.write_text(config.read_text().replace("publish: true", "publish: false"))
    assert read(blog, capsys, monkeypatch).code == 0
    output = build_blog(blog).output_dir
    assert not (output / "reading").exists()
    assert "Reading" not in (output / "index.html").read_text()


def test_feeds_are_read_at_once_but_two_at_most_from_one_host(
    make_site: MakeSite,
    make_server: Callable[..., LocalServer],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    server = make_server("127.0.0.5")
    lock = threading.Lock()
    in_flight, most = [0], [0]

    def slowly(request: RecordedRequest) -> Reply:
        with lock:
            in_flight[0] += 1
            most[0] = max(most[0], in_flight[0])
        time.sleep(0.3)
        with lock:
            in_flight[0] -= 1
        return Reply(200, [("Content-Type", "application/atom+xml")], ATOM.encode())

    people = [
        {"name": f"P{n}", "url": server.url(f"/p{n}/"), "feed": server.route(f"/f{n}.xml", slowly)}
        for n in range(5)
    ]
    blog = make_site(
        {
            "plnpress.yaml": blog_config(SITE),
            "content/blogroll.yaml": yaml.safe_dump(people),
        }
    )

    ran = read(blog, capsys, monkeypatch)

    assert ran.code == 0, ran.output
    assert len([r for r in server.requests if r.path.startswith("/f")]) == 5
    assert most[0] == 2  # at once, and no more than the per-host limit


def test_read_fails_only_when_no_feed_could_be_read(
    make_site: MakeSite,
    local_server: LocalServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    people = [{"name": "Gone", "url": local_server.url("/"), "feed": local_server.url("/f.xml")}]
    blog = make_site(
        {"plnpress.yaml": blog_config(SITE), "content/blogroll.yaml": yaml.safe_dump(people)}
    )

    ran = read(blog, capsys, monkeypatch)

    assert ran.code == 1
    assert "could not read Gone's feed:" in ran.err and "answered 404" in ran.err
    assert "Traceback" not in ran.output
