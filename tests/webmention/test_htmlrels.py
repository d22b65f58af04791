from __future__ import annotations

import pytest

from plnpress.fetch.htmlrels import RelLink, find_rel_links


def found(markup: str) -> list[tuple[str, tuple[str, ...], str | None]]:
    return [(link.tag, link.rels, link.href) for link in find_rel_links(markup)]


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ('<link rel="webmention" href="/e">', [("link", ("webmention",), "/e")]),
        ("<a href=/e rel=webmention>x</a>", [("a", ("webmention",), "/e")]),
        ('<LINK REL="WebMention Other" HREF="/e">', [("link", ("webmention", "other"), "/e")]),
        ('<link rel="webmention" href="">', [("link", ("webmention",), "")]),
        ("<a rel=webmention href>self</a>", [("a", ("webmention",), "")]),
        ('<link rel="webmention">', [("link", ("webmention",), None)]),
        ('<link rel="webmention" href=" \n/e\t ">', [("link", ("webmention",), "/e")]),
        ('<a rel="webmention" href="/e?x=1&amp;y=2">', [("a", ("webmention",), "/e?x=1&y=2")]),
        (
            '<link rel="webmention" href="/first" href="/second">',
            [("link", ("webmention",), "/first")],
        ),
        ('<link rel="a" rel="b" href="/e">', [("link", ("a",), "/e")]),
        ('<link rel="webmention" href="/e" />', [("link", ("webmention",), "/e")]),
        ('<a href="/no-rel">x</a>', []),
        ('<link rel="" href="/e">', [("link", (), "/e")]),
    ],
)
def test_elements(markup: str, expected: list[tuple[str, tuple[str, ...], str | None]]) -> None:
    assert found(markup) == expected


@pytest.mark.parametrize(
    "hidden",
    [
        '<!-- <a rel="webmention" href="/hidden"></a> -->',
        '<code>&lt;a rel="webmention" href="/hidden"&gt;&lt;/a&gt;</code>',
        '<script>document.write(\'<a rel="webmention" href="/hidden">\')</script>',
        '<style>/* <link rel="webmention" href="/hidden"> */</style>',
        '<textarea><a rel="webmention" href="/hidden"></a></textarea>',
        '<title><link rel="webmention" href="/hidden"></title>',
        '<template><a rel="webmention" href="/hidden"></a></template>',
        '<b rel="webmention" href="/hidden">bold</b>',
        '<area rel="webmention" href="/hidden">',
        '<textarea/><a rel="webmention" href="/hidden"></textarea>',
    ],
)
def test_markup_that_is_not_an_element_is_ignored(hidden: str) -> None:
    markup = f'<html><body>{hidden}<a rel="webmention" href="/real">x</a></body></html>'
    assert found(markup) == [("a", ("webmention",), "/real")]


def test_document_order_across_head_and_body() -> None:
    markup = (
        '<head><link rel="stylesheet" href="/s.css"><link rel="webmention" href="/1"></head>'
        '<body><a rel="webmention" href="/2"><link rel="webmention" href="/3"></body>'
    )
    assert [link.href for link in find_rel_links(markup)] == ["/s.css", "/1", "/2", "/3"]


def test_tags_can_be_narrowed() -> None:
    markup = '<a rel="pingback" href="/a"><link rel="pingback" href="/l">'
    assert find_rel_links(markup, frozenset({"link"})) == [RelLink("link", ("pingback",), "/l")]


def test_broken_markup_does_not_raise() -> None:
    markup = '<a rel="webmention" href="/e"<<p>><link rel=webmention href=/f'
    assert isinstance(find_rel_links(markup), list)
