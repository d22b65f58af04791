"""``plnpress blogroll add``, ``import`` and ``suggest`` through the command line.

Sites are served on 127.0.0.1; the blogroll's own lines (comments, blank lines, quoting, order)
must come out byte for byte as they were, the new people appended after them.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import listparser
import mf2py
import pytest
import yaml
from PIL import Image

from tests.conftest import REPO, MakeSite, build_blog
from tests.network.feeds import png
from tests.network.support import h_cards, run_plnpress
from tests.webmention.blogs import blog_config
from tests.webmention.servers import LocalServer, Reply, html, text

CASES = Path(__file__).parent / "cases"

BLOGROLL = """\
# People I read. Comments like this one stay.

- name: Idris Lane   # met at a conference
  url: https://idris.example.net/
  feed: https://idris.example.net/feed.xml
  tags: [science teaching]

- {name: "Priya Nair", url: "https://priya.example.com/"}
"""

WITH_CARD = """\
<!doctype html><html><head><title>Home · Ola's notebook</title>
<link rel="alternate" type="application/atom+xml" href="/feed.atom"></head><body>
<div class="h-card"><a class="u-url u-uid p-name" href="/">Ola Nowak</a>
<img class="u-photo" src="/me.png" alt="">
<p class="p-note">Primary teacher, writes about <b>maths</b> games.</p></div>
</body></html>
"""

WITHOUT_CARD = """\
<!doctype html><html><head><title>The Reading Room</title></head>
<body><p>Just a page.</p></body></html>
"""


@pytest.fixture
def blog(make_site: MakeSite, local_server: LocalServer) -> Path:
    return make_site(
        {
            "plnpress.yaml": blog_config("https://blog.example.org/"),
            "content/blogroll.yaml": BLOGROLL,
        }
    )


def appended(before: str, after: str) -> str:
    """What `after` adds to `before`; fails unless every byte of `before` is kept in place."""
    assert after.startswith(before), "the lines already in the blogroll changed"
    return after[len(before) :]


def test_add_reads_the_h_card_feed_and_photo_and_keeps_the_file(
    blog: Path,
    local_server: LocalServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    site = local_server.route("/", html(WITH_CARD))
    local_server.route("/me.png", Reply(200, [("Content-Type", "image/png")], png((200, 80, 40))))
    before = (blog / "content/blogroll.yaml").read_bytes()

    ran = run_plnpress(blog, capsys, monkeypatch, "blogroll", "add", site)

    assert ran.code == 0, ran.output
    assert "Ola Nowak" in ran.out and "h-card" in ran.out
    after = (blog / "content/blogroll.yaml").read_bytes()
    added = appended(before.decode(), after.decode())
    (person,) = yaml.safe_load(added)
    photo = person.pop("photo")
    assert person == {
        "name": "Ola Nowak",
        "url": site,
        "feed": local_server.url("/feed.atom"),
        "note": "Primary teacher, writes about maths games.",
    }
    assert added.startswith("\n- name: Ola Nowak\n  url: ")  # a blank line, as between the others
    kept = blog / "content/static" / photo.lstrip("/")
    with Image.open(kept) as image:
        assert image.size == (96, 96)
    output = build_blog(blog).output_dir
    page = (output / "blogroll/index.html").read_text()
    cards = h_cards(mf2py.parse(doc=page, url="https://blog.example.org/blogroll/"))
    assert cards[-1]["name"] == "Ola Nowak"
    assert cards[-1]["photo"] == "https://blog.example.org" + photo
    with Image.open(output / photo.lstrip("/")) as published:  # the build's own copy of it
        assert published.size == (96, 96)
    assert local_server.url("/") not in page.replace(site, "")  # nothing loads from their site


def test_add_a_site_without_h_card_or_feed_names_it_by_its_title(
    blog: Path,
    local_server: LocalServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    site = local_server.route("/room/", html(WITHOUT_CARD))
    before = (blog / "content/blogroll.yaml").read_text()

    ran = run_plnpress(blog, capsys, monkeypatch, "blogroll", "add", site)

    assert ran.code == 0, ran.output
    assert "feed: none advertised" in ran.out
    added = appended(before, (blog / "content/blogroll.yaml").read_text())
    assert yaml.safe_load(added) == [{"name": "The Reading Room", "url": site}]


def test_add_refuses_a_site_already_listed_and_an_unreachable_one(
    blog: Path,
    local_server: LocalServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = (blog / "content/blogroll.yaml").read_bytes()

    ran = run_plnpress(blog, capsys, monkeypatch, "blogroll", "add", "http://Idris.example.net")
    assert ran.code == 1
    assert "content/blogroll.yaml:3: http://Idris.example.net is already on the blogroll" in ran.err

    local_server.route("/gone", text("gone", status=410))
    ran = run_plnpress(blog, capsys, monkeypatch, "blogroll", "add", local_server.url("/gone"))
    assert ran.code == 1
    assert "answered 410; nothing added" in ran.err
    assert "Traceback" not in ran.output
    assert (blog / "content/blogroll.yaml").read_bytes() == before


def test_add_starts_a_blogroll_when_there_is_none(
    make_site: MakeSite,
    local_server: LocalServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    blog = make_site({"plnpress.yaml": blog_config("https://blog.example.org/")})
    site = local_server.route("/", html(WITHOUT_CARD))

    ran = run_plnpress(blog, capsys, monkeypatch, "blogroll", "add", site)

    assert ran.code == 0, ran.output
    written = (blog / "content/blogroll.yaml").read_text()
    assert written.startswith("# The people I read")
    assert yaml.safe_load(written) == [{"name": "The Reading Room", "url": site}]
    assert build_blog(blog).output_dir.joinpath("blogroll/index.html").is_file()


def test_import_a_feed_readers_opml_file(
    blog: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (blog / "content/blogroll.yaml").write_bytes(BLOGROLL.replace("\n", "\r\n").encode())
    before = (blog / "content/blogroll.yaml").read_bytes()

    ran = run_plnpress(
        blog, capsys, monkeypatch, "blogroll", "import", str(CASES / "subscriptions.opml")
    )

    assert ran.code == 0, ran.output
    assert "4 added, 2 left out" in ran.out
    assert (
        "Idris, again" in ran.out and "already on the blogroll (content/blogroll.yaml:3)" in ran.out
    )
    assert "Lab notes (same feed)" in ran.out and "in the file twice" in ran.out
    after = (blog / "content/blogroll.yaml").read_bytes()
    added = appended(before.decode(), after.decode())
    assert "\n" not in added.replace("\r\n", "")  # the writer's line endings, kept
    people: list[dict[str, Any]] = yaml.safe_load(added)
    assert people == [
        {
            "name": "Café Pédagogique",
            "url": "https://cafe.example.fr/",
            "feed": "https://cafe.example.fr/feed/",
        },
        {
            "name": "Teaching & Learning Lab",
            "url": "https://tll.example.edu/?lang=en&v=2",
            "feed": "https://tll.example.edu/rss.xml?lang=en&v=2",
        },
        {
            "name": "Lab Notes",
            "url": "https://labnotes.example.org/",
            "feed": "https://labnotes.example.org/atom.xml",
            "tags": ["Science"],
        },
        {
            "name": "Quanta of teaching",
            "url": "https://quanta.example.com/",
            "feed": "https://quanta.example.com/feed.json",
            "tags": ["Science", "Physics", "Education", "Reading"],
        },
    ]
    opml = listparser.parse((build_blog(blog).output_dir / "blogroll.opml").read_bytes())
    assert {feed.url for feed in opml.feeds} >= {p["feed"] for p in people}


def test_import_reports_a_broken_file_at_its_line(
    blog: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = blog / "broken.opml"
    broken.write_text('<?xml version="1.0"?>\n<opml version="2.0"><body>\n<outline text="a">\n')
    bomb = blog / "bomb.opml"
    bomb.write_text('<!DOCTYPE opml [<!ENTITY a "aaaa">]>\n<opml><body/></opml>\n')
    before = (blog / "content/blogroll.yaml").read_bytes()

    ran = run_plnpress(blog, capsys, monkeypatch, "blogroll", "import", str(broken))
    assert ran.code == 1
    assert f"{broken}:4: not valid XML" in ran.err
    ran = run_plnpress(blog, capsys, monkeypatch, "blogroll", "import", str(bomb))
    assert ran.code == 1
    assert "refused" in ran.err and "Traceback" not in ran.output
    assert (blog / "content/blogroll.yaml").read_bytes() == before


def test_suggest_lists_who_responded_and_who_is_linked_to_but_not_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    blog = tmp_path / "example"
    blog.mkdir()
    shutil.copy(REPO / "plnpress.yaml", blog / "plnpress.yaml")
    shutil.copytree(REPO / "content", blog / "content")

    ran = run_plnpress(blog, capsys, monkeypatch, "blogroll", "suggest")

    assert ran.code == 0, ran.output
    rows = [line for line in ran.out.splitlines() if "plnpress blogroll add" in line]
    cells = [[cell.strip() for cell in row.split("│")[1:-1]] for row in rows]
    assert ["Jo Okafor", "3", "0", "plnpress blogroll add https://social.example.net/@jo"] in cells
    assert ["indieweb.org", "0", "3", "plnpress blogroll add https://indieweb.org/"] in cells
    assert not any("idris.example.net" in row for row in rows)  # on the blogroll already
    scores = [int(responses) + int(links) for _, responses, links, _ in cells]
    assert scores == sorted(scores, reverse=True)
