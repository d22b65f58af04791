"""``plnpress blogroll discover`` end to end: real sites on 127.0.0.x advertise their feeds in every
usual way; the command writes only the missing ``feed:`` values into the writer's file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from plnpress.blogroll.discover import discover_feeds
from plnpress.config import load_config
from tests.conftest import MakeSite
from tests.modes import SHARED, STRICT_UMASK, mode, share, umask
from tests.network.support import run_plnpress
from tests.webmention.blogs import blog_config
from tests.webmention.servers import LocalServer, Reply, html, redirect, text

MakeServer = Callable[..., LocalServer]


def page(head: str = "", body: str = "") -> Reply:
    return html(
        f"<!DOCTYPE html><html><head><title>t</title>{head}</head><body>{body}</body></html>"
    )


def sites(server: LocalServer) -> None:
    """One site per way of advertising a feed (or not)."""
    server.route("/ana/", page('<link rel="alternate" type="application/rss+xml" href="feed.rss">'))
    server.route("/bo/", redirect("/bo-new/", status=301))
    server.route(
        "/bo-new/",
        page('<link rel="alternate" type="application/atom+xml" href="/bo-new/atom.xml">'),
    )
    link = '</cy/feed.json>; rel="alternate"; type="application/feed+json"'
    server.route("/cy/", html("<!DOCTYPE html><title>cy</title>", headers=[("Link", link)]))
    server.route("/dee/", page(body="<p>No feed here.</p>"))
    server.route("/eve/", text("gone fishing", status=404))
    server.route("/gus/feed.xml", text("<feed/>", content_type="application/atom+xml"))
    server.route(
        "/hal/",
        page(
            '<!-- <link rel="alternate" type="application/atom+xml" href="/old.xml"> -->'
            '<link rel="alternate" hreflang="de" href="/hal/de/">'
            '<link rel="alternate" type="application/atom+xml" title="Posts" href="/hal/posts.xml">'
            '<link rel="alternate" type="application/atom+xml" title="Comments" href="/hal/c.xml">'
        ),
    )


def blogroll(server: LocalServer) -> str:
    u = server.url
    return f"""\
# The people I read. Keep this comment!
- name: Ana   # teacher
  url: {u("/ana/")}
  tags: [teaching]

- name: Bo
  url: {u("/bo/")}
  feed:
- {{name: Cy, url: "{u("/cy/")}"}}   # flow style
- name: Dee
  url: {u("/dee/")}
- name: Eve
  url: {u("/eve/")}
- name: Fay
  url: {u("/fay/")}
  feed: {u("/fay/already.xml")}
- name: Gus
  note: His address is his feed.
  url: {u("/gus/feed.xml")}
- name: Hal
  url: {u("/hal/")}
"""


@pytest.fixture
def roll(make_site: MakeSite, make_server: MakeServer) -> tuple[Path, LocalServer]:
    server = make_server("127.0.0.2")
    sites(server)
    root = make_site(
        {
            "plnpress.yaml": blog_config("https://blog.example.org/"),
            "content/blogroll.yaml": blogroll(server),
        }
    )
    return root, server


def test_missing_feeds_are_filled_in_and_everything_else_is_kept(
    roll: tuple[Path, LocalServer],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root, server = roll
    u = server.url

    ran = run_plnpress(root, capsys, monkeypatch, "blogroll", "discover")

    assert ran.code == 0, ran.output
    assert (
        (root / "content/blogroll.yaml").read_text()
        == f"""\
# The people I read. Keep this comment!
- name: Ana   # teacher
  url: {u("/ana/")}
  feed: {u("/ana/feed.rss")}
  tags: [teaching]

- name: Bo
  url: {u("/bo/")}
  feed: {u("/bo-new/atom.xml")}
- {{name: Cy, url: "{u("/cy/")}", feed: {u("/cy/feed.json")}}}   # flow style
- name: Dee
  url: {u("/dee/")}
- name: Eve
  url: {u("/eve/")}
- name: Fay
  url: {u("/fay/")}
  feed: {u("/fay/already.xml")}
- name: Gus
  note: His address is his feed.
  url: {u("/gus/feed.xml")}
  feed: {u("/gus/feed.xml")}
- name: Hal
  url: {u("/hal/")}
  feed: {u("/hal/posts.xml")}
"""
    )
    assert f"found    Ana ({u('/ana/')}): {u('/ana/feed.rss')}" in ran.out
    assert f"no feed  Dee ({u('/dee/')}): it advertises no feed" in ran.out
    assert f"no feed  Eve ({u('/eve/')}): {u('/eve/')} answered 404" in ran.out
    assert "Found 5 of 7 missing feeds; wrote them into content/blogroll.yaml." in ran.out
    assert server.requests_to("/fay/") == []  # a known feed is not looked up again
    assert all("plnpress" in (r.header("User-Agent") or "") for r in server.requests)

    config = load_config(root)
    again = discover_feeds(config)
    assert [d.person.name for d in again.looked_up] == ["Dee", "Eve"]
    assert not again.written


def test_a_dry_run_writes_nothing(roll: tuple[Path, LocalServer]) -> None:
    root, _ = roll
    before = (root / "content/blogroll.yaml").read_bytes()

    report = discover_feeds(load_config(root), dry_run=True)

    assert report.found == 5
    assert not report.written
    assert (root / "content/blogroll.yaml").read_bytes() == before


def test_the_address_guard_applies(make_site: MakeSite, make_server: MakeServer) -> None:
    server = make_server("127.0.0.2")
    sites(server)
    config = blog_config("https://blog.example.org/").replace(
        "allow_private_addresses: true", "allow_private_addresses: false"
    )
    root = make_site({"plnpress.yaml": config, "content/blogroll.yaml": blogroll(server)})

    report = discover_feeds(load_config(root))

    assert report.found == 0
    assert all("refused to fetch" in (d.lookup.problem or "") for d in report.looked_up)
    assert server.requests == []


def test_windows_line_endings_stay(make_site: MakeSite, make_server: MakeServer) -> None:
    server = make_server("127.0.0.2")
    sites(server)
    text_ = f"# crlf\r\n- name: Ana\r\n  url: {server.url('/ana/')}\r\n"
    root = make_site({"plnpress.yaml": blog_config("https://blog.example.org/")})
    (root / "content").mkdir(exist_ok=True)
    (root / "content/blogroll.yaml").write_bytes(text_.encode())

    discover_feeds(load_config(root))

    written = (root / "content/blogroll.yaml").read_bytes().decode()
    assert written == text_ + f"  feed: {server.url('/ana/feed.rss')}\r\n"


def test_a_broken_blogroll_stops_before_any_fetch(
    make_site: MakeSite,
    make_server: MakeServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    server = make_server("127.0.0.2")
    sites(server)
    broken = blogroll(server) + "- name: Ida\n  url: ida.example\n"
    root = make_site(
        {"plnpress.yaml": blog_config("https://blog.example.org/"), "content/blogroll.yaml": broken}
    )

    ran = run_plnpress(root, capsys, monkeypatch, "blogroll", "discover")

    assert ran.code == 1
    assert "content/blogroll.yaml:23: url: 'ida.example' is not an absolute URL" in ran.err
    assert server.requests == []


def test_without_a_blogroll_the_command_says_how_to_start(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_site()
    ran = run_plnpress(root, capsys, monkeypatch, "blogroll", "discover")
    assert ran.code == 1
    assert "there is no content/blogroll.yaml" in ran.err


def test_filling_in_feeds_keeps_the_file_mode(
    roll: tuple[Path, LocalServer],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root, server = roll
    path = root / "content/blogroll.yaml"
    share(path)

    with umask(STRICT_UMASK):
        ran = run_plnpress(root, capsys, monkeypatch, "blogroll", "discover")

    assert ran.code == 0, ran.output
    assert f"feed: {server.url('/ana/feed.rss')}" in path.read_text()
    assert mode(path) == SHARED
