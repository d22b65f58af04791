"""What a reader sees on each kind of page of the default theme."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup, Tag

from tests.conftest import BASIC_CONFIG
from tests.images.photos import png
from tests.soup import attr
from tests.theme.theme_blogs import HOSTILE_TAG, HOSTILE_TAG_SLUG, HOSTILE_TITLE
from tests.theme.theme_support import BuiltSite, build_site


def texts(soup: BeautifulSoup | Tag, selector: str) -> list[str]:
    return [" ".join(el.get_text(" ").split()) for el in soup.select(selector)]


def one(soup: BeautifulSoup | Tag, selector: str) -> Tag:
    found = soup.select(selector)
    assert len(found) == 1, f"{selector!r}: {len(found)} matches"
    return found[0]


def test_home_lists_posts_and_links_newest_first_with_pagination(scratch_site: BuiltSite) -> None:
    pages = [scratch_site.soup(p) for p in ("index.html", "page/2/index.html", "page/3/index.html")]
    titles = [texts(page, ".h-feed > .h-entry .entry-title") for page in pages]
    assert titles == [
        [HOSTILE_TITLE, "A reply"],
        ["Webmention - IndieWeb", "Hello, world"],
        ["example.com/some/article"],
    ]
    first = pages[0]
    assert one(first, "a[rel=next]")["href"] == "/page/2/"
    assert not first.select("a[rel=prev]")
    assert one(pages[1], "a[rel=prev]")["href"] == "/"
    assert one(pages[1], "a[rel=next]")["href"] == "/page/3/"
    assert "Page 2 of 3" in texts(pages[1], ".pagination")[0]

    reply = first.select(".h-entry")[1]
    assert texts(reply, "time.dt-published") == ["10 April 2025"]
    assert texts(reply, ".p-summary") == ["I agree with this."]
    assert texts(reply, ".tags a") == ["indieweb"]
    assert one(reply, "a.p-name")["href"] == "/2025/04/reply/"


def test_a_link_in_a_list_shows_the_linked_title_domain_and_comment(
    scratch_site: BuiltSite,
) -> None:
    item = scratch_site.soup("page/2/index.html").select(".h-entry")[0]
    title_link = one(item, ".entry-title a")
    assert title_link["href"] == "https://indieweb.org/Webmention"
    assert title_link.get_text() == "Webmention - IndieWeb"
    assert texts(item, ".bookmark-domain") == ["indieweb.org"]
    assert one(item, ".bookmark-domain a")["href"] == "https://indieweb.org/Webmention"
    assert texts(item, ".p-summary") == ["The clearest introduction to Webmention I know."]
    assert one(item, "a.u-url")["href"] == "https://blog.example.org/links/2025/webmention/"


def test_post_page_shows_everything_about_the_post(scratch_site: BuiltSite) -> None:
    page = scratch_site.soup("2025/03/hello/index.html")
    article = one(page, "article.h-entry")
    assert texts(article, "h1") == ["Hello, world"]
    assert one(article, "time.dt-published")["datetime"] == "2025-03-01T00:00:00+01:00"
    assert texts(article, "time.dt-published") == ["1 March 2025"]
    assert texts(article, "time.dt-updated") == ["5 March 2025"]
    assert texts(article, ".p-author .p-name") == ["Ada Example"]
    assert one(article, ".p-author img")["src"] == "/img/ada.png"
    assert texts(article, ".e-content h2") == ["Background"]
    assert texts(article, ".tags a") == ["Python", "IndieWeb"]
    assert one(article, ".category a")["href"] == "/categories/notes/"
    assert one(article, "a.u-syndication")["href"] == "https://social.example.net/@ada/1"
    cover = one(article, "figure.cover img.u-featured")
    assert (cover["src"], cover["alt"]) == ("/img/cover.png", "An orange square")
    responses = one(page, "section#responses")
    assert responses.select(".h-cite") == []  # none received: only the form to send one
    assert (
        one(responses, "form.respond")["action"] == "https://webmention.example.net/blog/webmention"
    )
    assert one(page, ".prev-next a[rel=next]")["href"] == "/2025/04/reply/"
    assert not page.select(".prev-next a[rel=prev]")  # the oldest post


def test_reply_shows_what_it_replies_to(scratch_site: BuiltSite) -> None:
    page = scratch_site.soup("2025/04/reply/index.html")
    reply = one(page, "a.u-in-reply-to")
    assert reply["href"] == "https://other.example.com/2025/04/their-post/"
    assert "In reply to other.example.com/2025/04/their-post" in texts(page, ".reply-context")
    assert one(page, "a.u-like-of")["href"] == "https://other.example.com/2025/04/liked/"
    assert one(page, ".prev-next a[rel=prev]")["href"] == "/2025/03/hello/"


def test_link_page_makes_the_linked_page_prominent(scratch_site: BuiltSite) -> None:
    page = scratch_site.soup("links/2025/webmention/index.html")
    heading = one(page, "h1")
    assert one(heading, "a")["href"] == "https://indieweb.org/Webmention"
    assert heading.get_text() == "Webmention - IndieWeb"
    assert texts(page, "h1 + .bookmark-domain") == ["indieweb.org"]
    quote = one(page, "blockquote.quote")
    assert quote["cite"] == "https://indieweb.org/Webmention"
    assert "notification that one URL links to another" in quote.get_text()
    assert "The clearest introduction" in one(page, ".e-content").get_text()
    assert one(page, ".via a")["href"] == "https://friend.example.com/"

    untitled = scratch_site.soup("links/2025/untitled/index.html")
    assert texts(untitled, "h1") == ["example.com/some/article"]
    assert texts(untitled, ".via") == ["Via a colleague"]


def test_links_list_holds_only_links(scratch_site: BuiltSite) -> None:
    page = scratch_site.soup("links/index.html")
    assert texts(page, "h1") == ["Links"]
    hrefs = [a["href"] for a in page.select(".h-entry .entry-title a")]
    assert hrefs == ["https://indieweb.org/Webmention", "https://www.example.com/some/article/"]


def test_tag_pages_are_paginated_and_the_index_counts(scratch_site: BuiltSite) -> None:
    first = scratch_site.soup("tags/indieweb/index.html")
    second = scratch_site.soup("tags/indieweb/page/2/index.html")
    assert texts(first, "h1") == ["Tagged “IndieWeb”"]
    assert len(first.select(".h-entry")) + len(second.select(".h-entry")) == 3
    assert one(first, "a[rel=next]")["href"] == "/tags/indieweb/page/2/"

    index = scratch_site.soup("tags/index.html")
    counts = {
        one(li, "a").get_text(): one(li, ".count").get_text() for li in index.select(".taxonomy li")
    }
    assert counts == {
        HOSTILE_TAG: "1 entry",
        "IndieWeb": "3 entries",
        "Python": "2 entries",
    }
    assert one(index, f'a[href="/tags/{HOSTILE_TAG_SLUG}/"]').get_text() == HOSTILE_TAG


def test_category_pages_and_index(scratch_site: BuiltSite) -> None:
    page = scratch_site.soup("categories/notes/index.html")
    assert texts(page, "h1") == ["Category: Notes"]
    assert texts(page, ".h-entry .entry-title") == ["Hello, world"]
    assert texts(scratch_site.soup("categories/index.html"), ".taxonomy li") == ["Notes 1 entry"]


def test_archive_groups_by_year_and_month(scratch_site: BuiltSite) -> None:
    page = scratch_site.soup("archive/index.html")
    assert texts(page, "h2") == ["2025"]
    assert texts(page, "h3") == ["May 2025", "April 2025", "March 2025", "February 2025"]
    april = page.select("h3")[1].find_next_sibling("ul")
    assert isinstance(april, Tag)
    assert texts(april, "a.p-name") == ["A reply", "Webmention - IndieWeb"]


def test_pages_and_the_menu(scratch_site: BuiltSite) -> None:
    about = scratch_site.soup("about/index.html")
    assert texts(about, "main h1") == ["About"]
    assert "I am Ada." in one(about, "main").get_text()
    nav = texts(about, ".site-nav a")
    assert nav == ["Home", "Links", "Tags", "Archive", "Network", "About", "Now", "Follow"]
    assert one(about, '.site-nav a[aria-current="page"]').get_text() == "About"
    assert "Colophon" not in nav
    assert texts(scratch_site.soup("colophon/index.html"), "main h1") == ["Colophon"]


def test_404_page_has_working_links_and_no_canonical(subpath_site: BuiltSite) -> None:
    page = subpath_site.soup("404.html")
    assert texts(page, "main h1") == ["Page not found"]
    assert not page.select('link[rel="canonical"]')
    assert {a["href"] for a in page.select("main a")} == {"/blog/", "/blog/archive/"}
    assert one(page, 'meta[name="robots"]')["content"] == "noindex"


def every_page(site: BuiltSite) -> list[str]:
    return site.html_files()


def test_every_page_has_the_site_frame(scratch_site: BuiltSite) -> None:
    for rel in every_page(scratch_site):
        page = scratch_site.soup(rel)
        html = one(page, "html")
        assert html["lang"] == "en-GB", rel
        brand = one(page, ".site-header a.site-brand[rel=home]")  # on the home page too
        assert one(brand, "img.site-photo")["src"] == "/img/ada.png", rel
        assert texts(brand, ".site-title") == ["Ada's <Notes> & More"], rel
        assert texts(brand, ".site-author") == ["Ada Example"], rel
        assert one(page, ".site-footer .follow-link a")["href"] == "/follow/", rel
        card = one(page, ".site-footer .h-card")
        assert [a["href"] for a in card.select('a[rel="me"]')] == [
            "https://social.example.net/@ada",
            "https://code.example.com/ada",
        ], rel
        assert len(page.select('link[rel="me"]')) == 2, rel
        skip = page.select("a.skip-link")[0]
        assert page.select("a")[0] is skip, rel
        assert page.find(id=str(skip["href"]).lstrip("#")) is not None, rel
        alternates = {(link["type"], link["href"]) for link in page.select('link[rel="alternate"]')}
        assert {
            ("application/atom+xml", "/feed.xml"),
            ("application/rss+xml", "/rss.xml"),
            ("application/feed+json", "/feed.json"),
        } <= alternates, rel
        assert attr(one(page, 'link[rel="webmention"]'), "href").startswith("https://webmention.")
        assert one(page, 'meta[property="og:title"]')["content"], rel
        assert one(page, 'meta[property="og:description"]')["content"], rel
        assert attr(one(page, 'meta[property="og:image"]'), "content").startswith("https://"), rel
        if rel != "404.html":
            canonical = one(page, 'link[rel="canonical"]')["href"]
            assert canonical == scratch_site.url_of(rel), rel


def test_open_graph_describes_the_entry(scratch_site: BuiltSite) -> None:
    page = scratch_site.soup("2025/03/hello/index.html")

    def og(name: str) -> str:
        return str(one(page, f'meta[property="og:{name}"]')["content"])

    assert og("title") == "Hello, world"
    assert og("description") == "The first post, with a footnote and a picture."
    assert og("image") == "https://blog.example.org/img/cover.png"
    assert og("type") == "article"
    assert og("url") == "https://blog.example.org/2025/03/hello/"
    reply = scratch_site.soup("2025/04/reply/index.html")
    fallback = one(reply, 'meta[property="og:image"]')["content"]
    assert fallback == "https://blog.example.org/img/ada.png"


@pytest.mark.parametrize(
    "rel",
    [
        "index.html",
        "2025/05/hostile/index.html",
        f"tags/{HOSTILE_TAG_SLUG}/index.html",
        "tags/index.html",
    ],
)
def test_script_in_titles_and_tags_is_text(scratch_site: BuiltSite, rel: str) -> None:
    page = scratch_site.soup(rel)
    assert [script.get("src") for script in page.find_all("script")] in ([], ["/js/plnpress.js"])
    raw = scratch_site.text(rel)
    assert "<script>" not in raw
    shown = page.get_text()
    assert HOSTILE_TITLE in shown or HOSTILE_TAG in shown
    assert "&lt;Notes&gt;" in raw  # the site title from the config is escaped too


def test_drafts_and_future_entries_are_marked(preview_site: BuiltSite) -> None:
    draft = preview_site.soup("2025/06/draft/index.html")
    assert texts(draft, "article .badge") == ["Draft"]
    assert one(draft, 'meta[name="robots"]')["content"] == "noindex"
    future = preview_site.soup("2027/01/scheduled/index.html")
    assert texts(future, "article .badge") == ["Scheduled"]
    home = preview_site.soup("index.html")
    badges = {
        texts(item, ".entry-title")[0]: texts(item, ".badge") for item in home.select(".h-entry")
    }
    assert badges == {"From the future": ["Scheduled"], "Unfinished thoughts": ["Draft"]}
    python = preview_site.soup("tags/python/index.html")
    assert texts(python, ".badge") == ["Scheduled", "Draft"]


def test_deleted_entries_are_tombstones_outside_every_list(scratch_site: BuiltSite) -> None:
    raw = scratch_site.text("2025/01/gone/index.html")
    assert "http-equiv" not in raw  # the address answers 410 where the host reads _redirects
    assert "/2025/01/gone/  /2025/01/gone/index.html  410!" in scratch_site.text("_redirects")
    assert "Regrettable" not in raw
    for rel in every_page(scratch_site):
        if rel != "2025/01/gone/index.html":
            assert "/2025/01/gone/" not in scratch_site.text(rel), rel
    for feed in ("feed.xml", "rss.xml", "feed.json", "sitemap.xml", "tags/python/feed.xml"):
        assert "/2025/01/gone/" not in scratch_site.text(feed), feed


def duplicate_ids(page: BeautifulSoup) -> list[str]:
    counts = Counter(str(el["id"]) for el in page.find_all(id=True))
    return sorted(name for name, count in counts.items() if count > 1)


def test_no_page_repeats_an_id(scratch_site: BuiltSite, preview_site: BuiltSite) -> None:
    for site in (scratch_site, preview_site):
        for rel in every_page(site):
            assert duplicate_ids(site.soup(rel)) == [], rel
    # two entries of this tag have footnotes and a "Background" heading; lists show summaries
    tag_page = scratch_site.soup("tags/indieweb/index.html")
    assert not tag_page.find_all(id=re.compile(r"^(fn|fnref)\d|^background$"))


def test_no_inline_styles_or_scripts(scratch_site: BuiltSite) -> None:
    """What the shipped Content-Security-Policy would block (style-src/script-src 'self'): the
    theme's one script is a file of the site."""
    for rel in every_page(scratch_site):
        page = scratch_site.soup(rel)
        assert not page.find_all("style"), rel
        for script in page.find_all("script"):
            assert script.get("src") == "/js/plnpress.js" and not script.string, rel
            assert (scratch_site.output / "js/plnpress.js").is_file()
        for element in page.find_all(True):
            inline = [a for a in element.attrs if a == "style" or a.startswith("on")]
            assert not inline, f"{rel}: <{element.name} {inline}>"


def test_all_css_together_is_under_26_kb(scratch_site: BuiltSite) -> None:
    css = list(scratch_site.output.rglob("*.css"))
    assert css
    assert sum(p.stat().st_size for p in css) < 26 * 1024
    linked = {
        str(link["href"])
        for link in scratch_site.soup("index.html").select('link[rel="stylesheet"]')
    }
    assert linked == {"/css/plnpress.css"}


def link_targets(page: BeautifulSoup) -> list[str]:
    found = [str(a["href"]) for a in page.select("a[href], link[href]")]
    return found + [str(img["src"]) for img in page.select("img[src]")]


@pytest.mark.parametrize("which", ["scratch", "subpath"])
def test_every_link_on_the_site_resolves(which: str, request: pytest.FixtureRequest) -> None:
    """Internal links, stylesheets and images point at files the build wrote, under the sub-path."""
    site: BuiltSite = request.getfixturevalue(f"{which}_site")
    base_path = "/" + site.base_url.split("/", 3)[3]
    origin = site.base_url.removesuffix(base_path.lstrip("/")).rstrip("/")
    for rel in every_page(site):
        page = site.soup(rel)
        for target in link_targets(page):
            if target.startswith("#"):
                assert page.find(id=target[1:]) is not None, (rel, target)
                continue
            if target.startswith(origin + "/"):
                target = target.removeprefix(origin)
            elif "://" in target or target.startswith("mailto:"):
                continue
            elif not target.startswith("/"):  # relative to the page
                target = urljoin(site.url_of(rel), target).removeprefix(origin)
            assert target.startswith(base_path), (rel, target)
            path = target.removeprefix(base_path).split("#")[0]
            file = path + "index.html" if path == "" or path.endswith("/") else path
            assert (site.output / file).is_file(), (rel, target)


def test_webmention_endpoint_is_advertised_only_when_configured(
    make_site: Callable[..., Path],
) -> None:
    site = build_site(make_site({"content/posts/2025-01-01-a.md": "---\ntitle: A\n---\nText.\n"}))
    for rel in ("index.html", "2025/01/a/index.html"):
        page = site.soup(rel)
        assert not page.select('link[rel="webmention"]'), rel
        assert page.select("section#responses") or rel == "index.html"


def test_an_author_link_underlines_no_space(preview_site: BuiltSite) -> None:
    """The picture and the name are one link: no space between them to be underlined."""
    for rel in every_page(preview_site):
        for link in preview_site.soup(rel).select("a.p-author, .p-author a"):
            spaces = [c for c in link.children if isinstance(c, str) and not c.strip()]
            assert not spaces, (rel, str(link))


def test_cover_pictures_show_in_lists_when_the_setting_is_on(
    make_site: Callable[..., Path],
) -> None:
    post = "---\ntitle: A\nimage: /img/c.png\nimage_alt: A field of tulips\n---\nText.\n"
    files = {"content/posts/2025-01-01-a.md": post, "content/static/img/c.png": png(16, 9)}
    plain = build_site(make_site(files, name="plain")).soup("index.html")
    assert not plain.select(".cover")
    config = BASIC_CONFIG + "appearance:\n  list_images: true\n"
    shown = build_site(make_site({**files, "plnpress.yaml": config}, name="shown"))
    cover = one(shown.soup("index.html"), ".h-entry figure.cover img.u-featured")
    assert (cover["src"], cover["alt"], cover.get("loading")) == (
        "/img/c.png",
        "A field of tulips",
        None,  # the first picture of the page loads at once
    )
    on_page = one(shown.soup("2025/01/a/index.html"), "article figure.cover img")
    assert on_page["alt"] == "A field of tulips"
