"""A picture fit to publish as it is: upright, and telling nothing but the picture."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from plnpress.images.encode import (
    ORIENTATION,
    ORIGINAL_QUALITY,
    encode,
    encode_keeping_quality,
    is_animated,
    open_picture,
    upright,
)
from plnpress.images.kinds import sniff

if TYPE_CHECKING:
    from PIL import Image


def strip_metadata(data: bytes) -> bytes:
    """``data`` (a JPEG, PNG, WebP or AVIF) turned as its EXIF orientation says, then without any of
    its metadata: no GPS position, camera, dates, XMP, IPTC or comments. The colour profile
    stays, so the colours look the same. GIF and SVG come back as they are (an animation would
    lose its frames; an SVG is the writer's own text). Raises
    :class:`~plnpress.images.PictureError` for anything that is not a picture.

    The build publishes every picture through this (see :func:`~plnpress.images.make_copies`);
    anything else that accepts pictures to publish (Micropub's media endpoint) calls it too.
    """
    kind = sniff(data)
    if kind == "svg":
        return data
    image = open_picture(data)
    if image.format == "GIF" or is_animated(image):
        return data
    return published_original(image, keep_metadata=False, data=data)


def published_original(image: Image.Image, keep_metadata: bool, data: bytes) -> bytes:
    """The original of ``image`` (opened from ``data``) as it is published."""
    if keep_metadata:
        return data
    extra = colour_profile(image)
    turned = upright(image)
    if turned is image and image.format == "JPEG":
        return encode_keeping_quality(image, extra)
    return encode(turned, str(image.format), ORIGINAL_QUALITY, extra)


def colour_profile(image: Image.Image) -> dict[str, Any]:
    """The save arguments that keep ``image``'s colour profile, if it has one."""
    profile = image.info.get("icc_profile")
    return {"icc_profile": profile} if profile else {}


def kept_metadata(image: Image.Image) -> dict[str, Any]:
    """The save arguments that keep ``image``'s EXIF (but its orientation: copies are made
    upright) and colour profile, for a writer who set ``images.keep_metadata``."""
    exif = image.getexif()
    if ORIENTATION in exif:
        del exif[ORIENTATION]
    extra = colour_profile(image)
    if len(exif):
        extra["exif"] = exif.tobytes()
    return extra
