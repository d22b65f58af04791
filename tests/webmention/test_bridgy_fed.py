"""Being followed from the fediverse through Bridgy Fed, against a local stand-in.

``fediverse.bridgy_fed: true``: the build writes Bridgy Fed's ``_redirects`` rules, every entry
carries the hidden link Bridgy Fed asks for, and ``webmention send`` announces each new, changed
or deleted entry once (and nothing when nothing changed), recording it in the sent log.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import mf2py
import mf2util
import pytest
import yaml

from plnpress.render.hosting import read_redirects
from plnpress.webmention.send.sent_log import Result
from tests.network.support import run_plnpress
from tests.webmention.blogs import SendBlog, blog_config
from tests.webmention.bridgy_fed import BridgyFedStandIn
from tests.webmention.servers import LocalServer

MakeServer = Callable[..., LocalServer]
DAY = date(2025, 6, 1)


@pytest.fixture
def fed(send_blog: SendBlog, make_server: MakeServer) -> BridgyFedStandIn:
    stand_in = BridgyFedStandIn(make_server("127.0.0.4"))
    config = yaml.safe_load(blog_config(send_blog.server.url("/")))
    config["author"]["photo"] = "/me.png"
    config["fediverse"] = {"bridgy_fed": True, "bridgy_fed_url": stand_in.url}
    (send_blog.root / "plnpress.yaml").write_text(yaml.safe_dump(config))
    return stand_in


def test_the_build_writes_the_rules_the_link_and_the_h_card_bridgy_fed_needs(
    send_blog: SendBlog, fed: BridgyFedStandIn
) -> None:
    post = send_blog.post("hello", "Hello, fediverse.", day=DAY)
    send_blog.deploy()
    site = send_blog.root / "site"

    rules = {(r.source, r.target, r.status) for r in read_redirects(site / "_redirects")}
    assert ("/.well-known/host-meta*", f"{fed.url}.well-known/host-meta:splat", 302) in rules
    assert ("/.well-known/webfinger*", f"{fed.url}.well-known/webfinger", 302) in rules
    page = (site / "2025/06/hello/index.html").read_text()
    assert f'<a class="u-bridgy-fed" href="{fed.url}" hidden></a>' in page
    assert f'type="application/activity+json" href="{fed.url}r/{post}"' in page
    (entry,) = [i for i in mf2py.parse(doc=page, url=post)["items"] if "h-entry" in i["type"]]
    assert "Hello, fediverse." in entry["properties"]["content"][0]["value"]
    assert fed.url not in entry["properties"]["content"][0]["html"]  # outside e-content
    home_url = send_blog.server.url("/")
    home = mf2py.parse(doc=(site / "index.html").read_text(), url=home_url)
    card = mf2util.representative_hcard(home, home_url)
    assert card is not None
    assert card["properties"]["name"] == ["Ada Example"]
    assert card["properties"]["url"][0] == home_url
    photo = card["properties"]["photo"][0]
    assert (photo["value"] if isinstance(photo, dict) else photo) == home_url + "me.png"


def test_send_announces_new_changed_and_deleted_entries_once_each(
    send_blog: SendBlog, fed: BridgyFedStandIn
) -> None:
    post = send_blog.post("hello", "Hello, fediverse.", day=DAY)
    send_blog.deploy()

    first = send_blog.send("--wait-live")
    assert first.code == 0, first.output
    assert fed.activities == [("create", post)]
    (attempt,) = send_blog.attempts(post, fed.url)
    assert (attempt.result, attempt.endpoint) == (Result.SENT, fed.server.url("/webmention"))

    assert send_blog.send().code == 0
    assert fed.activities == [("create", post)]  # unchanged: nothing sent

    send_blog.post("hello", "Hello again, fediverse: an edit.", day=DAY)
    send_blog.deploy()
    assert send_blog.send("--wait-live").code == 0
    assert fed.activities == [("create", post), ("update", post)]
    assert send_blog.send().code == 0
    assert len(fed.activities) == 2

    send_blog.post("hello", "Gone.", day=DAY, deleted=True)
    send_blog.deploy()
    assert send_blog.send("--wait-live").code == 0
    assert fed.activities == [("create", post), ("update", post), ("delete", post)]
    assert send_blog.send().code == 0
    assert len(fed.activities) == 3
    assert [a.result for a in send_blog.attempts(post, fed.url)] == [Result.SENT] * 3


def test_entries_before_since_are_not_announced(send_blog: SendBlog, fed: BridgyFedStandIn) -> None:
    config = yaml.safe_load((send_blog.root / "plnpress.yaml").read_text())
    config["fediverse"]["since"] = "2025-06-01"
    (send_blog.root / "plnpress.yaml").write_text(yaml.safe_dump(config))
    old = send_blog.post("old", "From before.", day=date(2025, 5, 1))
    new = send_blog.post("new", "From after.", day=DAY)
    send_blog.deploy()

    assert send_blog.send().code == 0

    assert fed.activities == [("create", new)]
    page = (send_blog.root / "site/2025/05/old/index.html").read_text()
    assert "u-bridgy-fed" not in page and not send_blog.attempts(old, fed.url)


def test_without_bridgy_fed_nothing_of_it_is_written(send_blog: SendBlog) -> None:
    send_blog.post("hello", "Hello.", day=DAY)
    send_blog.deploy()
    site = send_blog.root / "site"
    assert not [r for r in read_redirects(site / "_redirects") if "well-known" in r.source]
    page = (site / "2025/06/hello/index.html").read_text()
    assert "u-bridgy-fed" not in page and "activity+json" not in page


def test_a_blog_under_a_sub_path_is_warned(
    make_site: Callable[..., Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config = yaml.safe_load(blog_config("https://example.org/blog/"))
    config["fediverse"] = {"bridgy_fed": True}
    root = make_site({"plnpress.yaml": yaml.safe_dump(config)})
    ran = run_plnpress(root, capsys, monkeypatch, "build")
    assert ran.code == 0, ran.output
    assert "fediverse.bridgy_fed: the blog is at https://example.org/blog/" in ran.output
