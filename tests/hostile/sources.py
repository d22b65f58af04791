"""Hostile source pages: each one cost a receiver minutes or hundreds of megabytes to read before
pages were read in stoppable readers (issue 15, points 1 and 2)."""

from __future__ import annotations

import gzip
from functools import cache

from tests.webmention.servers import Reply

HTML = ("Content-Type", "text/html; charset=utf-8")


def deep_nesting(target: str, depth: int = 100_000) -> Reply:
    """100,000 nested ``<div>``s, then the link (500 KB: the fetch ends at once)."""
    return Reply(200, [HTML], ("<div>" * depth + f'<a href="{target}">x</a>').encode())


def slow_to_read(target: str) -> Reply:
    """Inside every limit of the tree (250 elements deep, 250 elements, under 1 MB), but for each
    of 240,000 stray ``</i>`` html5lib searches all 250 open ``<span>``s for an ``<i>`` and
    makes nothing: some eight seconds of reading on the test machines. (Stray ``</p>``s, as
    this page had before, make a paragraph each: on a fast machine the tree's element limit,
    not the time, stopped the reading.)"""
    markup = "<span>" * 250 + "</i>" * 240_000 + f'<a href="{target}">x</a>'
    return Reply(200, [HTML], markup.encode())


def nul_bytes(size: int = 1_000_000) -> Reply:
    """A page of NUL bytes: one parse error each, kept by html5lib until it was told not to."""
    return Reply(200, [HTML], b"\0" * size)


@cache
def _bomb() -> bytes:
    return gzip.compress(b"\0" * 200_000_000, compresslevel=9)


def gzip_bomb() -> Reply:
    """200 MB of zeros in 200 KB of gzip."""
    return Reply(200, [HTML, ("Content-Encoding", "gzip")], _bomb())


def big_page(target: str, megabytes: int) -> Reply:
    """A long page of ordinary paragraphs (about 500 bytes each, with a link and some emphasis),
    linking to `target` only at its end."""
    words = "An ordinary sentence of an ordinary long page, the way blogs write them. " * 5
    paragraph = (
        f'<p>{words}With <a href="https://elsewhere.example/">a link</a> and <em>some'
        f" emphasis</em>. {words}</p>\n"
    )
    count = megabytes * 1_000_000 // len(paragraph)
    body = "<!doctype html><title>Long</title>" + paragraph * count
    return Reply(200, [HTML], (body + f'<a href="{target}">x</a>').encode())


def dense_page(nodes: int = 39_000) -> Reply:
    """Just under the limit of elements and runs of text: the most a reader holds."""
    return Reply(200, [HTML], b"<p>x</p>" * (nodes // 2))


def tokenizer_trap(rel_link: str) -> Reply:
    """60 KB that Python 3.11's HTML tokenizer (``html.parser``, which endpoint, feed and title
    discovery use) takes minutes over: each unclosed ``<a `` is scanned to the end again."""
    return Reply(200, [HTML], (rel_link + "<a " * 20_000).encode())
