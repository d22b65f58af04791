"""Markdown to HTML (this, :mod:`~plnpress.content.shortcuts` and
:mod:`~plnpress.content.block_dispatch` alone import markdown-it-py).

CommonMark plus tables, footnotes, strikethrough, task lists, heading ids, typographic quotes and
bare-URL links; fenced code is highlighted by Pygments into CSS classes; an image with a title that
stands alone in its paragraph becomes a ``<figure>`` with the title as ``<figcaption>``.
Root-relative links (``/img/cat.jpg``) are moved under the site's sub-path, so a blog published at
``https://example.org/blog/`` works without the writer spelling the sub-path out.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.normalize_url import normalizeLink, normalizeLinkText
from markdown_it.common.utils import escapeHtml, unescapeAll
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.anchors.index import slugify as _anchor_slug
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from plnpress.content import shortcuts
from plnpress.content.foreign_syntax import TagScanner, may_hold_tags, tags_in
from plnpress.content.highlight import highlight_code
from plnpress.content.rendered import RenderedMarkdown

__all__ = [
    "RESERVED_IDS",
    "RenderedMarkdown",
    "pictures_without_alt",
    "raw_html",
    "render_markdown",
]


def render_markdown(text: str, base_path: str = "/") -> RenderedMarkdown:
    """Render ``text``; ``base_path`` is the URL path the site is published under."""
    return render_with(_parser(base_path), text)


def render_with(parser: MarkdownIt, text: str) -> RenderedMarkdown:
    """Render ``text`` with ``parser`` (plnpress's, or :func:`plain_parser`'s)."""
    env: dict[str, Any] = {}
    tokens = parser.parse(text, env)
    html = parser.renderer.render(tokens, parser.options, env)
    return RenderedMarkdown(
        html=html,
        first_paragraph=_first_paragraph(tokens),
        links=tuple(dict.fromkeys(env.get("plnpress_links", ()))),
        pictures=tuple(env.get("plnpress_pictures", ())),
        foreign=tuple(env.get("plnpress_foreign", ())),
    )


def raw_html(text: str) -> list[tuple[int, str]]:
    """The raw HTML written in ``text`` (not in code), each piece with its line (1: the first)."""
    return [(line, token.content) for line, token in _tokens(text, "html_block", "html_inline")]


def pictures_without_alt(text: str) -> list[tuple[int, str]]:
    """The pictures in ``text`` with no alt text (``![](cat.jpg)``, ``<img src="cat.jpg">``), each
    with its line (1: the first) and address."""
    found = []
    for line, token in _tokens(text, "image", "html_block", "html_inline"):
        if token.type == "image" and not token.content.strip():
            found.append((line, str(token.attrGet("src") or "")))
        elif token.type != "image":
            for tag in _IMG_TAG.findall(token.content):
                if not _ALT.search(tag):
                    source = _SRC.search(tag)
                    found.append((line, source.group(1) if source else tag))
    return found


_IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ALT = re.compile(r"\balt\s*=\s*(\"\s*[^\"\s]|'\s*[^'\s]|[^\s\"'>])", re.IGNORECASE)
_SRC = re.compile(r"\bsrc\s*=\s*[\"']?([^\"'\s>]+)", re.IGNORECASE)


def _tokens(text: str, *types: str) -> Iterator[tuple[int, Token]]:
    """The tokens of ``types`` in ``text``, block or inline, each with its line."""
    for token in _parser("/").parse(text, {}):
        start = token.map[0] + 1 if token.map else 1
        if token.type in types:
            yield start, token
        for child in token.children or ():
            if child.type in ("softbreak", "hardbreak"):
                start += 1
            elif child.type in types:
                yield start, child


@functools.cache
def _parser(base_path: str) -> MarkdownIt:
    md = plain_parser(base_path)
    assert md.linkify is not None
    md.linkify.pretest = _may_have_link
    md.linkify.test = functools.partial(_may_have_link_in, md.linkify.test)
    md.normalizeLink = _normalize_link  # type: ignore[method-assign]
    md.normalizeLinkText = _normalize_link_text  # type: ignore[method-assign]
    shortcuts.install(md)
    return md


def plain_parser(base_path: str) -> MarkdownIt:
    """The parser with plnpress's features and rules but none of the shortcuts that make the
    same output faster (``tests/render/test_same_output.py`` compares the two)."""
    md = MarkdownIt("commonmark", {"typographer": True, "linkify": True, "xhtmlOut": False})
    md.enable(["table", "strikethrough", "linkify", "replacements", "smartquotes"])
    assert md.linkify is not None
    md.linkify.set({"fuzzy_link": False, "fuzzy_email": False})
    md.use(footnote_plugin).use(tasklists_plugin)
    md.use(anchors_plugin, min_level=1, max_level=6, slug_func=_heading_id)
    md.core.ruler.push("plnpress_links", functools.partial(_rewrite_links, base_path=base_path))
    md.core.ruler.push("plnpress_table_alignment", _alignment_classes)
    md.core.ruler.push("plnpress_figures", _mark_figures)
    md.core.ruler.before("replacements", "plnpress_foreign", _keep_foreign_tags)
    md.add_render_rule("fence", _render_fence)
    md.add_render_rule(FOREIGN_TEXT, _render_foreign_text)
    md.add_render_rule("image", _render_image)
    return md


def _may_have_link(text: str) -> bool:
    # linkify-it runs large regexes over every paragraph (pretest) and then every piece of text
    # in it (test), and its pretest says yes to any word that looks like a domain. With fuzzy
    # links and emails off, only a schema ("http:", "mailto:", "//") can make a link, so text
    # without ':' or '//' (or an entity that could spell one) has none: skipping it saves about
    # a third of the parse time. A paragraph that may have one is not run through linkify-it's
    # pretest (a paragraph with a Markdown link always passes it, at the cost of a big regex):
    # each piece of text in it is tested below, which is what would happen next anyway.
    return ":" in text or "//" in text or "&" in text


_SCHEMA = re.compile(r"https?:|ftp:|mailto:|//", re.IGNORECASE)
"""linkify-it's schemas (``tests/content/test_same_output.py`` checks the list is its own),
matched as its ``schema_test`` matches them: case-insensitively, Unicode case folding and all."""


def _may_have_link_in(test: Callable[[str], bool], text: str) -> bool:
    # With fuzzy links off, linkify-it's test is true only where its schema regex matches one
    # of these names; most text with a ':' has none ("e.g.: ", "10:30"), and its regex costs
    # about thirty microseconds a piece of text, a twentieth of the inline-heavy corpus's parse.
    return _may_have_link(text) and _SCHEMA.search(text) is not None and test(text)


_PLAIN_URL = re.compile(
    r"(?:https?://[a-z0-9.-]+(?::[0-9]+)?)?"
    r"(?:/(?!/)[A-Za-z0-9._~/-]*)?(?:\?[A-Za-z0-9._~=&+/-]*)?(?:#[A-Za-z0-9._~-]*)?\Z"
)
"""URLs markdown-it's ``normalizeLink`` gives back unchanged: a lowercase ASCII host (nothing to
punycode; ``//host`` is left to it) and only characters it never percent-encodes (no ``%``
either: one on its own would be encoded)."""


def _normalize_link(url: str) -> str:
    # Most links are plain URLs, and normalizing one (parse, punycode, format, percent-encode)
    # is about half of what markdown-it spends on a link: a tenth of rendering a post.
    return url if _PLAIN_URL.match(url) else normalizeLink(url)


def _normalize_link_text(link: str) -> str:
    # The text of a bare link or autolink: markdown-it parses and formats it again to show a
    # punycode host in Unicode; a plain URL without "xn--" comes back as it was.
    return link if _PLAIN_URL.match(link) and "xn--" not in link else normalizeLinkText(link)


RESERVED_IDS = frozenset({"main-content", "responses", "respond", "footnotes"})
"""Ids the theme uses on every entry page; a heading may not take them."""


def _heading_id(title: str) -> str:
    slug = _anchor_slug(title)
    return f"section-{slug}" if slug in RESERVED_IDS else slug


def _alignment_classes(state: StateCore) -> None:
    # markdown-it aligns table cells with style attributes, which a strict
    # Content-Security-Policy (style-src 'self') blocks; classes are allowed.
    for token in state.tokens:
        style = token.attrGet("style")
        if token.type in {"th_open", "td_open"} and isinstance(style, str):
            token.attrs.pop("style")
            token.attrSet("class", "align-" + style.removeprefix("text-align:").strip())


def _rewrite_links(state: StateCore, base_path: str) -> None:
    links: list[str] = state.env.setdefault("plnpress_links", [])
    pictures: list[tuple[str, int]] = state.env.setdefault("plnpress_pictures", [])
    for block in state.tokens:
        if block.type == "html_block":
            pictures += _html_pictures(block.content, _line(block))
        for index, token in enumerate(block.children or ()):
            if token.type == "html_inline":
                pictures += _html_pictures(token.content, _line(block, index))
                continue
            attr = "href" if token.type == "link_open" else "src" if token.type == "image" else ""
            if not attr:
                continue
            value = str(token.attrGet(attr) or "")
            if value.startswith("/") and not value.startswith("//") and base_path != "/":
                value = base_path.rstrip("/") + value
                token.attrSet(attr, value)
            elif attr == "href" and value.lower().startswith(("http://", "https://")):
                links.append(value)
            if attr == "src":
                pictures.append((value, _line(block, index)))


def _line(block: Token, child: int = 0) -> int:
    """The line (1: the body's first) of ``block``'s ``child``: the block's, plus the line
    breaks before it."""
    start = block.map[0] + 1 if block.map else 1
    before = (block.children or ())[:child]
    return start + sum(1 for token in before if token.type in ("softbreak", "hardbreak"))


def _html_pictures(html: str, line: int) -> list[tuple[str, int]]:
    """The pictures of ``<img src>`` tags in raw HTML the writer wrote, each with its line."""
    if "<img" not in html.lower():
        return []
    found = []
    for tag in _IMG_TAG.finditer(html):
        source = _SRC.search(tag.group())
        if source is not None:
            found.append((unescapeAll(source.group(1)), line + html.count("\n", 0, tag.start())))
    return found


FOREIGN_TEXT = "plnpress_foreign_text"
"""The token type of text inside another generator's tag: shown as written (see
:mod:`plnpress.content.foreign_syntax`)."""


def _keep_foreign_tags(state: StateCore) -> None:
    # Splits text tokens at other generators' tags, so that the typographic rules after this
    # one (which read only "text" tokens) leave the tags as written; notes each tag's line.
    if not may_hold_tags(state.src):
        return
    scanner = TagScanner()
    found: list[tuple[int, str]] = state.env.setdefault("plnpress_foreign", [])
    for block in state.tokens:
        if block.type in {"html_block", "html_inline"}:
            _note_tags(block.content, block.map, found)
        if block.type != "inline" or block.children is None or not may_hold_tags(block.content):
            continue
        children: list[Token] = []
        offset = 0
        for child in block.children:
            reading = scanner.closer or scanner.region_end
            if child.type != "text" or not (reading or "{" in child.content):
                if child.type == "html_inline":
                    _note_tags(child.content, block.map, found)
                children.append(child)
                continue
            for protected, piece, tag in scanner.split(child.content):
                if tag is not None and block.map is not None:
                    offset = max(block.content.find(tag, offset), offset)
                    found.append((block.map[0] + 1 + block.content.count("\n", 0, offset), tag))
                token = Token(FOREIGN_TEXT if protected else "text", "", 0)
                token.content = piece
                children.append(token)
        block.children = children


def _note_tags(html: str, where: list[int] | None, found: list[tuple[int, str]]) -> None:
    if where is None or not may_hold_tags(html):
        return
    for tag in tags_in(html):
        found.append((where[0] + 1 + html.count("\n", 0, html.find(tag)), tag))


def _render_foreign_text(
    renderer: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return escapeHtml(tokens[idx].content)


def _mark_figures(state: StateCore) -> None:
    tokens = state.tokens
    for index in range(1, len(tokens) - 1):
        inline = tokens[index]
        if inline.type != "inline" or tokens[index - 1].type != "paragraph_open":
            continue
        children = [
            c for c in inline.children or () if not (c.type == "text" and not c.content.strip())
        ]
        if len(children) == 1 and children[0].type == "image" and children[0].attrGet("title"):
            children[0].meta["figure"] = True
            tokens[index - 1].hidden = True
            tokens[index + 1].hidden = True


def _render_image(
    renderer: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    alt = renderer.renderInlineAsText(token.children or [], options, env)
    src = escapeHtml(str(token.attrGet("src") or ""))
    title = str(token.attrGet("title") or "")
    if token.meta.get("figure"):
        caption = escapeHtml(title)
        return (
            f'<figure><img src="{src}" alt="{escapeHtml(alt)}">'
            f"<figcaption>{caption}</figcaption></figure>\n"
        )
    title_attr = f' title="{escapeHtml(title)}"' if title else ""
    return f'<img src="{src}" alt="{escapeHtml(alt)}"{title_attr}>'


def _render_fence(
    renderer: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    language = token.info.strip().split(maxsplit=1)[0] if token.info.strip() else ""
    return highlight_code(token.content, language) + "\n"


def _first_paragraph(tokens: Sequence[Token]) -> str:
    for index, token in enumerate(tokens):
        if token.type == "paragraph_open" and token.level == 0 and not token.hidden:
            inline = tokens[index + 1]
            return _plain_text(inline.children or ())
    return ""


def _plain_text(children: Sequence[Token]) -> str:
    parts: list[str] = []
    for child in children:
        if child.type in {"text", "code_inline", FOREIGN_TEXT}:
            parts.append(child.content)
        elif child.type in {"softbreak", "hardbreak"}:
            parts.append(" ")
        elif child.type == "image":
            parts.append(_plain_text(child.children or ()))
    return " ".join("".join(parts).split())
