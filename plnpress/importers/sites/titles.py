"""A title for an item whose front matter has none: its first ``#`` heading (taken out of the
body, since the theme shows the title), else, for a note, its first words."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

_HEADING = re.compile(r"^#[ \t]+(?P<text>.+?)[ \t]*#*[ \t]*$", re.M)
_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})", re.M)
_MARKUP = re.compile(r"!\[[^\]]*\]\([^)]*\)|<[^>]+>|[*_`>#]|\{[{%<][^}]*[}%>]\}")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def title_from_heading(body: str) -> tuple[str | None, str]:
    """The first level-one heading before any code, and the body without it."""
    fence = _FENCE.search(body)
    heading = _HEADING.search(body, 0, fence.start() if fence else len(body))
    if heading is None:
        return None, body
    rest = body[: heading.start()] + body[heading.end() :].lstrip("\n")
    return heading.group("text").strip(), rest


def title_from_text(body: str, front: dict[str, Any], most: int = 60) -> str:
    """A short title from the first words of a note (or what it replies to or likes)."""
    text = _LINK.sub(r"\1", body)
    text = " ".join(_MARKUP.sub(" ", text).split())
    sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0] if text else ""
    if not sentence:
        for key, what in (
            ("like_of", "Liked"),
            ("repost_of", "Reposted"),
            ("in_reply_to", "Reply to"),
        ):
            target = front.get(key)
            if isinstance(target, str):
                parts = urlsplit(target)
                return f"{what} {parts.netloc}{parts.path}".rstrip("/")
        return "Untitled note"
    if len(sentence) <= most:
        return sentence
    cut = sentence[:most].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"
