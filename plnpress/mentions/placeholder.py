"""A picture for authors without a usable photo: their initials on a colour of their own."""

from __future__ import annotations

import hashlib
from html import escape

from plnpress.model.response import Author


def placeholder_svg(author: Author) -> bytes:
    """An SVG with the author's initials; the text is escaped, the colour comes from the name."""
    hue = int(hashlib.sha256(author.name.encode("utf-8")).hexdigest()[:4], 16) % 360
    initials = escape(author.initials, quote=False)  # as xml.sax.saxutils.escape: & < >
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" width="48" height="48">'
        f'<rect width="48" height="48" rx="24" fill="hsl({hue}, 45%, 40%)"/>'
        '<text x="24" y="24" dy=".35em" text-anchor="middle" fill="#fff" '
        'font-family="system-ui, sans-serif" font-size="18" font-weight="600">'
        f"{initials}</text></svg>\n"
    ).encode()
