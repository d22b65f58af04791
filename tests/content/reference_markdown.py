"""The Markdown pipeline as plain markdown-it-py runs it, without plnpress's shortcuts: the
"before" that every speed-up of :mod:`plnpress.content.markdown` must match byte for byte.

It is plnpress's parser (its features, its own rules and renderers) without any shortcut:
markdown-it-py's own rule dispatch, link parsing, typographic replacements, linkify pre-tests and
link normalisation, and every code block highlighted afresh.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from plnpress.content import markdown as plnpress_markdown
from plnpress.content.highlight import highlight_code
from plnpress.content.rendered import RenderedMarkdown


def reference_render(text: str, base_path: str = "/") -> RenderedMarkdown:
    return plnpress_markdown.render_with(_parser(base_path), text)


@functools.cache
def _parser(base_path: str) -> MarkdownIt:
    md = plnpress_markdown.plain_parser(base_path)
    md.add_render_rule("fence", _render_fence)
    return md


def _render_fence(
    renderer: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    language = token.info.strip().split(maxsplit=1)[0] if token.info.strip() else ""
    return highlight_code.__wrapped__(token.content, language) + "\n"  # never from the cache
