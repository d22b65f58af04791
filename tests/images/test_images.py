"""plnpress.images on its own: what the build and Micropub's media endpoint publish."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from plnpress.images import PictureError, make_copies, strip_metadata, svg_size
from tests.images.photos import metadata_of, phone_photo, size_of


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "AVIF"])
def test_strip_metadata_turns_the_photo_upright_and_drops_the_gps_position(fmt: str) -> None:
    photo = phone_photo(400, 300, orientation=6, fmt=fmt)
    assert "gps" in metadata_of(photo)
    clean = strip_metadata(photo)
    assert metadata_of(clean) == {}
    assert size_of(clean) == (300, 400)  # turned as the camera was held
    with Image.open(io.BytesIO(clean)) as image:
        assert image.format == fmt


def test_an_upright_jpeg_keeps_its_own_quality() -> None:
    photo = phone_photo(800, 600)
    clean = strip_metadata(photo)
    with Image.open(io.BytesIO(photo)) as before, Image.open(io.BytesIO(clean)) as after:
        assert after.quantization == before.quantization  # type: ignore[attr-defined]
    assert metadata_of(clean) == {}


def test_copies_are_never_wider_than_the_photo_and_come_out_the_same_every_time() -> None:
    photo = phone_photo(1200, 900)
    copies = make_copies(photo, ".jpg")
    assert (copies.width, copies.height) == (1200, 900)
    made = sorted((copy.width, copy.suffix, copy.original) for copy in copies.copies)
    assert made == [
        (480, ".jpg", False),
        (480, ".webp", False),
        (960, ".jpg", False),
        (960, ".webp", False),
        (1200, ".jpg", True),
        (1200, ".webp", False),
    ]
    for copy in copies.copies:
        assert size_of(copy.data)[0] == copy.width
        assert metadata_of(copy.data) == {}
    assert make_copies(photo, ".jpg") == copies


def test_an_avif_photo_gets_avif_and_webp_copies_without_its_position() -> None:
    photo = phone_photo(1200, 900, orientation=6, fmt="AVIF")
    copies = make_copies(photo, ".avif")
    assert (copies.width, copies.height, copies.kind) == (900, 1200, "avif")
    made = sorted((copy.width, copy.suffix, copy.original) for copy in copies.copies)
    assert made == [
        (480, ".avif", False),
        (480, ".webp", False),
        (900, ".avif", True),
        (900, ".webp", False),
    ]
    for copy in copies.copies:
        assert size_of(copy.data)[0] == copy.width
        assert metadata_of(copy.data) == {}
    assert make_copies(photo, ".avif") == copies, "the same bytes every time"


def test_gif_and_svg_are_published_as_they_are() -> None:
    out = io.BytesIO()
    Image.new("P", (30, 20)).save(out, "GIF")
    gif = make_copies(out.getvalue(), ".gif")
    assert (gif.width, gif.height) == (30, 20)
    assert [c.data for c in gif.copies] == [out.getvalue()]
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 360"><rect/></svg>'
    assert make_copies(svg, ".svg").copies[0].data == svg
    assert strip_metadata(svg) == svg


@pytest.mark.parametrize(
    ("root", "size"),
    [
        ('width="120" height="80"', (120, 80)),
        ('width="120px" height="80px" viewBox="0 0 12 8"', (120, 80)),
        ('viewBox="0 0 640 360"', (640, 360)),
        ('width="320" viewBox="0,0,640,360"', (320, 180)),
        ('width="100%" height="100%"', None),
    ],
)
def test_svg_size(root: str, size: tuple[int, int] | None) -> None:
    assert svg_size(f'<?xml version="1.0"?>\n<svg {root}><g/></svg>'.encode()) == size


@pytest.mark.parametrize(
    ("data", "suffix", "message"),
    [
        (b"Just some notes, not a photo", ".jpg", "not a picture"),
        (b"\xff\xd8\xff\xe0 a JPEG cut short", ".jpg", "broken"),
        (phone_photo(40, 30, fmt="PNG"), ".jpg", "named .jpg but it is a PNG file; name it .png"),
    ],
)
def test_anything_but_a_picture_is_refused_with_a_reason(
    data: bytes, suffix: str, message: str
) -> None:
    with pytest.raises(PictureError, match=message):
        make_copies(data, suffix)
