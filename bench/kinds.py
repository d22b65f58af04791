"""The corpus kinds ``bench/run`` measures side by side: each makes N posts (title, slug, date,
tags, Markdown body) that every tool is given in its own format (bench/corpus.py and
bench/peers/ write them), so all tools build the same text.

- ``bench``: bench/corpus.py's generated posts (about one link a paragraph, to four hosts).
- ``inline-heavy``: bench/inline_heavy.py's, written the way people write on the web (a link in
  most sentences to 300 hosts, inline code, emphasis, nested lists, blockquotes).
- ``real``: bench/real.py's, the posts of ``../shared/data/realblogs/`` as ``plnpress import``
  brings them in, repeated with varied titles and dates.

A kind is a function from a number of posts to the posts; adding one is one entry here.
"""

from __future__ import annotations

from collections.abc import Callable

from bench import corpus, inline_heavy, real
from bench.corpus import Post

KINDS: dict[str, Callable[[int], list[Post]]] = {
    "bench": corpus.generate,
    "inline-heavy": inline_heavy.generate,
    "real": real.generate,
}
