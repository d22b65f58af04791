"""WordPress shortcodes (``[caption]``, ``[gallery]``, ``[embed]`` ...): found and parsed as
WordPress itself does, then turned into HTML by the handlers the caller gives.

The patterns are WordPress's own (``get_shortcode_regex()`` and ``shortcode_parse_atts()`` in
``wp-includes/shortcodes.php``), so what WordPress read as a shortcode is read as one here, with
the same attributes; ``[[gallery]]`` is WordPress's way to write the text ``[gallery]``.
A shortcode no handler knows is left as it is written and reported, so the writer can decide.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

_SHORTCODE = re.compile(
    r"\[(\[?)"  # 1: an opening [[ escapes the shortcode
    r"([^\s\[\]/<>&=\"'\x00-\x20]+)"  # 2: the name
    r"(?![\w-])"
    r"([^\]/]*(?:/(?!\])[^\]/]*)*?)"  # 3: the attributes
    r"(?:(/)\]"  # 4: self-closing [name /]
    r"|\](?:([^\[]*+(?:\[(?!/\2\])[^\[]*+)*+)\[/\2\])?)"  # 5: content up to [/name]
    r"(\]?)",  # 6: a closing ]] ends the escape
    re.DOTALL,
)
_ATTRIBUTE = re.compile(
    r"([\w-]+)\s*=\s*\"([^\"]*)\"(?:\s|$)"
    r"|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)"
    r"|([\w-]+)\s*=\s*([^\s'\"]+)(?:\s|$)"
    r"|\"([^\"]*)\"(?:\s|$)"
    r"|'([^']*)'(?:\s|$)"
    r"|(\S+)(?:\s|$)"
)
_QUOTES = str.maketrans({"“": '"', "”": '"', "″": '"', "‘": "'", "’": "'", "′": "'"})
"""Typographic quotes that WordPress's texturizer put around attribute values in old posts."""

KNOWN_ELSEWHERE = frozenset(
    """
    playlist wpvideo videopress googlemaps instagram twitter tweet soundcloud slideshare spotify
    dailymotion polldaddy crowdsignal recipe archives sitemap portfolio testimonials toc button
    columns column row one_half one_third two_thirds tabs tab accordion contact-form
    contact-form-7 gravityform wufoo scribd latex
    """.split()
)
"""Shortcodes of WordPress.com and common plugins: reported even when written bare, as
``[archives]``; other bare words in brackets (``[sic]``) are text."""


@dataclass(frozen=True, slots=True)
class Shortcode:
    """One shortcode as written: its name, attributes and the content it encloses."""

    name: str
    attributes: dict[str, str]
    """Named attributes, lowercased keys; positional ones as ``"0"``, ``"1"`` ..."""
    content: str | None
    """The text between ``[name]`` and ``[/name]``; None for a shortcode without one."""
    text: str
    """Exactly as written in the post."""


Handler = Callable[[Shortcode], str]
"""Returns the HTML that replaces a shortcode."""


def parse_attributes(text: str) -> dict[str, str]:
    """WordPress's ``shortcode_parse_atts()``."""
    text = re.sub(r"[\u00a0\u200b]+", " ", text.translate(_QUOTES))
    found: dict[str, str] = {}
    position = 0
    for match in _ATTRIBUTE.finditer(text):
        groups = match.groups()
        for key_at in (0, 2, 4):
            if groups[key_at]:
                found[groups[key_at].lower()] = groups[key_at + 1]
                break
        else:
            value = next(g for g in groups[6:] if g is not None)
            found[str(position)] = value
            position += 1
    return found


def expand(text: str, handlers: Mapping[str, Handler]) -> tuple[str, list[Shortcode]]:
    """``text`` with every shortcode that has a handler replaced by its HTML; the shortcodes
    left as they are written, which look like shortcodes (see `looks_like_shortcode`)."""
    unknown: list[Shortcode] = []

    def replace(match: re.Match[str]) -> str:
        if match[1] == "[" and match[6] == "]":
            return match[0][1:-1]  # [[name]] is the text [name]
        name = match[2]
        code = Shortcode(
            name=name,
            attributes=parse_attributes(match[3]),
            content=match[5],
            text=match[0],
        )
        handler = handlers.get(name.lower())
        if handler is None:
            if looks_like_shortcode(code):
                unknown.append(code)
            return match[0]
        return handler(code)

    return _SHORTCODE.sub(replace, text), unknown


def looks_like_shortcode(code: Shortcode) -> bool:
    """Would a reader take this for a shortcode rather than words in brackets?"""
    if not code.name[0].isalpha():
        return False  # [1], a footnote's number
    if code.content is not None or code.name.lower() in KNOWN_ELSEWHERE:
        return True
    if any(not key.isdigit() for key in code.attributes):
        return True  # name="value"
    if any(value.startswith(("http://", "https://")) for value in code.attributes.values()):
        return True
    return not code.attributes and ("_" in code.name or "-" in code.name)
