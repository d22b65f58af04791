"""What rendering one Markdown body gives (kept apart from the renderer, so that code which only
handles results, such as the build cache, does not import markdown-it-py)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RenderedMarkdown:
    """The result of rendering one Markdown body."""

    html: str
    """The body as HTML."""
    first_paragraph: str
    """The first top-level paragraph as plain text (the default summary)."""
    links: tuple[str, ...]
    """Every absolute http(s) link target in the body, in order, without repeats."""
    pictures: tuple[tuple[str, int], ...] = ()
    """Every picture the body shows (Markdown images and ``<img>`` tags): its address as the
    HTML has it and its line (1: the body's first line), in order."""
    foreign: tuple[tuple[int, str], ...] = ()
    """Other generators' tags left in the text (outside code), each with its line in the body
    (1-based), in order (see :mod:`plnpress.content.foreign_syntax`)."""
