"""The blogroll as a writer sees it: content/blogroll.yaml checked like front matter, a page with
an h-card per person, and an OPML file a feed reader imports in one step."""

from __future__ import annotations

from xml.etree import ElementTree

import listparser
import mf2py
import pytest

from plnpress.errors import ProblemsError
from tests.conftest import BASIC_CONFIG, MakeSite, build_blog
from tests.network.support import h_cards, run_plnpress
from tests.webmention.blogs import Ran

BLOGROLL = """\
# People I read, most loved first.
- name: Ana Ruiz
  url: https://ana.example.com/
  feed: https://ana.example.com/feed.xml
  note: Notes on teaching with open tools.
  tags: [teaching, open]

- name: <script>alert("Bo")</script> & Co
  url: https://bo.example.net/blog/   # no feed yet

- {name: Cy, url: "https://cy.example.org/", feed: "https://cy.example.org/rss", tags: ["a,b"]}
"""


def test_the_page_has_an_h_card_per_person_and_escapes_names(make_site: MakeSite) -> None:
    root = make_site({"content/blogroll.yaml": BLOGROLL})
    result = build_blog(root)

    html = (result.output_dir / "blogroll/index.html").read_text()
    cards = h_cards(mf2py.parse(doc=html, url="https://blog.example.org/blogroll/"))
    assert [card["url"] for card in cards] == [
        "https://ana.example.com/",
        "https://bo.example.net/blog/",
        "https://cy.example.org/",
    ]
    ana = cards[0]
    assert ana["name"] == "Ana Ruiz"
    assert ana["note"] == "Notes on teaching with open tools."
    assert ana["category"] == ["teaching", "open"]
    assert cards[1]["name"] == '<script>alert("Bo")</script> & Co'
    assert "<script>alert" not in html
    assert '<a href="https://ana.example.com/feed.xml">Feed</a>' in html
    home = (result.output_dir / "index.html").read_text()
    assert '<a href="/blogroll/">Blogroll</a>' in home


def test_the_opml_file_lists_everyone_with_their_feed(make_site: MakeSite) -> None:
    root = make_site({"content/blogroll.yaml": BLOGROLL})
    output = build_blog(root).output_dir

    parsed = listparser.parse((output / "blogroll.opml").read_bytes())

    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.version == "opml2"
    assert parsed.meta.title == "Test Blog: blogroll"
    feeds = {feed.url: feed for feed in parsed.feeds}
    assert set(feeds) == {"https://ana.example.com/feed.xml", "https://cy.example.org/rss"}
    assert feeds["https://ana.example.com/feed.xml"].title == "Ana Ruiz"
    assert feeds["https://ana.example.com/feed.xml"].tags == ["teaching", "open"]
    assert feeds["https://cy.example.org/rss"].tags == ["a b"]
    # Someone without a known feed is still in the file: OPML 2.0's link to a web page.
    outlines = ElementTree.fromstring((output / "blogroll.opml").read_bytes()).iter("outline")
    link = next(o.attrib for o in outlines if o.get("type") == "link")
    assert link == {
        "text": '<script>alert("Bo")</script> & Co',
        "title": '<script>alert("Bo")</script> & Co',
        "type": "link",
        "url": "https://bo.example.net/blog/",
    }
    assert [item.url for item in parsed.lists] == ["https://bo.example.net/blog/"]
    page = (output / "blogroll/index.html").read_text()
    assert '<link rel="alternate" type="text/x-opml"' in page
    assert 'href="/blogroll.opml"' in page


def test_under_a_sub_path_every_link_keeps_it(make_site: MakeSite) -> None:
    config = BASIC_CONFIG.replace("https://blog.example.org/", "https://example.org/blog/")
    root = make_site({"plnpress.yaml": config, "content/blogroll.yaml": BLOGROLL})
    output = build_blog(root).output_dir

    page = (output / "blogroll/index.html").read_text()
    assert 'href="/blog/blogroll.opml"' in page
    assert '<a href="/blog/blogroll/" aria-current="page">Blogroll</a>' in page
    assert 'href="/blogroll' not in page


def test_no_blogroll_file_means_no_page_and_no_menu_item(make_site: MakeSite) -> None:
    output = build_blog(make_site()).output_dir
    assert not (output / "blogroll").exists()
    assert not (output / "blogroll.opml").exists()
    assert "Blogroll" not in (output / "404.html").read_text()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "- name: Ana\n  url: ana.example.com\n",
            "content/blogroll.yaml:2: url: 'ana.example.com' is not an absolute URL"
            " (start it with https://)",
        ),
        ("- name: Ana\n", "content/blogroll.yaml:1: url: missing (required)"),
        (
            "- name: Ana\n  url: https://a.example/\n  fead: https://a.example/f\n",
            "content/blogroll.yaml:3: fead: unknown key; did you mean 'feed'?",
        ),
        (
            "- name: A\n  url: https://a.example/\n- name: B\n  url: http://A.example\n",
            "content/blogroll.yaml:4: url: http://A.example is already listed on line 1",
        ),
        ("people: []\n", "content/blogroll.yaml:1: expected a list of people"),
        ("- just a name\n", "content/blogroll.yaml:1: item 1: expected 'name:' and 'url:'"),
        ("- name: [unclosed\n", "content/blogroll.yaml:2: invalid YAML"),
    ],
)
def test_mistakes_are_reported_with_file_and_line(
    make_site: MakeSite, text: str, expected: str
) -> None:
    root = make_site({"content/blogroll.yaml": text})
    with pytest.raises(ProblemsError) as raised:
        build_blog(root)
    messages = [str(problem) for problem in raised.value.problems]
    assert any(message.startswith(expected) for message in messages), messages


def test_the_command_line_stops_with_exit_1_and_the_line(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_site({"content/blogroll.yaml": "- name: Ana\n  url: nope\n"})
    ran: Ran = run_plnpress(root, capsys, monkeypatch, "build")
    assert ran.code == 1
    assert "content/blogroll.yaml:2: url: 'nope' is not an absolute URL" in ran.err
    assert "Traceback" not in ran.output
