from __future__ import annotations

import pytest

from plnpress.fetch.linkheader import Link, parse_link_header, parse_link_headers


def targets_and_rels(value: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(link.target, link.rels) for link in parse_link_header(value)]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("</test/1/webmention>; rel=webmention", [("/test/1/webmention", ("webmention",))]),
        ('<https://w.example/e>; rel="webmention"', [("https://w.example/e", ("webmention",))]),
        (
            '<https://w.example/e>; rel="webmention somethingelse"',
            [("https://w.example/e", ("webmention", "somethingelse"))],
        ),
        (
            '<https://w.example/error>; rel="other", <https://w.example/e>; rel="webmention"',
            [("https://w.example/error", ("other",)), ("https://w.example/e", ("webmention",))],
        ),
        ("<e>;rel=webmention,<f>;rel=next", [("e", ("webmention",)), ("f", ("next",))]),
        ("<e> ; REL = WebMention", [("e", ("webmention",))]),
        ('<e>; rel="\twebmention  next "', [("e", ("webmention", "next"))]),
        # Commas inside the target and inside quoted values do not split links.
        (
            '<https://w.example/a,b?x=1,2>; title="one, two"; rel=webmention, <z>; rel=x',
            [("https://w.example/a,b?x=1,2", ("webmention",)), ("z", ("x",))],
        ),
        # Semicolons and escaped quotes inside a quoted value.
        ('<e>; title="a; \\"b\\""; rel=webmention', [("e", ("webmention",))]),
        # The first rel wins; later ones are ignored (RFC 8288 §3.3).
        ("<e>; rel=other; rel=webmention", [("e", ("other",))]),
        # A token must match whole: no substrings.
        ('<e>; rel="not-webmention"', [("e", ("not-webmention",))]),
        ("<e>; rel=webmentions", [("e", ("webmentions",))]),
        # No rel at all, empty values, bare parameters.
        ("<e>", [("e", ())]),
        ("<e>; rel=", [("e", ())]),
        ('<e>; rel=""', [("e", ())]),
        ("<e>; crossorigin; rel=preload", [("e", ("preload",))]),
        # Empty list elements are allowed by the #rule.
        (" , <e>; rel=a ,, <f>; rel=b , ", [("e", ("a",)), ("f", ("b",))]),
        # An empty target means the resource itself.
        ("<>; rel=webmention", [("", ("webmention",))]),
        ("", []),
    ],
)
def test_parse(value: str, expected: list[tuple[str, tuple[str, ...]]]) -> None:
    assert targets_and_rels(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # A malformed link-value is skipped up to the next top-level comma.
        ('garbage, <e>; rel="webmention"', [("e", ("webmention",))]),
        ('"quoted, garbage" <x>, <e>; rel=webmention', [("e", ("webmention",))]),
        ("<a> rel=webmention, <e>; rel=next", [("a", ()), ("e", ("next",))]),
        ("https://w.example/e; rel=webmention", []),
        # An unclosed target ends the field.
        ("<e; rel=webmention", []),
        # An unterminated quoted string runs to the end.
        ('<e>; rel="webmention', [("e", ("webmention",))]),
    ],
)
def test_malformed_input_is_survived(
    value: str, expected: list[tuple[str, tuple[str, ...]]]
) -> None:
    assert targets_and_rels(value) == expected


def test_parameters_keep_order_and_lowercase_names() -> None:
    (link,) = parse_link_header('<e>; Rel=webmention; Title="Hello, World"; TYPE=text/html')
    assert link == Link(
        "e", (("rel", "webmention"), ("title", "Hello, World"), ("type", "text/html"))
    )
    assert link.param("TITLE") == "Hello, World"
    assert link.param("anchor") is None
    assert link.has_rel("WEBMENTION")
    assert not link.has_rel("web")


def test_extended_values_are_decoded() -> None:
    (link,) = parse_link_header("<e>; title*=UTF-8'de'n%c3%a4chstes; rel=next")
    assert link.param("title*") == "nächstes"
    (link,) = parse_link_header("<e>; title*=bogus")
    assert link.param("title*") == "bogus"


def test_several_header_fields_in_order() -> None:
    links = parse_link_headers(["<a>; rel=other", "<b>; rel=webmention, <c>; rel=webmention"])
    assert [link.target for link in links] == ["a", "b", "c"]
