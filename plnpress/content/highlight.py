"""Code highlighting with Pygments, as CSS classes the theme styles (no inline colours)."""

from __future__ import annotations

import functools
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Pygments is imported at the first code block: a warm build may have none
    from pygments.formatters import HtmlFormatter
    from pygments.lexer import Lexer


@functools.cache
def _formatter() -> HtmlFormatter[str]:
    from pygments.formatters import HtmlFormatter

    return HtmlFormatter(nowrap=True)


@functools.lru_cache(maxsize=256)
def _lexer(language: str) -> Lexer | None:
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        return get_lexer_by_name(language, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return None


@functools.lru_cache(maxsize=1024)
def highlight_code(code: str, language: str) -> str:
    """``code`` as a ``<pre>`` block; highlighted when ``language`` names a Pygments lexer.

    Kept by content: a snippet shown again (a config file, a command) is not lexed again."""
    from pygments import highlight

    lexer = _lexer(language.lower()) if language else None
    body = highlight(code, lexer, _formatter()) if lexer is not None else escape(code, quote=False)
    lang_class = f' class="language-{escape(language)}"' if language else ""
    return f'<pre class="highlight"><code{lang_class}>{body}</code></pre>'
