"""WebSub: the feeds and the home page name the hub, and ``plnpress ping`` (or ``webmention
send``) tells a hub on 127.0.0.x which of them changed, and only those."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

import feedparser
import pytest

from plnpress.config import load_config
from plnpress.webmention.live import Polling
from plnpress.webmention.notification import RetryPolicy
from plnpress.webmention.websub.run import PingOptions, ping
from plnpress.webmention.websub.state import STATE_FILE
from tests.modes import SHARED, STRICT_UMASK, mode, share, umask
from tests.webmention.blogs import SendBlog, blog_config
from tests.webmention.servers import LocalServer, RecordedRequest, Reply, chain, text

MakeServer = Callable[..., LocalServer]
NO_CONTENT = Reply(204)


def with_hub(blog: SendBlog, hub: str) -> None:
    config = blog_config(blog.server.url("/")) + f"websub:\n  hub: {hub}\n"
    (blog.root / "plnpress.yaml").write_text(config)


@pytest.fixture
def hub(make_server: MakeServer) -> LocalServer:
    server = make_server("127.0.0.3")
    server.route("/hub", NO_CONTENT)
    return server


def pinged(hub: LocalServer) -> list[str]:
    """The topics the hub was told about, in order; each ping must be a proper publish."""
    topics = []
    for request in hub.requests_to("/hub", "POST"):
        assert request.header("Content-Type") == "application/x-www-form-urlencoded"
        form = request.form
        assert form["hub.mode"] == ["publish"]
        (topic,) = form["hub.url"]
        topics.append(topic)
    return sorted(topics)


def blog_with_posts(send_blog: SendBlog, hub: LocalServer) -> SendBlog:
    with_hub(send_blog, hub.url("/hub"))
    send_blog.post("first", "Hello.", day=date(2025, 5, 1), tags=["python"])
    send_blog.post("second", "Again.", day=date(2025, 6, 1), tags=["notes"])
    send_blog.deploy()
    return send_blog


def test_the_feeds_and_the_home_page_name_the_hub_and_themselves(
    send_blog: SendBlog, hub: LocalServer
) -> None:
    blog = blog_with_posts(send_blog, hub)
    site, hub_url, home = blog.root / "site", hub.url("/hub"), blog.server.url("/")

    atom = feedparser.parse((site / "feed.xml").read_bytes())
    assert {"rel": "hub", "href": hub_url} in [
        {"rel": link["rel"], "href": link["href"]} for link in atom.feed.links
    ]
    assert (site / "rss.xml").read_text().count(f'<atom:link rel="hub" href="{hub_url}" />') == 1
    assert json.loads((site / "feed.json").read_text())["hubs"] == [
        {"type": "WebSub", "url": hub_url}
    ]
    assert f'rel="hub" href="{hub_url}"' in (site / "tags/python/feed.xml").read_text()
    page = (site / "index.html").read_text()
    assert f'<link rel="hub" href="{hub_url}">' in page
    assert f'<link rel="self" href="{home}">' in page
    assert 'rel="hub"' not in (site / "2025/05/first/index.html").read_text()
    headers = (site / "_headers").read_text()
    assert f'/feed.xml\n  Link: <{hub_url}>; rel="hub"\n  Link: <{home}feed.xml>; rel="self"' in (
        headers
    )
    assert f'/\n  Link: <{hub_url}>; rel="hub"\n  Link: <{home}>; rel="self"' in headers


def test_ping_tells_the_hub_about_every_topic_once_then_only_what_changed(
    send_blog: SendBlog, hub: LocalServer
) -> None:
    blog = blog_with_posts(send_blog, hub)
    home = blog.server.url("/")
    every = sorted(
        [home]
        + [f"{home}{p}" for p in ("feed.xml", "rss.xml", "feed.json")]
        + [f"{home}tags/{t}/feed.xml" for t in ("notes", "python")]
    )

    first = blog.plnpress("ping")

    assert first.code == 0, first.output
    assert pinged(hub) == every
    assert "WebSub: told 6 of 6 changed topics" in first.out
    assert (blog.root / STATE_FILE).is_file()

    second = blog.plnpress("ping")
    assert second.code == 0
    assert len(hub.requests) == 6
    assert "no feed changed" in second.out

    blog.post("first", "Hello, edited.", day=date(2025, 5, 1), tags=["python"])
    blog.deploy()
    third = blog.plnpress("ping")

    assert third.code == 0, third.output
    new = sorted(r.form["hub.url"][0] for r in hub.requests_to("/hub")[6:])
    # The notes tag's feed does not show the edited post, so it is not pinged again.
    changed = [home, *(f"{home}{p}" for p in ("feed.xml", "rss.xml", "feed.json"))]
    assert new == sorted([*changed, f"{home}tags/python/feed.xml"])


def test_webmention_send_pings_too_unless_told_not_to(
    send_blog: SendBlog, hub: LocalServer
) -> None:
    blog = blog_with_posts(send_blog, hub)

    skipped = blog.send("--no-ping")
    assert skipped.code == 0, skipped.output
    assert hub.requests == []

    ran = blog.send()
    assert ran.code == 0, ran.output
    assert len(pinged(hub)) == 6
    assert "WebSub: told 6 of 6 changed topics" in ran.out
    assert blog.send().code == 0
    assert len(hub.requests) == 6


def test_a_failing_hub_is_retried_within_the_run_and_on_the_next_one(
    send_blog: SendBlog, hub: LocalServer
) -> None:
    blog = blog_with_posts(send_blog, hub)
    busy = Reply(429, [("Retry-After", "0")], b"slow down")
    answers: dict[str, Callable[[RecordedRequest], Reply]] = {}

    def by_topic(request: RecordedRequest) -> Reply:
        topic = request.form["hub.url"][0]
        if topic.endswith("/feed.json"):
            return text("broken", status=503)
        handler = answers.setdefault(topic, chain([busy, NO_CONTENT]))
        return handler(request)

    hub.route("/hub", by_topic)
    sleeps: list[float] = []

    async def no_wait(seconds: float) -> None:
        sleeps.append(seconds)

    options = PingOptions(retry=RetryPolicy(max_attempts=2, base_delay=0.5), sleep=no_wait)
    report = ping(load_config(blog.root), options)

    assert report.failed == 1
    assert sleeps  # the 429s were waited for, then sent again
    assert len(hub.requests) == 12  # two attempts for each of the six topics
    (failed,) = [done for done in report.pinged if not done.ok]
    assert failed.ping.topic.endswith("/feed.json")
    assert failed.result is not None and failed.result.status == 503

    hub.route("/hub", NO_CONTENT)
    ran = blog.plnpress("ping")
    assert ran.code == 0, ran.output
    assert [r.form["hub.url"][0] for r in hub.requests[12:]] == [blog.server.url("/feed.json")]


def test_the_command_exits_1_when_the_hub_refuses(send_blog: SendBlog, hub: LocalServer) -> None:
    blog = blog_with_posts(send_blog, hub)
    hub.route("/hub", text("unknown topic", status=400))
    ran = blog.plnpress("ping")
    assert ran.code == 1
    assert "not pinged" in ran.err and "unknown topic" in ran.err
    assert not (blog.root / STATE_FILE).exists()


def test_wait_live_pings_only_once_the_feeds_are_deployed(
    send_blog: SendBlog, hub: LocalServer
) -> None:
    blog = blog_with_posts(send_blog, hub)
    assert blog.plnpress("ping").code == 0
    blog.post("second", "Edited, not deployed yet.", day=date(2025, 6, 1), tags=["notes"])
    options = PingOptions(wait_live=True, polling=Polling(timeout=0.3, first_delay=0.1))

    early = ping(load_config(blog.root), options)

    assert len(hub.requests) == 6
    assert {done.ping.topic for done in early.pinged if done.not_live} >= {
        blog.server.url("/feed.xml"),
        blog.server.url("/tags/notes/feed.xml"),
    }
    reasons = {d.not_live for d in early.pinged}
    older = "still serves an older version"
    assert reasons == {
        *(
            f"not live after 0.3s: {blog.server.url(path)} {older}"
            for path in ("/feed.xml", "/rss.xml", "/feed.json", "/tags/notes/feed.xml")
        ),
        "not pinged: the changed feeds are not live yet",
    }

    blog.deploy()
    late = ping(load_config(blog.root), options)
    assert late.failed == 0
    assert len(pinged(hub)) == 6 + len(late.planned)


def test_a_broken_state_file_stops_with_its_line(send_blog: SendBlog, hub: LocalServer) -> None:
    blog = blog_with_posts(send_blog, hub)
    state = blog.root / STATE_FILE
    state.parent.mkdir(parents=True, exist_ok=True)
    state.write_text(
        "hub: https://hub.example/\ntopics:\n  - url: https://x.example/\n"
        "    fingerprint: zz\n    pinged: 2025-01-01\n"
    )
    ran = blog.plnpress("ping")
    assert ran.code == 1
    assert f"{STATE_FILE}:4: topics[0].fingerprint: expected a hash" in ran.err
    assert hub.requests == []


def test_without_a_hub_ping_says_how_to_set_one(send_blog: SendBlog) -> None:
    ran = send_blog.plnpress("ping")
    assert ran.code == 1
    assert "there is no websub.hub in plnpress.yaml" in ran.err


def test_a_blog_without_a_hub_names_none(send_blog: SendBlog) -> None:
    send_blog.post("first", "Hello.")
    send_blog.deploy()
    site = send_blog.root / "site"
    assert 'rel="hub"' not in (site / "feed.xml").read_text()
    assert "hubs" not in json.loads((site / "feed.json").read_text())
    assert 'rel="self"' not in (site / "index.html").read_text()
    assert not (site / "_headers").exists()  # no endpoint, no hub: no header rules at all


def test_the_state_file_keeps_its_mode(send_blog: SendBlog, hub: LocalServer) -> None:
    blog = blog_with_posts(send_blog, hub)
    assert blog.plnpress("ping").code == 0
    state = blog.root / STATE_FILE
    share(state)
    blog.post("first", "Hello, edited.", day=date(2025, 5, 1), tags=["python"])
    blog.deploy()
    before = state.read_text()

    with umask(STRICT_UMASK):
        ran = blog.plnpress("ping")

    assert ran.code == 0, ran.output
    assert state.read_text() != before
    assert mode(state) == SHARED
