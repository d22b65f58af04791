"""Pictures made fit to publish: metadata stripped, turned upright, smaller copies for the web.

A leaf that imports no other part of plnpress but ``errors``, so that every feature that
publishes a picture goes through the same code: the build (every picture in ``content/static/``
and in page bundles, :mod:`plnpress.incremental.images`) and the writer's own server (photos
uploaded through Micropub's media endpoint).

- :mod:`.kinds`: which files are pictures, and which of them are made again (JPEG, PNG, WebP, AVIF)
  or copied as they are (GIF, SVG); what a file really is, by its first bytes.
- :mod:`.clean`: :func:`strip_metadata`, a picture with its EXIF orientation applied and every
  piece of metadata (GPS position, camera, XMP, IPTC, comments) gone; the colour profile stays.
- :mod:`.copies`: :func:`make_copies`, the published original and its copies in a few widths
  (never wider than the source), in the source's own format and in WebP.
- :mod:`.encode`: opening and encoding with Pillow, with fixed settings (the same bytes every run).
- :mod:`.svg`: the size an SVG asks to be shown at.
"""

from plnpress.images.clean import strip_metadata
from plnpress.images.copies import WIDTHS, Copies, Copy, make_copies, settings_key
from plnpress.images.encode import PictureError
from plnpress.images.kinds import (
    AS_IS_SUFFIXES,
    PICTURE_SUFFIXES,
    RESIZED_SUFFIXES,
    copy_name,
    is_copy_name,
    sniff,
)
from plnpress.images.svg import svg_size

__all__ = [
    "AS_IS_SUFFIXES",
    "PICTURE_SUFFIXES",
    "RESIZED_SUFFIXES",
    "WIDTHS",
    "Copies",
    "Copy",
    "PictureError",
    "copy_name",
    "is_copy_name",
    "make_copies",
    "settings_key",
    "sniff",
    "strip_metadata",
    "svg_size",
]
