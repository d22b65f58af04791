"""The Markdown pipeline as plain markdown-it-py runs it, without plnpress's shortcuts: the
"before" that every speed-up of :mod:`plnpress.render.markdown` must match byte for byte.

It is the rendering as it was before the speed work of issue 19: markdown-it-py's own rule
dispatch, link parsing, linkify pre-tests and link normalisation, every code block highlighted
afresh, and plnpress's three core rules as three passes. Only the pieces no speed-up touches
(the heading ids, the image renderer, the first paragraph) are taken from plnpress.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from plnpress.render import markdown as plnpress_markdown
from plnpress.render.highlight import highlight_code
from plnpress.render.rendered import RenderedMarkdown


def reference_render(text: str, base_path: str = "/") -> RenderedMarkdown:
    parser = _parser(base_path)
    env: dict[str, Any] = {}
    tokens = parser.parse(text, env)
    html = parser.renderer.render(tokens, parser.options, env)
    return RenderedMarkdown(
        html=html,
        first_paragraph=plnpress_markdown._first_paragraph(tokens),
        links=tuple(dict.fromkeys(env.get("plnpress_links", ()))),
    )


@functools.cache
def _parser(base_path: str) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"typographer": True, "linkify": True, "xhtmlOut": False})
    md.enable(["table", "strikethrough", "linkify", "replacements", "smartquotes"])
    assert md.linkify is not None
    md.linkify.set({"fuzzy_link": False, "fuzzy_email": False})
    md.use(footnote_plugin).use(tasklists_plugin)
    md.use(anchors_plugin, min_level=1, max_level=6, slug_func=plnpress_markdown._heading_id)
    md.core.ruler.push("plnpress_links", functools.partial(_rewrite_links, base_path=base_path))
    md.core.ruler.push("plnpress_table_alignment", _alignment_classes)
    md.core.ruler.push("plnpress_figures", _mark_figures)
    md.add_render_rule("fence", _render_fence)
    md.add_render_rule("image", plnpress_markdown._render_image)
    return md


def _render_fence(
    renderer: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    language = token.info.strip().split(maxsplit=1)[0] if token.info.strip() else ""
    return highlight_code.__wrapped__(token.content, language) + "\n"  # never from the cache


def _alignment_classes(state: StateCore) -> None:
    for token in state.tokens:
        style = token.attrGet("style")
        if token.type in {"th_open", "td_open"} and isinstance(style, str):
            token.attrs.pop("style")
            token.attrSet("class", "align-" + style.removeprefix("text-align:").strip())


def _rewrite_links(state: StateCore, base_path: str) -> None:
    links: list[str] = state.env.setdefault("plnpress_links", [])
    for block in state.tokens:
        for token in block.children or ():
            attr = "href" if token.type == "link_open" else "src" if token.type == "image" else ""
            if not attr:
                continue
            value = str(token.attrGet(attr) or "")
            if value.startswith("/") and not value.startswith("//") and base_path != "/":
                token.attrSet(attr, base_path.rstrip("/") + value)
            elif attr == "href" and value.lower().startswith(("http://", "https://")):
                links.append(value)


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
