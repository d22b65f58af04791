"""Fetched HTML as a Beautiful Soup tree (html5lib, as browsers parse), within limits.

html5lib builds the tree the HTML standard describes, but nothing in it stops a hostile page:
100,000 nested ``<div>``s make every later tag scan a stack 100,000 deep (minutes), a megabyte
of tiny elements makes a tree of gigabytes, and each of a million NUL bytes is a parse error it
keeps (hundreds of megabytes). Here the tree builder refuses a page nested deeper than
`MAX_DEPTH` or with more than `MAX_NODES` elements, comments and runs of text, and parse errors
are not kept.
A real page, even a long one with its comments, stays far inside both.

Run it in a reader (`plnpress.fetch.parsing`): the limits bound the tree, the reader's time
and memory bound everything else.
"""

from __future__ import annotations

import warnings
from typing import Any

import html5lib
from bs4 import BeautifulSoup
from bs4.builder._html5lib import HTML5TreeBuilder, TreeBuilderForHtml5lib

from plnpress.fetch.parsing import TooComplex

MAX_DEPTH = 256
"""Elements nested deeper than this: real pages nest a few dozen deep."""
MAX_NODES = 40_000
"""Elements, comments and runs of text: a long page with its comment thread has a few thousand,
a megabyte of ordinary HTML ten to twenty thousand."""


def soup_of(markup: str) -> BeautifulSoup:
    """`markup` parsed as a browser would; raises `TooComplex` beyond the limits.

    NUL characters become U+FFFD first, as HTML makes them in attributes and raw text (in
    body text it drops them): html5lib's tokenizer handles each as a parse error of its own,
    which made a megabyte of them take seconds."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # bs4 warns about odd markup; odd markup is expected
        return BeautifulSoup(markup.replace("\0", "\ufffd"), builder=_LimitedBuilder())


class _LimitedBuilder(HTML5TreeBuilder):
    """Beautiful Soup's html5lib builder, with the limits above and no list of parse errors."""

    def feed(self, markup: Any) -> None:
        # A factory where the stubs say a class: html5lib only calls it, as Beautiful Soup does.
        parser = _QuietParser(tree=self.create_treebuilder)  # type: ignore[arg-type]
        self.underlying_builder.parser = parser
        parser.parse(markup)
        self.underlying_builder.parser = None

    def create_treebuilder(self, namespaceHTMLElements: bool) -> TreeBuilderForHtml5lib:
        self.underlying_builder = _LimitedTree(
            namespaceHTMLElements, self.soup, store_line_numbers=self.store_line_numbers
        )
        return self.underlying_builder


class _QuietParser(html5lib.HTMLParser):
    def parseError(self, errorcode: str = "", datavars: Any = None) -> None:
        """Parse errors are not kept: a page can have one per byte."""


class _LimitedTree(TreeBuilderForHtml5lib):
    """Counts what is made and how deep the open elements go, and stops beyond the limits."""

    _made = 0

    def elementClass(self, name: str, namespace: str) -> Any:
        self._count()
        if len(self.openElements) >= MAX_DEPTH:
            raise TooComplex(f"it is nested more than {MAX_DEPTH} elements deep")
        return super().elementClass(name, namespace)

    def commentClass(self, data: str) -> Any:
        self._count()
        return super().commentClass(data)

    def _count(self) -> None:
        self._made += 1
        if self._made > MAX_NODES:
            raise TooComplex(f"it has more than {MAX_NODES:,} elements and runs of text")
