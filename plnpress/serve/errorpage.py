"""The page the browser shows while the blog does not build, instead of the site.

It lists every problem as ``path:line: message`` (everything escaped: messages quote the writer's
text), and carries the reload script, so the site comes back by itself once a fix is saved.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from html import escape

from plnpress.errors import PlnpressError, ProblemsError


@dataclass(frozen=True, slots=True)
class Failure:
    """Why the last rebuild did not produce a site."""

    summary: str
    """One line: ``Build failed: 2 errors``."""
    lines: tuple[str, ...]
    """Each problem as ``path:line: message``."""
    detail: str | None = None
    """For a crash (a bug in plnpress, not in the blog): the traceback."""

    @classmethod
    def from_problems(cls, exc: ProblemsError) -> Failure:
        return cls(exc.summary, tuple(str(problem) for problem in exc.problems))

    @classmethod
    def from_exception(cls, exc: BaseException) -> Failure:
        """A crash: the writer sees the error and can report it; the server stays up."""
        if isinstance(exc, PlnpressError):
            return cls("Build failed", (str(exc),))
        detail = "".join(traceback.format_exception(exc))
        return cls(
            "plnpress crashed while rebuilding (a bug in plnpress, not in your blog)",
            (f"{type(exc).__name__}: {exc}",),
            detail,
        )

    @property
    def report(self) -> str:
        """The failure as terminal text."""
        return "\n".join([*self.lines, *([self.detail] if self.detail else []), self.summary])


def render_error_page(failure: Failure, script_tag: str, stylesheet: str) -> str:
    """The whole HTML page; ``script_tag`` is the reload script, ``stylesheet`` a URL."""
    items = "\n".join(f"<li><code>{escape(line)}</code></li>" for line in failure.lines)
    detail = f"<pre>{escape(failure.detail)}</pre>\n" if failure.detail else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(failure.summary)} · plnpress serve</title>
<link rel="stylesheet" href="{escape(stylesheet)}">
</head>
<body class="plnpress-error">
<main>
<h1>{escape(failure.summary)}</h1>
<p>Your blog does not build right now. Fix what is listed below and save the file:
this page turns back into your site by itself.</p>
<ul class="problems">
{items}
</ul>
{detail}</main>
{script_tag}
</body>
</html>
"""
