"""Photos made in the tests, as a phone makes them: big, turned by EXIF, with a GPS position."""

from __future__ import annotations

import io

from PIL import Image

GPS_IFD = 0x8825
ORIENTATION = 0x0112
MAKE = 0x010F


def phone_photo(
    width: int = 4000, height: int = 3000, orientation: int = 1, fmt: str = "JPEG"
) -> bytes:
    """A ``width`` x ``height`` photo (as stored, before turning) with a GPS position, the
    camera's name and an orientation in its EXIF."""
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[MAKE] = "Phone maker"
    exif[GPS_IFD] = {1: "N", 2: (52.0, 22.0, 7.5), 3: "E", 4: (4.0, 53.0, 2.0)}
    out = io.BytesIO()
    image.save(out, fmt, exif=exif.tobytes())
    return out.getvalue()


def png(width: int = 8, height: int = 8) -> bytes:
    """A small real PNG."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), (40, 90, 160)).save(out, "PNG")
    return out.getvalue()


def big_gif(kilobytes: int = 600) -> bytes:
    """A GIF of about ``kilobytes`` (noise does not compress): published as it is."""
    side = int((kilobytes * 1024) ** 0.5) + 40
    out = io.BytesIO()
    Image.effect_noise((side, side), 100).convert("P").save(out, "GIF")
    return out.getvalue()


def metadata_of(data: bytes) -> dict[str, object]:
    """What a reader's tools would find in a published file: its EXIF tags, GPS among them."""
    with Image.open(io.BytesIO(data)) as image:
        exif = image.getexif()
        found: dict[str, object] = {f"exif:{tag}": value for tag, value in exif.items()}
        gps = exif.get_ifd(GPS_IFD)
        if gps:
            found["gps"] = dict(gps)
        for key in ("xmp", "XML:com.adobe.xmp", "comment"):
            if key in image.info:
                found[key] = image.info[key]
        return found


def size_of(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as image:
        return image.size
