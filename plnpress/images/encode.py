"""Opening and encoding pictures with Pillow, with fixed settings so that the same picture gives
the same bytes on every run (no time stamps, no threads racing, the same quality every time)."""

from __future__ import annotations

import io
import warnings
from typing import TYPE_CHECKING, Any

from plnpress.errors import PlnpressError

if TYPE_CHECKING:  # Pillow is imported where a picture is opened: most builds open none
    from PIL import Image

JPEG_QUALITY = 80
"""For the smaller copies: what a reader cannot tell from the original at that size."""
ORIGINAL_QUALITY = 90
"""For an original that had to be encoded again (turned upright): close to the camera's."""
WEBP_QUALITY = 80
WEBP_METHOD = 4
"""libwebp's effort (0-6): 4 is its default, a fair trade of time for size."""
ORIENTATION = 0x0112
"""The EXIF tag that says how the camera was held."""

AVIF_QUALITY = 60
"""libavif's scale (0-100) reaches what JPEG's 80 looks like lower down."""

FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "AVIF": ".avif", "GIF": ".gif"}
"""Pillow's formats that plnpress publishes, with the suffix of each."""


class PictureError(PlnpressError):
    """The bytes are not a picture plnpress can read (broken, or another kind of file)."""


def open_picture(data: bytes) -> Image.Image:
    """The picture in ``data``, decoded; :class:`PictureError` says why it cannot be."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in FORMATS:
                raise PictureError(f"a {image.format} picture, not JPEG, PNG, WebP, AVIF or GIF")
            image.load()
    except UnidentifiedImageError:
        raise PictureError("not a picture (no JPEG, PNG, WebP, AVIF or GIF inside)") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise PictureError(f"too many pixels to open safely ({exc})") from None
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise PictureError(f"a broken picture ({exc})") from None
    return image


def is_animated(image: Image.Image) -> bool:
    return bool(getattr(image, "is_animated", False))


def upright(image: Image.Image) -> Image.Image:
    """``image`` turned as its EXIF orientation says (itself when it needs no turning)."""
    if image.getexif().get(ORIENTATION, 1) in (0, 1):
        return image
    from PIL import ImageOps

    turned = ImageOps.exif_transpose(image)
    return turned if turned is not None else image


def resized(image: Image.Image, width: int) -> Image.Image:
    """``image`` scaled to ``width`` pixels wide (narrower only), keeping its proportions."""
    from PIL import Image

    height = max(1, round(image.height * width / image.width))
    return image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)


def encode(image: Image.Image, format: str, quality: int, extra: dict[str, Any]) -> bytes:
    """``image`` as ``format`` bytes with nothing in them but the picture and ``extra`` (the
    colour profile, and EXIF only when the writer keeps metadata)."""
    out = io.BytesIO()
    picture = _for_format(image, format)
    if format == "JPEG":
        picture.save(out, "JPEG", quality=quality, optimize=True, progressive=True, **extra)
    elif format == "PNG":
        picture.save(out, "PNG", optimize=True, **extra)
    elif format == "WEBP":
        picture.save(out, "WEBP", quality=quality, method=WEBP_METHOD, **extra)
    elif format == "AVIF":
        # One encoder thread: the same bytes on every run (and the build forks one per core).
        picture.save(out, "AVIF", quality=quality, max_threads=1, **extra)
    else:
        raise ValueError(f"cannot encode {format}")
    return out.getvalue()


def encode_keeping_quality(image: Image.Image, extra: dict[str, Any]) -> bytes:
    """A JPEG as it was opened, encoded again with its own quantization tables (so nothing is
    lost that the camera kept) but without its metadata."""
    out = io.BytesIO()
    image.save(out, "JPEG", quality="keep", optimize=True, **extra)
    return out.getvalue()


def _for_format(image: Image.Image, format: str) -> Image.Image:
    """``image`` in a mode ``format`` can hold (JPEG has no transparency and no palette)."""
    if format == "JPEG" and image.mode not in ("RGB", "L", "CMYK"):
        return image.convert("RGB")
    if format in ("WEBP", "AVIF") and image.mode not in ("RGB", "RGBA"):
        return image.convert("RGBA" if _has_alpha(image) else "RGB")
    return image


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA", "La") or "transparency" in image.info


def for_resizing(image: Image.Image) -> Image.Image:
    """``image`` in a mode that scales smoothly (a palette picture would be scaled by index)."""
    if image.mode in ("RGB", "RGBA", "L"):
        return image
    if image.mode == "CMYK":
        return image.convert("RGB")
    return image.convert("RGBA" if _has_alpha(image) else "RGB")
