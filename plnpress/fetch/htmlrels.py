"""Find ``<link>`` and ``<a>`` elements with a ``rel`` in an HTML document, in document order.

Uses the standard library's tokenizer, so markup inside comments, ``<script>``, ``<style>`` and
escaped text is not mistaken for elements. Python 3.11's tokenizer treats ``<textarea>`` and
``<title>`` content as markup, which HTML does not, so those (and the other raw-text elements)
are switched to raw-text mode here (newer Pythons do this themselves). Links inside
``<template>`` are inert in HTML and skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

# Elements whose content is text, not markup, in an HTML parser (with scripting disabled, which is
# what a crawler is, so <noscript> content stays markup).
RAW_TEXT_ELEMENTS = (
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
)

_ASCII_WHITESPACE = "\t\n\f\r "


@dataclass(frozen=True, slots=True)
class RelLink:
    """An element with a ``rel`` attribute."""

    tag: str
    """``link`` or ``a``."""
    rels: tuple[str, ...]
    """The rel tokens, lowercased (link types are ASCII case-insensitive)."""
    href: str | None
    """The href as written, without surrounding whitespace; None if there is no href at all.

    A bare ``href`` attribute is the empty string, which means the document itself."""
    type: str | None = None
    """The ``type`` attribute (a media type hint such as ``application/atom+xml``), if any."""


def find_rel_links(markup: str, tags: frozenset[str] = frozenset({"link", "a"})) -> list[RelLink]:
    """Every element among `tags` that has a ``rel`` attribute, in document order."""
    parser = _RelParser(tags)
    parser.feed(markup)
    parser.close()
    return parser.found


class _RelParser(HTMLParser):
    def __init__(self, tags: frozenset[str]) -> None:
        super().__init__(convert_charrefs=True)
        self._tags = tags
        self._template_depth = 0
        self.found: list[RelLink] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in RAW_TEXT_ELEMENTS:
            self.set_cdata_mode(tag)
            return
        if tag == "template":
            self._template_depth += 1
            return
        if tag not in self._tags or self._template_depth:
            return
        rel = _first(attrs, "rel")
        if rel is None:
            return
        href = _first(attrs, "href")
        self.found.append(
            RelLink(
                tag=tag,
                rels=tuple(token.lower() for token in rel.split()),
                href=None if href is None else _clean_url(href),
                type=_first(attrs, "type"),
            )
        )

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # HTML ignores the self-closing slash: <textarea/> and <template/> still open.
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "template" and self._template_depth:
            self._template_depth -= 1


def _first(attrs: list[tuple[str, str | None]], name: str) -> str | None:
    """The first value of attribute `name` (HTML ignores repeats); a bare attribute is ""."""
    for key, value in attrs:
        if key == name:
            return "" if value is None else value
    return None


def _clean_url(value: str) -> str:
    # The URL standard strips surrounding whitespace and removes tabs and newlines inside.
    value = value.strip(_ASCII_WHITESPACE)
    return value.replace("\t", "").replace("\n", "").replace("\r", "")
