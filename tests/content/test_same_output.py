"""The shortcuts through markdown-it-py (plnpress/content/shortcuts.py) and the highlighting
cache change no byte of output: everything is rendered both by plnpress and by the plain
pipeline of tests/content/reference_markdown.py, and compared."""

from __future__ import annotations

import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench import corpus, inline_heavy
from plnpress.content.markdown import _SCHEMA, plain_parser, render_markdown
from tests.content.reference_markdown import reference_render

REPO = Path(__file__).resolve().parents[2]
REALBLOGS = REPO.parent / "shared" / "data" / "realblogs"

EDGE_CASES = [
    # Link addresses: what the one-regex scan takes, and what it leaves to markdown-it-py.
    "[a](https://example.org/path_(with)_parens) [b](<https://example.org/a b>) [c](/x\\)y)",
    "[a](https://example.org/a\\ b) [b](https://e.org/x(y) [c](https://e.org/\x7fz) [d]()",
    '[a](https://e.org/a "title") [b](https://e.org/b\n"title") [c](https://e.org/&amp;x)',
    "[a](https://e.org/a<b>) [b](<>) [c](   https://e.org/spaces   ) [d](https://e.org/%zz)",
    "![img](/cat.jpg 'A cat') ![a](https://e.org/i.png) [x](#frag) [y](mailto:a@b.org)",
    "[ref]: https://e.org/ref_(1) 'T'\n\n[ref] [ref][] [text][ref] [nope][missing]",
    # Plain links made at once, and the ones left to markdown-it-py's rule.
    "[plain text](https://e.org/a?b=c#d) [x](javascript:alert(1)) [y](/a&amp;b) [z](%zz)",
    "[a](b)[c](d) [a b](e.org/x) [tab\there](u) [ä](ü) [x](u) [[x](u)](v) \\[x](u) [x]( u)",
    '*[em](u)* _x[y](z)_ `[c](d)` [x](u "t") [r] [x](<u>)\n\n[r]: /ref',
    # Every character an inline rule starts with, in and out of context.
    "a\\*b `code` ~~del~~ *em* _em_ **strong** <https://auto.link> <b>html</b> &amp; &#35;",
    "x^[inline note] and a ref[^n]\n\n[^n]: The note.\n\ntrailing backslash\\\nnext line  \nhard",
    "[link with `code` and *em* and [nested](https://n.org)](https://outer.org) ![a ![b](c)](d)",
    "http://bare.example.org/path, https://bare.example.org. ftp://x.org mailto:a@b.org www.x.org",
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[foo]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]] [a [b [c](d)](e)](f)",
    # Bare links in any case, text with a ':' and no link, and letters that fold to a schema's.
    "HTTP://UPPER.example.org/x Https://Mixed.example.org/ FTP://f.org MAILTO:a@b.org a//b",
    "at 10:30: note; e.g.: see [x](https://e.org/x): then Note: httpſ://s.org maılto:a@b.org",
    # Line endings and NUL (normalized before parsing), and link texts shown as they are or not.
    "a\r\nb\rc\r\r\nd\0e\r\n\r\n- x\r  - y\0\r\n",
    "<https://xn--bcher-kva.example/a> https://xn--bcher-kva.example/ <HTTPS://UP.org/> "
    "<https://e.org/a%20b> https://e.org/%E2%82%AC <https://e.org:8080/?q=1#f> <//x.org>",
    # Typographic replacements: every rare one, around autolinks and in code.
    "+- a.. b... c?.... d!.... e???? f!!!!! g,,, h--- i -- j--k (c) (TM) (r) `a -- b...`",
    "<https://e.org/a--b...> -- after, [x--y](https://e.org/--) ... ?…  !!!!!!!",
    "'single' \"double\" it's \"nested 'quotes' here\" --- 'end'",
    "it's 'don't' rock'n'roll 5'11\" o'clock's ''a'b'' \"x's\"y 'it's' a'*b*'c `it's` [it's](u)",
    "'tis the 90's, isn't it? \"She said 'it's fine'\" l'été 'a'b'c' x'\ny' z'",
    # Blocks the inline rules run in.
    "- [ ] task\n- [x] done\n  - nested *item* with [link](https://e.org)\n\n> quote -- with...",
    "| a | b |\n| :-- | --: |\n| `x` | [y](https://e.org/y) |\n\n```python\nprint('hi')\n```",
    # Block rules at each first character, and what may end a paragraph, list or quote.
    "a | b\n-- | --\nc | d\ntext\n| x |\n|:-:|\n\na\n: b\n\na\n|\n\na\n---\nb\n===\n\n"
    "    code\n  - x",
    "para\n# head\npara\n> quote\nlazy\npara\n- item\npara\n2. two\npara\n1. one\npara\n***\n",
    "para\n~~~\nfenced\n~~~\n```\nx\n```\npara\n<div>html off</div>\npara\n[^n]: note\n",
    "- a\n  - b\n    - c\n     - d\n\n      code?\n* * *\n- - -\n_ _ _\n+ plus\n10) ten\n"
    "-x\n#x\n>x",
    "> - a\n> b\n>\n>     code\n> ```\n> f\n\n[r]: /u\n[r2]:\n  /v 'T'\npara [r] [r2]\n\n\t\ttab\n",
]


def _corpus_bodies() -> Iterator[str]:
    for post in inline_heavy.generate(120):
        yield post.body
    for post in corpus.generate(30):
        yield post.body


def _example_blog() -> Iterator[str]:
    for path in sorted((REPO / "content").rglob("*.md")):
        yield path.read_text(encoding="utf-8")


def _real_posts(tmp: Path) -> Iterator[str]:
    for archive in sorted(REALBLOGS.glob("*.tar.gz")):
        with tarfile.open(archive) as tar:
            tar.extractall(tmp, filter="data")
    for path in sorted(tmp.rglob("*")):
        if path.suffix in {".md", ".markdown"} and path.is_file():
            yield path.read_text(encoding="utf-8", errors="replace")


def _assert_same(texts: Iterator[str]) -> int:
    count = 0
    for text in texts:
        for base_path in ("/", "/blog/"):
            assert render_markdown(text, base_path) == reference_render(text, base_path), text
        count += 1
    return count


@pytest.mark.parametrize("text", EDGE_CASES)
def test_edge_cases_render_as_plain_markdown_it_does(text: str) -> None:
    _assert_same(iter([text]))


def test_generated_corpora_render_as_plain_markdown_it_does() -> None:
    assert _assert_same(_corpus_bodies()) == 150


def test_the_example_blog_renders_as_plain_markdown_it_does() -> None:
    assert _assert_same(_example_blog()) > 5


def test_real_posts_render_as_plain_markdown_it_does(tmp_path: Path) -> None:
    if not REALBLOGS.is_dir():
        pytest.skip("../shared/data/realblogs is not there (the shared test data)")
    assert _assert_same(_real_posts(tmp_path)) > 400


def test_the_link_check_knows_every_schema_linkify_it_knows() -> None:
    # plnpress skips linkify-it's test on text where none of its schemas can match; a schema
    # added to linkify-it (a new version, or a plugin) would be missed: name it here first.
    linkify = plain_parser("/").linkify
    assert linkify is not None
    schemas = {name for name in linkify._compiled if name}  # linkify-it has no public list
    assert {name for name in schemas if _SCHEMA.fullmatch(name)} == schemas
