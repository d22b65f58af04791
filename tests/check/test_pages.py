"""One page at a time: which links are the site's own, what the parser finds, which ids repeat."""

from __future__ import annotations

from plnpress.check.links import SiteAddress, own_links
from plnpress.check.markup import anchors, markup_problems, parse_page

SITE = SiteAddress("https://example.org/blog/")
PAGE = "https://example.org/blog/2025/03/hello/"


def links(body: str, page_url: str = PAGE) -> list[tuple[int | None, str, str]]:
    html = f"<!DOCTYPE html>\n<html><head><title>t</title></head><body>\n{body}\n</body></html>"
    found = own_links(parse_page(html).soup, page_url, SITE)
    return [(link.line, link.path, link.fragment) for link in found]


def test_relative_root_relative_and_absolute_links_to_the_site_are_its_own() -> None:
    assert links(
        '<a href="../second/">a</a>\n'
        '<a href="/blog/about/#me">b</a>\n'
        '<a href="https://EXAMPLE.org:443/blog/feed.xml">c</a>\n'
        '<a href="http://example.org/blog/old/">d</a>\n'
        '<a href="/blog">e</a> <a href="notes%20one.txt?x=1#p%C3%A4rt">f</a>'
    ) == [
        (3, "/blog/2025/03/second/", ""),
        (4, "/blog/about/", "me"),
        (5, "/blog/feed.xml", ""),
        (6, "/blog/old/", ""),
        (7, "/blog/", ""),
        (7, "/blog/2025/03/hello/notes%20one.txt", "pärt"),
    ]


def test_other_sites_the_rest_of_the_domain_and_other_schemes_are_not() -> None:
    assert (
        links(
            '<a href="https://other.example/blog/">a</a> <a href="/elsewhere/">b</a>'
            '<a href="//example.org/">c</a> <a href="https://example.org:8443/blog/">d</a>'
            '<a href="mailto:ada@example.org">e</a> <a href="tel:+441234">f</a>'
            '<img src="data:image/png;base64,AAAA" alt=""> <a href="javascript:void(0)">g</a>'
            '<a href="#:~:text=hello">h</a> <a href="http://[broken/">i</a> <a href="">j</a>'
        )
        == []
    )


def test_images_sources_stylesheets_and_a_base_are_followed() -> None:
    found = links(
        '<img src="/blog/a.png" srcset="/blog/a.png 1x, /blog/a@2x.png 2x" alt="">\n'
        '<video poster="cover.jpg"><source src="clip.webm"></video>\n'
        '<link rel="stylesheet" href="/blog/css/site.css">'
    )
    assert [path for _line, path, _fragment in found] == [
        "/blog/a.png",
        "/blog/a.png",
        "/blog/a@2x.png",
        "/blog/2025/03/hello/cover.jpg",
        "/blog/2025/03/hello/clip.webm",
        "/blog/css/site.css",
    ]
    based = links('<base href="/blog/media/">\n<img src="b.png" alt="">')
    assert [path for _line, path, _fragment in based] == ["/blog/media/b.png"]


def test_parse_errors_and_repeated_ids_carry_their_lines() -> None:
    page = parse_page(
        "<!DOCTYPE html>\n<html><head><title>t</title></head><body>\n"
        '<p id="a">one</p>\n'
        '<p id="a">two</p>\n'
        "<p><b><i>crossed</b></i></p>\n"
        "<div>never closed\n"
        "</body></html>\n"
    )
    found = markup_problems(page)
    assert (4, 'id "a" is already used on line 3; ids must be unique') in found
    lines = {line for line, message in found if message.startswith("HTML: ")}
    assert 5 in lines and 7 in lines, found
    assert anchors(page.soup) == frozenset({"a"})


def test_a_valid_page_has_nothing_to_report() -> None:
    page = parse_page(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>t</title></head>'
        '<body><main id="top"><p>One<br>two</p><img src="a.png" alt=""><a name="old">x</a>'
        "</main></body></html>\n"
    )
    assert markup_problems(page) == []
    assert anchors(page.soup) == frozenset({"top", "old"})
