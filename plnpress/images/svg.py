"""The size an SVG asks to be shown at, read from its root element's attributes."""

from __future__ import annotations

import re

_ROOT = re.compile(rb"<svg\b([^>]*)>", re.IGNORECASE)
_ATTRIBUTE = re.compile(rb"""\b(width|height|viewBox)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_LENGTH = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?)\s*(px)?\s*\Z")


def svg_size(data: bytes) -> tuple[int, int] | None:
    """Width and height in CSS pixels, from ``width`` and ``height`` (in px or unitless) or
    else the ``viewBox``; None when the SVG says neither."""
    root = _ROOT.search(data[:65536])
    if root is None:
        return None
    found = {
        name.decode().lower(): (double or single).decode("utf-8", "replace")
        for name, double, single in _ATTRIBUTE.findall(root.group(1))
    }
    width, height = _length(found.get("width")), _length(found.get("height"))
    if width and height:
        return round(width), round(height)
    box = found.get("viewbox", "").replace(",", " ").split()
    try:
        box_width, box_height = float(box[2]), float(box[3])
    except (IndexError, ValueError):
        return None
    if box_width <= 0 or box_height <= 0:
        return None
    if width:  # one side given: the other in the viewBox's proportion
        return round(width), round(width * box_height / box_width)
    if height:
        return round(height * box_width / box_height), round(height)
    return round(box_width), round(box_height)


def _length(value: str | None) -> float | None:
    match = _LENGTH.match(value or "")
    return float(match.group(1)) if match else None
