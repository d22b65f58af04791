"""The Markdown pipeline as plain markdown-it-py runs it, without plnpress's shortcuts: the
"before" that every speed-up of :mod:`plnpress.render.markdown` must match byte for byte.

It is the rendering as it was before the speed work of issue 19: markdown-it-py's own rule
dispatch, link parsing, typographic replacements, linkify pre-tests and link normalisation, and
every code block highlighted afresh. Only the pieces no speed-up touches (plnpress's own core
rules, the heading ids, the image renderer, the first paragraph) are taken from plnpress.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
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
    rewrite_links = functools.partial(plnpress_markdown._rewrite_links, base_path=base_path)
    md.core.ruler.push("plnpress_links", rewrite_links)
    md.core.ruler.push("plnpress_table_alignment", plnpress_markdown._alignment_classes)
    md.core.ruler.push("plnpress_figures", plnpress_markdown._mark_figures)
    md.add_render_rule("fence", _render_fence)
    md.add_render_rule("image", plnpress_markdown._render_image)
    return md


def _render_fence(
    renderer: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    language = token.info.strip().split(maxsplit=1)[0] if token.info.strip() else ""
    return highlight_code.__wrapped__(token.content, language) + "\n"  # never from the cache
