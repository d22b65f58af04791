"""Markdown as writers use it: the CommonMark extras, figures, ids, links under a sub-path."""

from __future__ import annotations

import random
import string

from markdown_it.common.normalize_url import normalizeLink

from plnpress.content.markdown import _PLAIN_URL, _normalize_link, render_markdown


def test_extras_render() -> None:
    html = render_markdown(
        '"Quoted" -- text ~~gone~~.[^n]\n\n- [x] done\n- [ ] open\n\n[^n]: A note.\n'
    ).html
    assert "“Quoted” – text <s>gone</s>." in html
    assert 'class="footnote-ref"' in html and "A note." in html
    assert 'checked="checked"' in html and html.count('type="checkbox"') == 2


def test_code_is_highlighted_with_classes_and_unknown_languages_are_escaped() -> None:
    html = render_markdown("```python\nx = '<b>'\n```\n\n```nolang\n<b>\n```\n").html
    assert '<code class="language-python"><span class="n">x</span>' in html
    assert '<code class="language-nolang">&lt;b&gt;' in html
    assert "style=" not in html


def test_a_titled_image_alone_in_its_paragraph_is_a_figure() -> None:
    html = render_markdown('![A cat](/cat.png "Asleep")\n\nText ![b](/b.png "t") inline.\n').html
    assert '<figure><img src="/cat.png" alt="A cat"><figcaption>Asleep' in html
    assert '<p>Text <img src="/b.png" alt="b" title="t"> inline.</p>' in html


def test_the_pictures_of_a_body_are_listed_with_their_lines() -> None:
    text = (
        "A line.\n\n![A cat](/cat.png)\n\nMore text\nand ![b](b.png) on the second line.\n\n"
        '<div>\n<img alt="x" src="/raw.jpg?a=1&amp;b=2">\n</div>\n\nInline <img src="/i.gif">\n'
    )
    rendered = render_markdown(text, "/blog/")
    assert rendered.pictures == (
        ("/blog/cat.png", 3),
        ("b.png", 6),
        ("/raw.jpg?a=1&b=2", 9),
        ("/i.gif", 12),
    )


def test_table_alignment_uses_classes_not_styles() -> None:
    html = render_markdown("| a | b |\n|:-:|--:|\n| 1 | 2 |\n").html
    assert '<td class="align-center">1</td>' in html and '<td class="align-right">2</td>' in html
    assert "style=" not in html


def test_heading_ids_never_take_the_themes_ids() -> None:
    html = render_markdown("# Responses\n\n## Main content\n\n## Other\n").html
    assert '<h1 id="section-responses">' in html
    assert '<h2 id="section-main-content">' in html
    assert '<h2 id="other">' in html


def test_root_relative_links_move_under_the_sub_path_and_links_are_collected() -> None:
    result = render_markdown(
        "[a](/about/) [b](https://b.example.com/x) ![c](/c.png) https://c.example.org/y "
        "www.fuzzy.example.com [again](https://b.example.com/x)\n",
        base_path="/blog/",
    )
    assert 'href="/blog/about/"' in result.html and 'src="/blog/c.png"' in result.html
    assert result.links == ("https://b.example.com/x", "https://c.example.org/y")
    assert "fuzzy" not in "".join(result.links)


def test_first_paragraph_is_plain_text() -> None:
    result = render_markdown("## Title\n\nSome *emphasis* and `code`\nacross lines.\n\nMore.\n")
    assert result.first_paragraph == "Some emphasis and code across lines."


def _url_like(pick: random.Random) -> str:
    """Plain URLs half of the time, else with any of the characters the fast path must refuse."""
    plain = string.ascii_lowercase + string.digits + "._~-/?#=&+"
    odd = plain + string.ascii_uppercase + "%:@!$'()*,; éü[]<>\"\\`{}|^"
    letters = pick.choice([plain, odd])
    scheme = pick.choice(["", "http://", "https://", "HTTP://", "ftp://", "//", "mailto:"])
    hosts = string.ascii_lowercase + string.digits + ".-" + pick.choice(["", "Aé"])
    host = "".join(pick.choices(hosts, k=pick.randint(0, 9)))
    port = pick.choice(["", ":8080", ":", ":x"])
    rest = "".join(pick.choices(letters, k=pick.randint(0, 12)))
    return scheme + host + port + pick.choice(["", "/", "/a/", "//"]) + rest


def test_links_come_out_as_markdown_it_normalizes_them() -> None:
    pick = random.Random(20261123)
    urls = [_url_like(pick) for _ in range(20_000)]
    urls += ["", "#top", "/img/a.png", "https://example.org", "https://a..b/", "http://-/"]
    plain = [url for url in urls if _PLAIN_URL.match(url)]
    assert len(plain) > 500 and len(urls) - len(plain) > 500, "both paths are exercised"
    assert [_normalize_link(url) for url in urls] == [normalizeLink(url) for url in urls]


def test_a_link_with_characters_to_encode_is_still_encoded() -> None:
    html = render_markdown("[a](https://Bücher.example/a%zz?q=ü) [b](https://x.example/ok?a=1&b=2)")
    assert 'href="https://xn--Bcher-kva.example/a%25zz?q=%C3%BC"' in html.html
    assert 'href="https://x.example/ok?a=1&amp;b=2"' in html.html
