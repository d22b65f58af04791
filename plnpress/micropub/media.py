"""Files for the blog: photos, videos and sounds from apps, stored in ``content/static/media/``.

The type is read from the bytes, never from the name or the Content-Type an app sends: an image
is one the photo pipeline can open (JPEG, PNG, GIF, WebP, AVIF; `plnpress.images`), a video or
sound one whose first bytes say MP4, WebM, Ogg or MP3. Anything else is refused (415), HEIC
photos too: they share MP4's container, but nothing here can take their metadata out, and most
browsers cannot show them. Images lose their metadata through the pipeline's own
`strip_metadata` (the place a phone photo was taken, above all) before anything is written.
The file is named from a sanitised version of the name it came with (never a path), dated like
entries (``media/2026/01/sunset.jpg``), and never replaces another file (``sunset-2.jpg``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath

from plnpress.images import PictureError, sniff, strip_metadata
from plnpress.micropub.errors import MicropubError, too_large
from plnpress.micropub.properties import safe_slug
from plnpress.scaffold.entry_file import free_slug

MEDIA_FOLDER = "media"
"""Under ``content/static/``: uploads are published at ``<base_url>media/...``."""
IMAGE_TYPES = {
    "jpeg": ("jpg", "image/jpeg"),
    "png": ("png", "image/png"),
    "gif": ("gif", "image/gif"),
    "webp": ("webp", "image/webp"),
    "avif": ("avif", "image/avif"),
}
_HEIF = re.compile(rb"^....ftyp(?:heic|heix|heim|heis|hevc|hevx|mif1|msf1)", re.DOTALL)
"""HEIC and other HEIF photos (brands of the ISO container MP4 uses too)."""
_SIGNATURES = (
    (re.compile(rb"^....ftyp(?:M4A |M4B )", re.DOTALL), "m4a", "audio/mp4"),
    (re.compile(rb"^....ftyp", re.DOTALL), "mp4", "video/mp4"),
    (re.compile(rb"^\x1a\x45\xdf\xa3"), "webm", "video/webm"),
    (re.compile(rb"^OggS"), "ogg", "audio/ogg"),
    (re.compile(rb"^(?:ID3|\xff[\xfb\xf3\xf2])"), "mp3", "audio/mpeg"),
)


@dataclass(frozen=True, slots=True)
class Media:
    """A file ready to store: its bytes (metadata stripped), extension and type."""

    data: bytes
    extension: str
    content_type: str

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


def examine(data: bytes, max_upload: int) -> Media:
    """What `data` is, made safe to publish; raises 413 or 415."""
    if len(data) > max_upload:
        raise too_large(max_upload)
    image = _image(data)
    if image is not None:
        return image
    if _HEIF.match(data[:16]):
        raise MicropubError(
            "HEIC photos cannot be published (most browsers cannot show them, and their "
            "metadata, the place they were taken among it, cannot be removed here): send "
            "the photo as JPEG",
            status=415,
        )
    for signature, extension, content_type in _SIGNATURES:
        if signature.match(data[:16]):
            return Media(data, extension, content_type)
    raise MicropubError(
        "the file is not an image (JPEG, PNG, GIF, WebP), video (MP4, WebM) or sound "
        "(MP3, Ogg, M4A) that plnpress can read",
        status=415,
    )


def _image(data: bytes) -> Media | None:
    """`data` as a picture to publish, stripped by the photo pipeline
    (`plnpress.images.strip_metadata`); None if it is no picture. An SVG is refused: unlike the
    writer's own, one from an app could carry scripts."""
    kind = sniff(data)
    if kind not in IMAGE_TYPES:
        return None
    try:
        clean = strip_metadata(data)
    except PictureError as exc:
        if "too many pixels" in str(exc):
            raise MicropubError(f"the image has {exc}", status=413) from None
        return None
    extension, content_type = IMAGE_TYPES[kind]
    return Media(clean, extension, content_type)


def media_path(
    static: Path, when: datetime, name: str, extension: str, reserved: set[Path]
) -> tuple[Path, str]:
    """A free place for a new file in ``content/static/media/YYYY/MM/``: its path, and its
    address on the site (``/media/YYYY/MM/name.ext``); `reserved` holds paths chosen for
    files not written yet (the new one is added)."""
    stem = safe_slug(PurePosixPath(name.replace("\\", "/")).stem) or "file"
    folder = static / MEDIA_FOLDER / f"{when:%Y}" / f"{when:%m}"

    def taken(slug: str) -> bool:
        path = folder / f"{slug}.{extension}"
        return path in reserved or path.exists()

    chosen = free_slug(stem, taken)
    path = folder / f"{chosen}.{extension}"
    reserved.add(path)
    return path, "/" + path.relative_to(static).as_posix()
