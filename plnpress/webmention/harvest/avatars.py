"""Author photos, downloaded once into ``content/mentions/avatars/`` and served from the site.

Pages never hotlink a photo from someone else's server (that would tell it who reads us, and the
picture could change into anything). A photo is fetched through the guarded client, must be a
PNG, JPEG, GIF or WebP by its own bytes (never SVG, which can carry script), and is kept under a
name made from its URL, so each photo is downloaded once. It is shrunk to `SIZE` pixels and
encoded again through :mod:`plnpress.images`, which drops anything hidden in it. Authors without
a usable photo get a generated placeholder at build time.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from plnpress.atomic import write_if_changed
from plnpress.fetch.client import GuardedClient
from plnpress.fetch.errors import FetchError
from plnpress.images import PictureError, sniff
from plnpress.images.encode import encode, for_resizing, open_picture, upright
from plnpress.mentions.sanitize import clean_url

SIZE = 96
"""Width and height, in pixels, that photos are shrunk to fit (shown at 48, sharp on HiDPI)."""
MAX_DOWNLOAD = 2_000_000
AVATAR_QUALITY = 85
MAX_PIXELS = 25_000_000
ACCEPT = "image/png, image/jpeg, image/gif, image/webp;q=0.9"


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


def shrink(data: bytes) -> tuple[bytes, str] | None:
    """The photo ready to keep, and its extension; None if it is not a usable image."""
    if sniff(data) not in {"png", "jpeg", "gif", "webp"}:
        return None
    try:
        opened = open_picture(data)
    except PictureError:
        return None
    if opened.width * opened.height > MAX_PIXELS:
        return None
    opened.seek(0)  # the first frame of an animation
    image = for_resizing(upright(opened))
    image.thumbnail((SIZE, SIZE))
    if image.mode == "RGBA":
        return encode(image, "PNG", 0, {}), "png"
    return encode(image, "JPEG", AVATAR_QUALITY, {}), "jpg"
