"""WordPress's automatic paragraphs (``wpautop``), on a parsed tree.

A post written in WordPress's classic editor is stored without ``<p>``: WordPress makes a
paragraph of the text between blank lines, and a line break of every other newline, each time it
shows the post. The block editor's posts carry their own ``<p>`` and are left alone (as WordPress
leaves them). This does what ``wpautop`` does, on the tree an HTML parser made rather than with
its regular expressions: text between block elements becomes paragraphs, ``<pre>`` and code are
never touched, and a list item or table cell gets paragraphs only if it has blank lines in it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bs4 import BeautifulSoup
from bs4.element import Comment, NavigableString, PageElement, Tag

BLOCKS = frozenset(
    """
    address article aside audio blockquote caption dd details dialog div dl dt fieldset
    figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr iframe legend li main
    map math nav noscript object ol p pre section summary svg table tbody td tfoot th thead
    tr ul video style script hr canvas embed
    """.split()
)
"""Elements WordPress never puts inside a paragraph (its ``$allblocks``, and media)."""

_OWN_PARAGRAPHS = frozenset(
    "[document] body div blockquote section article aside main header footer nav details "
    "form fieldset".split()
)
"""Containers whose loose text always becomes paragraphs."""

_LOOSE = frozenset("li dd dt td th figcaption caption summary".split())
"""Containers whose text becomes paragraphs only when it has a blank line in it."""

_INLINE_ONLY = frozenset("p h1 h2 h3 h4 h5 h6 address legend".split())
"""Blocks that hold only inline content: newlines in them become line breaks."""

_UNTOUCHED = frozenset("pre script style textarea svg math code kbd samp iframe object".split())

_BLANK_LINE = re.compile(r"\n[ \t\r]*\n\s*")


def add_paragraphs(soup: BeautifulSoup) -> None:
    """Give the loose text of ``soup`` (a post's body) the paragraphs WordPress showed."""
    _container(soup, soup, always=True)


def _container(soup: BeautifulSoup, tag: Tag, always: bool) -> None:
    run: list[PageElement] = []
    for child in list(tag.children):
        if isinstance(child, Comment):
            child.extract()
        elif isinstance(child, Tag) and child.name in BLOCKS:
            _wrap(soup, run, always)
            run = []
            _block(soup, child)
        else:
            run.append(child)
    _wrap(soup, run, always)


def _block(soup: BeautifulSoup, tag: Tag) -> None:
    if tag.name in _UNTOUCHED:
        return
    if tag.name in _OWN_PARAGRAPHS:
        _container(soup, tag, always=True)
    elif tag.name in _LOOSE:
        _container(soup, tag, always=False)
    elif tag.name in _INLINE_ONLY:
        _line_breaks(soup, list(tag.children), trim=True)
    else:  # lists, tables, figures: only their own blocks hold text
        for child in list(tag.children):
            if isinstance(child, Tag) and child.name in BLOCKS:
                _block(soup, child)
            elif isinstance(child, Tag):
                _line_breaks(soup, [child], trim=False)


def _wrap(soup: BeautifulSoup, run: Sequence[PageElement], always: bool) -> None:
    """Make paragraphs of a run of inline content (or only line breaks, in a list item
    without a blank line)."""
    if not any(_has_text(node) for node in run):
        for node in run:
            if isinstance(node, NavigableString):
                node.extract()  # whitespace between blocks
        return
    if not always and not any(
        isinstance(node, NavigableString) and _BLANK_LINE.search(str(node)) for node in run
    ):
        _line_breaks(soup, list(run), trim=True)
        return
    for paragraph in _split(soup, run):
        if any(_has_text(node) for node in paragraph):
            holder = soup.new_tag("p")
            paragraph[0].insert_before(holder)
            for node in paragraph:
                holder.append(node.extract())
            _line_breaks(soup, list(holder.children), trim=True)
        else:
            for node in paragraph:
                node.extract()


def _split(soup: BeautifulSoup, run: Sequence[PageElement]) -> list[list[PageElement]]:
    """The run cut at blank lines in its top-level text."""
    paragraphs: list[list[PageElement]] = [[]]
    for node in run:
        if not isinstance(node, NavigableString) or not _BLANK_LINE.search(str(node)):
            paragraphs[-1].append(node)
            continue
        parts = _BLANK_LINE.split(str(node))
        pieces = [NavigableString(part) for part in parts]
        node.replace_with(*pieces)
        paragraphs[-1].append(pieces[0])
        for piece in pieces[1:]:
            paragraphs.append([piece])
    return paragraphs


def _line_breaks(soup: BeautifulSoup, nodes: list[PageElement], trim: bool) -> None:
    """Newlines in the text of ``nodes`` become ``<br>``; with ``trim``, none at either end."""
    last = len(nodes) - 1
    for index, node in enumerate(nodes):
        if isinstance(node, Comment):
            continue
        if isinstance(node, NavigableString):
            text = str(node)
            if trim and index == 0:
                text = text.lstrip()
            if trim and index == last:
                text = text.rstrip()
            if text == str(node) and "\n" not in text:
                continue
            lines = text.split("\n")
            pieces: list[PageElement] = [NavigableString(lines[0])] if lines[0] else []
            for line in lines[1:]:
                pieces.append(soup.new_tag("br"))
                if line.lstrip(" \t"):
                    pieces.append(NavigableString(line.lstrip(" \t")))
            if pieces:
                node.replace_with(*pieces)
            else:
                node.extract()
        elif isinstance(node, Tag) and node.name not in _UNTOUCHED and node.name not in BLOCKS:
            _line_breaks(soup, list(node.children), trim=False)


def _has_text(node: PageElement) -> bool:
    if isinstance(node, Comment):
        return False
    if isinstance(node, NavigableString):
        return bool(str(node).strip())
    return True  # an element: an image, a link, a line break
