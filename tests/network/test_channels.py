"""The simple channels under each entry: share by e-mail, on Bluesky, or copy the address; reply
by e-mail when the blog takes no Webmentions. Plain links, no third-party scripts or images."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from bs4 import BeautifulSoup, Tag

from tests.conftest import BASIC_CONFIG, MakeSite, build_blog
from tests.soup import attr, one

POST = {
    "content/posts/2025-03-01-hello.md": """\
        ---
        title: Fish & chips? <yes>
        ---
        Hello.
        """,
    "content/posts/2025-03-02-later.md": "---\ntitle: Later\ndraft: true\n---\nSoon.\n",
}
URL = "https://blog.example.org/2025/03/hello/"


def channels(make_site: MakeSite, config: str = BASIC_CONFIG) -> Tag:
    root = make_site({"plnpress.yaml": config, **POST})
    page = (build_blog(root, drafts=True).output_dir / "2025/03/hello/index.html").read_text()
    return one(BeautifulSoup(page, "html.parser"), "section.channels")


def test_share_links_carry_the_title_and_address_and_nothing_else(make_site: MakeSite) -> None:
    section = channels(make_site)
    mail, bluesky = (attr(a, "href") for a in section.select(".share-links a"))

    parts = urlsplit(mail)
    assert (parts.scheme, parts.path) == ("mailto", "")
    assert parse_qs(parts.query) == {"subject": ["Fish & chips? <yes>"], "body": [URL]}
    parts = urlsplit(bluesky)
    assert (parts.netloc, parts.path) == ("bsky.app", "/intent/compose")
    assert parse_qs(parts.query) == {"text": [f"Fish & chips? <yes> {URL}"]}
    field = one(section, ".copy-link input")
    assert attr(field, "value") == URL and field.has_attr("readonly")
    assert section.find_all(["script", "img", "iframe"]) == []
    assert "utm_" not in str(section)


def test_reply_by_e_mail_without_a_webmention_endpoint(make_site: MakeSite) -> None:
    config = BASIC_CONFIG.replace(
        "  url: https://blog.example.org/\n", "  email: ada@example.org\n"
    )
    reply = one(channels(make_site, config), ".reply-mail a")
    parts = urlsplit(attr(reply, "href"))
    assert parts.path == "ada@example.org"
    assert parse_qs(parts.query) == {"subject": ["Re: Fish & chips? <yes>"]}


def test_with_an_endpoint_the_respond_form_offers_e_mail_instead(make_site: MakeSite) -> None:
    config = (
        BASIC_CONFIG.replace("  url: https://blog.example.org/\n", "  email: ada@example.org\n")
        + "webmention:\n  endpoint: https://webmention.example.net/x\n"
    )
    assert channels(make_site, config).select_one(".reply-mail") is None


def test_drafts_offer_no_sharing(make_site: MakeSite) -> None:
    root = make_site(POST)
    page = (build_blog(root, drafts=True).output_dir / "2025/03/later/index.html").read_text()
    assert "channels" not in page
