"""Every copy of one picture that the site publishes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import PIL

from plnpress.images.clean import colour_profile, kept_metadata, published_original
from plnpress.images.encode import (
    AVIF_QUALITY,
    JPEG_QUALITY,
    WEBP_QUALITY,
    PictureError,
    encode,
    for_resizing,
    is_animated,
    open_picture,
    resized,
    upright,
)
from plnpress.images.kinds import sniff
from plnpress.images.svg import svg_size

WIDTHS = (480, 960, 1600)
"""The widths of the smaller copies: a phone, a tablet or a laptop's column, a wide screen at
twice the density. A picture is never made wider than it is."""

_KINDS = {".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png", ".webp": "webp", ".gif": "gif"}
_KINDS[".avif"] = "avif"
_KINDS[".svg"] = "svg"

_VERSION = "1"
"""Bump when the copies would come out different: every picture is made again."""


@dataclass(frozen=True, slots=True)
class Copy:
    """One published file of a picture."""

    width: int
    suffix: str
    """``.jpg``, ``.png``, ``.webp``, ``.avif``, ``.gif`` or ``.svg``."""
    original: bool
    """The picture itself at its own address (else a smaller copy or its WebP twin)."""
    data: bytes


@dataclass(frozen=True, slots=True)
class Copies:
    """A picture's size as shown (upright) and every file published for it."""

    width: int
    height: int
    kind: str
    """``jpeg``, ``png``, ``webp``, ``avif``, ``gif`` or ``svg``."""
    copies: tuple[Copy, ...]


def settings_key(keep_metadata: bool) -> str:
    """What, besides a picture's bytes, decides its copies (a cache keys them by both)."""
    qualities = f"{JPEG_QUALITY}|{WEBP_QUALITY}|{AVIF_QUALITY}"
    text = f"{_VERSION}|{WIDTHS}|{qualities}|{keep_metadata}|{PIL.__version__}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def widths_for(width: int) -> list[int]:
    """The widths a picture ``width`` pixels wide is published at (its own, when it is not
    wider than the largest copy)."""
    return [w for w in WIDTHS if w < width] + ([width] if width <= WIDTHS[-1] else [])


def make_copies(data: bytes, suffix: str, keep_metadata: bool = False) -> Copies:
    """Every file published for the picture ``data`` named with ``suffix`` (``.jpg``): the
    original without metadata (see :func:`~plnpress.images.strip_metadata`) and, for JPEG, PNG,
    WebP and AVIF, copies in :func:`widths_for` in its own format and in WebP. GIF, animations and
    SVG are published as they are. Raises :class:`PictureError` for anything else."""
    kind = sniff(data)
    expected = _KINDS.get(suffix.lower())
    if kind is not None and expected is not None and kind != expected:
        better = ".jpg" if kind == "jpeg" else f".{kind}"
        raise PictureError(f"named {suffix} but it is a {kind.upper()} file; name it {better}")
    if kind == "svg":
        size = svg_size(data)
        if size is None:
            raise PictureError("an SVG without a width and height or a viewBox")
        return Copies(size[0], size[1], "svg", (Copy(size[0], suffix, True, data),))
    image = open_picture(data)
    kind = str(image.format).lower()
    if image.format == "GIF" or is_animated(image):
        return Copies(image.width, image.height, kind, (Copy(image.width, suffix, True, data),))
    turned = upright(image)
    copies = [Copy(turned.width, suffix, True, published_original(image, keep_metadata, data))]
    extra = kept_metadata(image) if keep_metadata else colour_profile(image)
    own = str(image.format)
    scaled = for_resizing(turned)
    made: dict[int, list[Copy]] = {}
    for width in sorted(widths_for(turned.width), reverse=True):
        # Each copy is scaled from the next larger one: a fraction of the work, the same look.
        scaled = scaled if width == scaled.width else resized(scaled, width)
        made[width] = []
        if width < turned.width:
            made[width].append(Copy(width, suffix, False, _encode(scaled, own, extra)))
        if own != "WEBP":
            made[width].append(Copy(width, ".webp", False, _encode(scaled, "WEBP", extra)))
    copies += [copy for width in sorted(made) for copy in made[width]]
    return Copies(turned.width, turned.height, kind, tuple(copies))


def _encode(image: PIL.Image.Image, format: str, extra: dict[str, object]) -> bytes:
    quality = {"WEBP": WEBP_QUALITY, "AVIF": AVIF_QUALITY}.get(format, JPEG_QUALITY)
    return encode(image, format, quality, extra)
