"""What a faster Markdown parser would give, and whether its output is the same (issue 19).

    python bench/faster_parser.py [--posts 500]

markdown-it-pyrs (markdown-it in Rust, with a Python API modelled on markdown-it-py) is
installed into ``bench/.work/pyrs-venv`` (with this Python's packages visible) the first time.
For each corpus kind (bench/kinds.py) the bodies of N posts are rendered three ways, each timed
as CPU time in this process, best of three: plnpress's own Markdown step
(``plnpress.content.markdown.render_markdown``: markdown-it-py with plnpress's rules, plugins and
highlighting), plain markdown-it-py with the CommonMark options and plugins markdown-it-pyrs also
has (tables, strikethrough, linkify, typographic replacements and quotes, footnotes, task
lists), and markdown-it-pyrs with those. The report gives the times, the ratio, and how many
bodies markdown-it-pyrs renders differently from plain markdown-it-py (the parser swap alone,
before any of plnpress's own rules, which markdown-it-pyrs cannot run: they are Python).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.kinds import KINDS
from bench.peers import WORK

VENV = WORK / "pyrs-venv"
PLUGINS = (
    "table", "strikethrough", "linkify", "replacements", "smartquotes", "footnote", "tasklist",
)  # fmt: skip
"""What both parsers have, as markdown-it-pyrs names it."""


def _in_venv() -> None:
    """Run this script again in the virtualenv that has markdown-it-pyrs."""
    python = VENV / "bin" / "python"
    if not python.exists():
        subprocess.run(
            [sys.executable, "-m", "venv", "--system-site-packages", str(VENV)], check=True
        )
        subprocess.run([str(python), "-m", "pip", "install", "-q", "markdown-it-pyrs"], check=True)
    os.execv(str(python), [str(python), *sys.argv])


def _best(render: Callable[[str], str], bodies: list[str]) -> tuple[float, list[str]]:
    best, out = float("inf"), []
    for _ in range(3):
        started = time.process_time()
        out = [render(body) for body in bodies]
        best = min(best, time.process_time() - started)
    return best, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=500)
    args = parser.parse_args()
    try:
        import markdown_it_pyrs
    except ImportError:
        _in_venv()
        return
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.tasklists import tasklists_plugin

    from plnpress.content.markdown import render_markdown

    plain = MarkdownIt("commonmark", {"typographer": True, "linkify": True})
    plain.enable(["table", "strikethrough", "linkify", "replacements", "smartquotes"])
    assert plain.linkify is not None
    plain.linkify.set({"fuzzy_link": False, "fuzzy_email": False})  # as plnpress has it
    plain.use(footnote_plugin).use(tasklists_plugin)
    fast = markdown_it_pyrs.MarkdownIt("commonmark").enable_many(list(PLUGINS))

    print(f"Markdown of {args.posts} posts per corpus kind, CPU seconds (best of 3)")
    print(f"{'kind':<14}{'plnpress':>10}{'markdown-it-py':>16}{'markdown-it-pyrs':>18}"
          f"{'pyrs faster':>13}{'bodies differing':>18}")  # fmt: skip
    for kind, generate in KINDS.items():
        bodies = [post.body for post in generate(args.posts)]
        ours, _ = _best(lambda body: render_markdown(body, "/").html, bodies)
        slow, slow_out = _best(plain.render, bodies)
        quick, quick_out = _best(fast.render, bodies)
        differing = sum(1 for a, b in zip(slow_out, quick_out, strict=True) if a != b)
        print(f"{kind:<14}{ours:>10.2f}{slow:>16.2f}{quick:>18.3f}{slow / quick:>12.1f}x"
              f"{differing:>12} of {len(bodies)}")  # fmt: skip


if __name__ == "__main__":
    main()
