"""Make strings from other people's pages safe to keep and to show.

Everything a source page says is hostile until it passes through here: HTML goes through nh3 (an
allowlist of tags and attributes, http and https links only, ``rel="nofollow ugc"``), text loses
control and direction-override characters and is length-capped, and URLs are accepted only when
they are absolute http or https URLs with a host. Templates escape what comes out, as they escape
everything else.
"""

from __future__ import annotations

import html
import re
import unicodedata
from urllib.parse import urljoin, urlsplit

import nh3

ALLOWED_TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "code",
        "del",
        "em",
        "i",
        "ins",
        "li",
        "ol",
        "p",
        "pre",
        "q",
        "s",
        "strong",
        "sub",
        "sup",
        "ul",
    }
)
"""Tags a response's content may keep. No images (they would hotlink), no media, no forms."""

ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}

DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "template", "iframe", "noscript", "object", "embed", "textarea", "select"}
)
"""Tags removed together with everything inside them (the rest keep their text)."""

LINK_REL = "nofollow ugc"
URL_SCHEMES = frozenset({"http", "https"})
MAX_URL_LENGTH = 2048
MAX_CONTENT_HTML = 10_000
"""Longer content is kept as a plain-text excerpt of `MAX_CONTENT_TEXT` characters."""
MAX_CONTENT_TEXT = 1_000

# Bidirectional overrides and isolates can make a name read differently from what it is.
_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F)}


def clean_html(markup: str, base_url: str | None = None) -> str:
    """`markup` reduced to the allowlist; relative links resolved against `base_url`."""
    cleaned = nh3.clean(
        markup,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        url_relative=("rewrite_with_base", base_url) if base_url else "deny",
        link_rel=LINK_REL,
        strip_comments=True,
    ).strip()
    cleaned = _ANCHOR.sub(_without_rel_if_no_href, cleaned)
    if len(cleaned) > MAX_CONTENT_HTML:
        text = shorten(plain_text(cleaned), MAX_CONTENT_TEXT)
        return f"<p>{html.escape(text, quote=False)}</p>"
    return cleaned


_ANCHOR = re.compile(r'<a((?: [a-z-]+="[^"]*")*)>')
"""An ``<a>`` start tag as nh3 writes it (every value in double quotes, none containing one)."""


def _without_rel_if_no_href(match: re.Match[str]) -> str:
    # nh3 gives every link rel="nofollow ugc", even one whose href it removed (a javascript:
    # or mistyped address); rel without href is not valid HTML, and a link to nowhere needs none.
    attributes = match[1]
    if ' href="' in attributes:
        return match[0]
    return "<a" + re.sub(r' rel="[^"]*"', "", attributes) + ">"


def text_as_html(text: str) -> str:
    """Plain text as safe HTML paragraphs (for content that came without markup)."""
    paragraphs = [clean_text(part, MAX_CONTENT_TEXT) for part in re.split(r"\n\s*\n", text)]
    return "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs if p)


def plain_text(markup: str) -> str:
    """The text of an HTML fragment, tags dropped, whitespace collapsed."""
    stripped = nh3.clean(markup, tags=set(), clean_content_tags=set(DROPPED_WITH_CONTENT))
    return " ".join(html.unescape(stripped).split())


def clean_text(value: object, limit: int = 200) -> str:
    """One line of text: control and direction-override characters removed, whitespace
    collapsed, at most `limit` characters (cut at a word, with an ellipsis)."""
    if not isinstance(value, str):
        return ""
    kept = "".join(
        " " if unicodedata.category(ch) == "Cc" else ch for ch in value if ch not in _BIDI
    )
    return shorten(" ".join(kept.split()), limit)


def shorten(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters at a word boundary, ending in "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.") + "…"


def clean_url(value: object, base_url: str | None = None) -> str | None:
    """`value` as an absolute http(s) URL (resolved against `base_url`), or None if it is not one.

    Refused: other schemes (``javascript:``, ``data:``, ``mailto:`` ...), URLs without a host,
    with spaces, control characters or credentials, and very long ones.
    """
    if not isinstance(value, str):
        return None
    url = value.strip().replace("\t", "").replace("\n", "").replace("\r", "")
    if not url or len(url) > MAX_URL_LENGTH or any(_unsafe_in_url(ch) for ch in url):
        return None
    if base_url:
        url = urljoin(base_url, url)
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in URL_SCHEMES or not host or "@" in parts.netloc:
        return None
    return url


def _unsafe_in_url(ch: str) -> bool:
    return ch.isspace() or ch in _BIDI or unicodedata.category(ch) in ("Cc", "Cf")


def excerpt(text: str, start: int, end: int, radius: int = 110) -> str:
    """The words around ``text[start:end]`` (our link's text), marked "[…]" where cut."""
    before, middle, after = text[:start], text[start:end], text[end:]
    head = before[-radius:]
    if len(head) < len(before):
        head = "[…] " + (head.split(" ", 1)[1] if " " in head else head).lstrip()
    tail = after[:radius]
    if len(tail) < len(after):
        tail = (tail.rsplit(" ", 1)[0] if " " in tail else tail).rstrip() + " […]"
    return clean_text(head + middle + tail, 2 * radius + len(middle) + 20)
