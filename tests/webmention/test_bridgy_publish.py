"""POSSE through Bridgy Publish, against a local stand-in: ``syndicate_to:`` puts the link Bridgy
looks for on the page, ``webmention send`` asks once, and the copy's address comes back into the
entry's ``syndication:`` and onto the page as "Also on"."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import mf2py
import pytest

from plnpress.config import load_config
from plnpress.webmention.send.sent_log import Result
from tests.modes import SHARED, STRICT_UMASK, mode, share, umask
from tests.webmention.blogs import SendBlog, blog_config, summary
from tests.webmention.bridgy import BridgyStandIn, copy_of
from tests.webmention.rocks import ACCEPTED, layout
from tests.webmention.servers import LocalServer, html

MakeServer = Callable[..., LocalServer]
DAY = date(2025, 6, 1)
FILE = "content/posts/2025-06-01-posse.md"


@pytest.fixture
def bridgy(send_blog: SendBlog, make_server: MakeServer) -> BridgyStandIn:
    stand_in = BridgyStandIn(make_server("127.0.0.3"))
    config = blog_config(send_blog.server.url("/")) + f"bridgy:\n  url: {stand_in.url}\n"
    (send_blog.root / "plnpress.yaml").write_text(config)
    return stand_in


def entry_of(page: str, url: str) -> dict[str, list[object]]:
    parsed = mf2py.parse(doc=page, url=url)
    (entry,) = [item for item in parsed["items"] if "h-entry" in item["type"]]
    properties: dict[str, list[object]] = entry["properties"]
    return properties


def front_matter(root: Path) -> str:
    return (root / FILE).read_text().split("---\n")[1]


def test_the_page_carries_the_link_bridgy_looks_for(
    send_blog: SendBlog, bridgy: BridgyStandIn
) -> None:
    post = send_blog.post("posse", "Copied elsewhere.", day=DAY, syndicate_to=["mastodon"])
    send_blog.deploy()
    page = (send_blog.root / "site/2025/06/posse/index.html").read_text()

    link = f'<a class="bridgy-publish" href="{bridgy.url}publish/mastodon" hidden></a>'
    assert link in page
    assert "bluesky" not in page
    # Hidden, and not a property of the entry: the copy does not exist yet.
    assert "syndication" not in entry_of(page, post)


def test_send_asks_bridgy_once_and_the_copy_comes_back_as_also_on(
    send_blog: SendBlog, bridgy: BridgyStandIn, make_server: MakeServer
) -> None:
    bridgy.created_status["bluesky"] = 200  # Bridgy may answer 200 with the body only
    them = make_server("127.0.0.2")
    them.route("/wm", ACCEPTED)
    target = them.route("/page", html(layout(head='<link rel="webmention" href="/wm">')))
    post = send_blog.post(
        "posse", f"About [a page]({target}).", day=DAY, syndicate_to=["mastodon", "bluesky"]
    )
    send_blog.deploy()

    ran = send_blog.send("--wait-live")

    assert ran.code == 0, ran.output
    assert summary(ran)["sent"] == 3
    mastodon, bluesky = copy_of(post, "mastodon"), copy_of(post, "bluesky")
    for silo, copy in (("mastodon", mastodon), ("bluesky", bluesky)):
        (attempt,) = send_blog.attempts(post, f"{bridgy.url}publish/{silo}")
        assert (attempt.result, attempt.syndication) == (Result.SENT, copy)
        assert attempt.endpoint == f"{bridgy.url}publish/webmention"
        assert f"added {copy} to syndication: in {FILE}" in ran.out
    # Bridgy's targets are names, not pages: nothing but the endpoint was fetched there.
    assert [r.path for r in bridgy.server.requests] == ["/publish/webmention"] * 2
    front = front_matter(send_blog.root)
    # In the writer's order of syndicate_to, whichever answer came first.
    assert front.endswith(f"syndication:\n  - {mastodon}\n  - {bluesky}\n")

    send_blog.deploy()
    page = (send_blog.root / "site/2025/06/posse/index.html").read_text()
    assert sorted(map(str, entry_of(page, post)["syndication"])) == sorted([mastodon, bluesky])
    assert "Also on" in page and ">social.example</a>" in page

    # Sent once: neither another run nor an edit asks Bridgy again.
    assert send_blog.send().code == 0
    source = send_blog.root / FILE
    source.write_text(source.read_text().replace("About [a page]", "Now about [a page]"))
    send_blog.deploy()
    again = send_blog.send()
    assert again.code == 0, again.output
    assert len(bridgy.posts()) == 2
    assert len(them.requests_to("/wm", "POST")) == 2  # the ordinary target hears of the edit


def test_a_refused_publish_is_tried_again_on_an_edit_or_when_asked(
    send_blog: SendBlog, bridgy: BridgyStandIn
) -> None:
    bridgy.refuse = "Could not find Mastodon account for 127.0.0.1"
    post = send_blog.post("posse", "Copy me.", day=DAY, syndicate_to=["mastodon"])
    send_blog.deploy()

    first = send_blog.send()

    assert first.code == 1
    assert "Could not find Mastodon account" in first.out
    assert send_blog.send().code == 0  # a refusal is not retried on its own
    assert len(bridgy.posts()) == 1

    bridgy.refuse = None  # the writer connected the account on Bridgy
    asked = send_blog.send("--only", post, "--republish")
    assert asked.code == 0, asked.output
    assert len(bridgy.posts()) == 2
    assert copy_of(post, "mastodon") in front_matter(send_blog.root)

    again = send_blog.send("--only", post, "--republish")
    assert again.code == 1  # Bridgy cannot publish a page twice, and says so
    assert "already published" in again.out
    assert front_matter(send_blog.root).count(copy_of(post, "mastodon")) == 1


def test_deleting_the_entry_deletes_the_copy(send_blog: SendBlog, bridgy: BridgyStandIn) -> None:
    post = send_blog.post("posse", "Soon gone.", day=DAY, syndicate_to=["mastodon"])
    send_blog.deploy()
    assert send_blog.send().code == 0
    copy = copy_of(post, "mastodon")

    text = (send_blog.root / FILE).read_text()
    (send_blog.root / FILE).write_text(text.replace("---\n", "---\ndeleted: true\n", 1))
    send_blog.deploy()
    ran = send_blog.send("--wait-live")

    assert ran.code == 0, ran.output
    assert bridgy.deleted == [copy]
    assert [r.form["source"][0] for r in bridgy.posts()] == [post, post]
    assert send_blog.send().code == 0
    assert len(bridgy.posts()) == 2


def test_a_dry_run_shows_the_publish_and_sends_nothing(
    send_blog: SendBlog, bridgy: BridgyStandIn
) -> None:
    post = send_blog.post("posse", "Copy me.", day=DAY, syndicate_to=["bluesky"])
    send_blog.deploy()
    ran = send_blog.send("--dry-run")
    assert ran.code == 0
    assert f"would ask Bridgy to post a copy on Bluesky: {post}" in ran.out
    assert bridgy.server.requests == []


def test_an_unknown_silo_is_a_front_matter_error(send_blog: SendBlog) -> None:
    send_blog.post("posse", "Copy me.", day=DAY, syndicate_to=["myspace"])
    ran = send_blog.send()
    assert ran.code == 1
    assert (
        f"{FILE}:5: syndicate_to[0]: expected one of mastodon, bluesky, github, flickr,"
        " got the text 'myspace'"
    ) in ran.err


def test_the_real_bridgy_is_the_default_but_never_reached_here(send_blog: SendBlog) -> None:
    assert load_config(send_blog.root).site.bridgy.endpoint == "https://brid.gy/publish/webmention"


def test_adding_the_copy_to_the_post_keeps_its_mode(
    send_blog: SendBlog, bridgy: BridgyStandIn
) -> None:
    post = send_blog.post("posse", "Copied elsewhere.", day=DAY, syndicate_to=["mastodon"])
    send_blog.deploy()
    source = send_blog.root / FILE
    share(source)

    with umask(STRICT_UMASK):
        ran = send_blog.send()

    assert ran.code == 0, ran.output
    assert front_matter(send_blog.root).endswith(f"syndication:\n  - {copy_of(post, 'mastodon')}\n")
    assert mode(source) == SHARED  # still readable by the web server, git and everyone
