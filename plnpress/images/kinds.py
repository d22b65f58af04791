"""Which files are pictures, what a file really is, and what the published copies are called."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

RESIZED_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".avif"})
"""Pictures that are made again: metadata stripped, and copies in a few widths."""
AS_IS_SUFFIXES = frozenset({".gif", ".svg"})
"""Pictures copied as they are: an animation would lose its frames, and an SVG is text the writer
wrote (trusted: it is published as it is, scripts included)."""
PICTURE_SUFFIXES = RESIZED_SUFFIXES | AS_IS_SUFFIXES

_SIGNATURES = (
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
)


def sniff(data: bytes) -> str | None:
    """``jpeg``, ``png``, ``gif``, ``webp``, ``avif`` or ``svg`` by the first bytes of ``data``;
    None for anything else (whatever its name says)."""
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data[4:12] in (b"ftypavif", b"ftypavis"):  # an ISO media file branded AVIF
        return "avif"
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<svg", b"<?xml", b"<!--", b"<!doctype svg")) and b"<svg" in data[:4096]:
        return "svg"
    return None


def copy_name(rel: str, width: int, suffix: str) -> str:
    """Where the copy ``width`` pixels wide of the picture at ``rel`` is published:
    ``img/cat.jpg`` -> ``img/cat-480w.jpg`` (``suffix`` with its dot: ``.webp``)."""
    path = PurePosixPath(rel)
    return str(path.with_name(f"{path.stem}-{width}w{suffix}"))


_COPY = re.compile(r"-[0-9]+w\.(?:jpe?g|png|webp|avif)\Z", re.IGNORECASE)


def is_copy_name(rel: str) -> bool:
    """Whether ``rel`` is named as one of the smaller copies :func:`copy_name` names."""
    return _COPY.search(rel) is not None
