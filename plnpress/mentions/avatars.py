"""Photos of people, downloaded once and served from the site, never hotlinked.

Responses' authors are kept in ``content/mentions/avatars/`` (``webmention pull``), the people
``blogroll add`` adds in ``content/static/blogroll/``, the authors ``plnpress read`` shows in the
state folder. Pages never hotlink a photo from someone else's server (that would tell it who reads
us, and the picture could change into anything). A photo is fetched through the guarded client,
must be a PNG, JPEG, GIF or WebP by its own bytes (never SVG, which can carry script), and is kept
under a name made from its URL, so each photo is downloaded once. With Pillow installed (the
``images`` extra) it is also shrunk to `SIZE` pixels and re-encoded, which drops anything hidden
in it; without Pillow only small files are kept. Authors without a usable photo get a generated
placeholder at build time.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from pathlib import Path
from types import ModuleType

from plnpress.atomic import write_if_changed
from plnpress.fetch.client import GuardedClient
from plnpress.fetch.errors import FetchError
from plnpress.mentions.sanitize import clean_url

SIZE = 96
"""Width and height, in pixels, that photos are shrunk to fit (shown at 48, sharp on HiDPI)."""
MAX_DOWNLOAD = 2_000_000
MAX_KEPT_UNRESIZED = 100_000
"""Without Pillow, larger photos are not kept (the author gets a placeholder)."""
MAX_PIXELS = 25_000_000
ACCEPT = "image/png, image/jpeg, image/gif, image/webp;q=0.9"

_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
)


def avatar_stem(photo_url: str) -> str:
    """The file name (without extension) a photo URL is kept under."""
    return hashlib.sha256(photo_url.encode("utf-8")).hexdigest()[:16]


def existing_avatar(folder: Path, photo_url: str) -> str | None:
    """The file already downloaded for `photo_url`, if any."""
    for path in sorted(folder.glob(avatar_stem(photo_url) + ".*")):
        return path.name
    return None


async def store_avatar(client: GuardedClient, photo_url: str, folder: Path) -> str | None:
    """Download `photo_url` into `folder` once; return the file name, or None if unusable."""
    if clean_url(photo_url) != photo_url:
        return None
    known = existing_avatar(folder, photo_url)
    if known is not None:
        return known
    try:
        result = await client.get(photo_url, accept=ACCEPT)
    except FetchError:
        return None
    if not result.ok or result.truncated or len(result.body) > MAX_DOWNLOAD:
        return None
    if not (result.content_type or "image/").startswith("image/"):
        return None
    image = shrink(result.body)
    if image is None:
        return None
    data, extension = image
    name = f"{avatar_stem(photo_url)}.{extension}"
    write_if_changed(folder / name, data)
    return name


def image_kind(data: bytes) -> str | None:
    """``png``, ``jpg``, ``gif`` or ``webp`` from the file's own first bytes, else None."""
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


def shrink(data: bytes) -> tuple[bytes, str] | None:
    """The photo ready to keep, and its extension; None if it is not a usable image."""
    kind = image_kind(data)
    if kind is None:
        return None
    pillow = pillow_image()
    if pillow is None:
        return (data, kind) if len(data) <= MAX_KEPT_UNRESIZED else None
    return _resized(pillow, data)


def pillow_image() -> ModuleType | None:
    """``PIL.Image`` when Pillow is installed (the ``images`` extra), else None."""
    try:
        from PIL import Image
    except ImportError:
        return None
    return Image


def _resized(pillow: ModuleType, data: bytes) -> tuple[bytes, str] | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", pillow.DecompressionBombWarning)
            with pillow.open(io.BytesIO(data)) as opened:
                if opened.format not in {"PNG", "JPEG", "GIF", "WEBP"}:
                    return None
                width, height = opened.size
                if width * height > MAX_PIXELS:
                    return None
                opened.seek(0)  # the first frame of an animation
                has_alpha = opened.mode in ("RGBA", "LA", "PA") or "transparency" in opened.info
                image = opened.convert("RGBA" if has_alpha else "RGB")
        image.thumbnail((SIZE, SIZE))
        out = io.BytesIO()
        if has_alpha:
            image.save(out, format="PNG", optimize=True)
            return out.getvalue(), "png"
        image.save(out, format="JPEG", quality=85, optimize=True)
        return out.getvalue(), "jpg"
    except (OSError, ValueError, SyntaxError, pillow.DecompressionBombWarning):
        return None
