"""Is a page well-formed HTML? The parse errors of the HTML standard's parser, and ids used twice.

html5lib implements the parsing algorithm of the HTML standard, which names every place where a
page leaves the syntax: a misnested or unclosed element, a stray end tag, an attribute given
twice. Browsers repair these silently, each in its own way, and the repaired page is often not
what the writer meant (a footer inside the last paragraph, a link that swallows the rest of the
post). The tree it builds is the one the link and microformats checks read, so each page is
parsed once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import html5lib
from bs4 import BeautifulSoup, Tag
from bs4.builder._html5lib import HTML5TreeBuilder
from html5lib.constants import E as ERROR_MESSAGES

Finding = tuple[int | None, str]
"""A problem in one page: its line (None: the page as a whole) and what is wrong."""

_CROSSED = "</%(name)s> closes <%(name)s> while an element opened inside it is still open"
_PLAIN_WORDS = {
    # The parser's own words name steps of its algorithm; these say what a writer did.
    "adoption-agency-1.2": "</%(name)s> has no open <%(name)s> left to close (crossed tags?)",
    "adoption-agency-1.3": f"{_CROSSED} (crossed tags: close the inner one first)",
    "adoption-agency-4.4": f"{_CROSSED} (crossed tags: close the inner one first)",
    "end-tag-too-early": (
        "</%(name)s> comes while an element opened inside <%(name)s> is still open "
        "(a tag left open?)"
    ),
    "expected-closing-tag-but-got-eof": "the page ends with an element still open",
}


@dataclass(frozen=True, slots=True)
class ParsedPage:
    """One page, parsed as a browser would."""

    soup: BeautifulSoup
    """The tree; every element knows its line (``Tag.sourceline``)."""
    parse_errors: tuple[Finding, ...]
    """Where the page departs from the HTML syntax, in the parser's words."""


def parse_page(html: str) -> ParsedPage:
    builder = _ErrorKeepingBuilder()
    soup = BeautifulSoup(html, builder=builder)
    return ParsedPage(soup, tuple(builder.parse_errors))


def markup_problems(page: ParsedPage) -> list[Finding]:
    """The parse errors, then every id given to a second element."""
    return [*page.parse_errors, *_duplicate_ids(page.soup)]


def elements(soup: BeautifulSoup) -> Iterator[Tag]:
    """Every element of the page, in document order."""
    for element in soup.descendants:
        if isinstance(element, Tag):
            yield element


def anchors(soup: BeautifulSoup) -> frozenset[str]:
    """The names a ``#fragment`` can point to in the page: ids, and ``<a name>`` of old."""
    found = set()
    for element in elements(soup):
        for name in ("id", "name") if element.name == "a" else ("id",):
            value = element.get(name)
            if isinstance(value, str) and value:
                found.add(str(value))
    return frozenset(found)


def _duplicate_ids(soup: BeautifulSoup) -> Iterator[Finding]:
    first: dict[str, int | None] = {}
    for element in elements(soup):
        value = element.get("id")
        if not isinstance(value, str):
            continue
        if value in first:
            where = f" on line {first[value]}" if first[value] is not None else ""
            yield element.sourceline, f'id "{value}" is already used{where}; ids must be unique'
        else:
            first[value] = element.sourceline


class _ErrorKeepingBuilder(HTML5TreeBuilder):
    """Beautiful Soup's html5lib tree builder, keeping the parse errors it would drop.

    ``feed`` is Beautiful Soup's own, for text, plus the one line that keeps ``parser.errors``;
    the parser is handed to the tree builder as Beautiful Soup does, which is how every element
    learns its line.
    """

    parse_errors: list[Finding]

    def feed(self, markup: str | bytes) -> None:
        # A factory where the stubs say a class: html5lib only calls it, as Beautiful Soup does.
        parser = html5lib.HTMLParser(tree=self.create_treebuilder)  # type: ignore[arg-type]
        self.underlying_builder.parser = parser
        parser.parse(markup)
        self.underlying_builder.parser = None
        self.parse_errors = [_finding(*error) for error in parser.errors]


def _finding(position: tuple[int, int], code: str, details: dict[str, object] | None) -> Finding:
    line, _column = position
    template = _PLAIN_WORDS.get(code) or ERROR_MESSAGES.get(code, code)
    try:
        message = template % (details or {})
    except (KeyError, TypeError, ValueError):
        message = template
    return line, f"HTML: {message}"
