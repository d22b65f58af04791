"""Photos in posts, built: smaller copies, no GPS position, a size on every picture, made once."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from plnpress.errors import ProblemsError
from plnpress.images import PICTURE_SUFFIXES
from plnpress.incremental import parallel, pictures
from tests.cli.test_commands import plnpress
from tests.conftest import BASIC_CONFIG, MakeSite, build_blog, tree
from tests.fresh_process import in_fresh_process
from tests.images.photos import big_gif, metadata_of, phone_photo, size_of

LAKE = """\
---
title: By the lake
date: 2025-06-01
---

We walked to the lake this morning.

![The lake at dawn](/photos/lake.jpg)

More text after the photo.
"""

PORTRAIT = """\
---
title: A portrait
date: 2025-06-02
image: /photos/portrait.jpg
image_alt: A colleague, smiling
---

The portrait was taken with the phone held upright.

![Also a diagram](/photos/diagram.png "A diagram")
"""


def photo_blog(make_site: MakeSite, **extra: str | bytes) -> Path:
    return make_site(
        {
            "content/posts/2025-06-01-lake.md": LAKE,
            "content/posts/2025-06-02-portrait.md": PORTRAIT,
            "content/static/photos/lake.jpg": phone_photo(4000, 3000),
            "content/static/photos/portrait.jpg": phone_photo(1200, 900, orientation=6),
            "content/static/photos/diagram.png": phone_photo(700, 500, fmt="PNG"),
            **extra,
        }
    )


def published_pictures(site: Path) -> dict[str, bytes]:
    return {
        rel: data
        for rel, data in tree(site).items()
        if Path(rel).suffix.lower() in PICTURE_SUFFIXES - {".svg", ".gif"}
    }


def test_a_phone_photo_is_published_in_smaller_copies_without_its_gps_position(
    make_site: MakeSite,
) -> None:
    root = photo_blog(make_site)
    site = build_blog(root).output_dir

    published = published_pictures(site)
    assert {rel for rel in published if rel.startswith("photos/lake")} == {
        "photos/lake.jpg",
        *(f"photos/lake-{w}w.{ext}" for w in (480, 960, 1600) for ext in ("jpg", "webp")),
    }
    sources = {"lake": 4000, "portrait": 900, "diagram": 700}  # upright widths
    for rel, data in published.items():
        assert metadata_of(data) == {}, rel  # no GPS position, no camera, nothing
        stem = re.sub(r"-[0-9]+w$", "", Path(rel).stem)
        assert size_of(data)[0] <= sources[stem], rel
    assert size_of(published["photos/portrait.jpg"]) == (900, 1200)  # turned upright
    assert size_of(published["photos/lake-960w.webp"]) == (960, 720)

    lake = BeautifulSoup((site / "2025/06/lake/index.html").read_text(), "html.parser")
    picture = lake.select_one(".e-content picture")
    assert picture is not None
    source = picture.select_one("source")
    img = picture.select_one("img")
    assert source is not None and img is not None
    assert source["type"] == "image/webp"
    assert source["srcset"] == (
        "/photos/lake-480w.webp 480w, /photos/lake-960w.webp 960w, /photos/lake-1600w.webp 1600w"
    )
    assert img["src"] == "/photos/lake.jpg"
    assert img["srcset"] == (
        "/photos/lake-480w.jpg 480w, /photos/lake-960w.jpg 960w, /photos/lake-1600w.jpg 1600w"
    )
    assert (img["width"], img["height"]) == ("4000", "3000")
    assert img["sizes"] == source["sizes"]
    assert not img.has_attr("loading")  # the first picture of the page loads at once


def test_an_avif_photo_is_published_like_a_jpeg_one(make_site: MakeSite) -> None:
    root = make_site(
        {
            "content/posts/2025-06-01-lake.md": LAKE.replace("lake.jpg", "lake.avif"),
            "content/static/photos/lake.avif": phone_photo(1200, 900, fmt="AVIF"),
        }
    )
    site = build_blog(root).output_dir
    published = {rel: data for rel, data in tree(site).items() if rel.startswith("photos/")}
    assert set(published) == {
        "photos/lake.avif",
        *(f"photos/lake-{w}w.{ext}" for w in (480, 960) for ext in ("avif", "webp")),
        "photos/lake-1200w.webp",
    }
    for rel, data in published.items():
        assert metadata_of(data) == {}, rel
    lake = BeautifulSoup((site / "2025/06/lake/index.html").read_text(), "html.parser")
    img = lake.select_one(".e-content picture img")
    assert img is not None and img["src"] == "/photos/lake.avif"
    assert img["srcset"] == (
        "/photos/lake-480w.avif 480w, /photos/lake-960w.avif 960w, /photos/lake.avif 1200w"
    )
    assert (img["width"], img["height"]) == ("1200", "900")


def test_every_picture_on_every_page_has_a_size_and_only_the_first_waits_not(
    make_site: MakeSite,
) -> None:
    root = photo_blog(make_site, **{"content/static/img/ada.png": phone_photo(300, 300, fmt="PNG")})
    site = build_blog(root).output_dir
    for page in sorted(site.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(), "html.parser")
        for img in soup.find_all("img"):
            assert img.get("width") and img.get("height"), f"{page}: {img}"
    portrait = BeautifulSoup((site / "2025/06/portrait/index.html").read_text(), "html.parser")
    content = portrait.select("main img:not([class~=u-photo])")
    assert [img["src"] for img in content] == ["/photos/portrait.jpg", "/photos/diagram.png"]
    assert [img.get("loading") for img in content] == [None, "lazy"]
    assert (content[0]["width"], content[0]["height"]) == ("900", "1200")


def test_a_warm_build_after_editing_text_encodes_no_picture(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = photo_blog(make_site)
    assert build_blog(root, processes=1).pictures_made == 3
    post = root / "content/posts/2025-06-01-lake.md"
    post.write_text(post.read_text().replace("this morning", "at dawn"), encoding="utf-8")

    encodes: list[str] = []
    real_save = Image.Image.save

    def counting_save(
        image: Image.Image, fp: Any, format: str | None = None, **params: Any
    ) -> None:
        encodes.append(str(format))
        real_save(image, fp, format, **params)

    monkeypatch.setattr(Image.Image, "save", counting_save)
    warm = build_blog(root, processes=1)
    assert encodes == []
    assert warm.pictures_made == 0
    assert "2025/06/lake/index.html" in warm.report.changed_paths
    assert "at dawn" in (warm.output_dir / "2025/06/lake/index.html").read_text()

    (root / "content/static/photos/portrait.jpg").write_bytes(phone_photo(1000, 800))
    again = build_blog(root, processes=1)
    assert again.pictures_made == 1 and len(encodes) > 0
    assert "2025/06/portrait/index.html" in again.report.changed_paths
    assert "2025/06/lake/index.html" not in again.report.changed_paths


def test_builds_are_byte_identical_run_to_run(make_site: MakeSite) -> None:
    root = photo_blog(make_site)
    first = tree(build_blog(root, output=root / "one").output_dir)
    for cache in (root / ".plnpress-cache").iterdir():
        if cache.is_dir():
            for path in sorted(cache.rglob("*"), reverse=True):
                path.unlink() if path.is_file() else path.rmdir()
    second = tree(build_blog(root, output=root / "two").output_dir)
    assert first == second


def making_pictures_counting_processes(root: Path) -> tuple[list[int], int, int]:
    """(In the fresh process.) A cold build: the processes the pictures were made in, the
    cores there are, and how many pictures were made."""
    forked: list[int] = []
    real = parallel.fork_map

    def spy(*args: Any, **kwargs: Any) -> None:
        forked.append(args[3])  # processes
        real(*args, **kwargs)

    pictures.fork_map = spy  # type: ignore[attr-defined]  # (a process of its own: no undo)
    made = build_blog(root).pictures_made
    return forked, parallel.cores(), made


def test_a_cold_build_makes_pictures_on_every_core(make_site: MakeSite) -> None:
    many = {f"content/static/photos/p{n}.jpg": phone_photo(900 + n, 600) for n in range(6)}
    root = make_site(many)
    forked, cores, made = in_fresh_process(making_pictures_counting_processes, root)
    assert made == 6
    assert forked == [cores]


def test_a_broken_picture_is_an_error_at_each_line_that_shows_it(make_site: MakeSite) -> None:
    root = photo_blog(
        make_site,
        **{
            "content/static/photos/lake.jpg": b"These are my notes, not a photo.",
            "content/static/photos/portrait.jpg": phone_photo(40, 30, fmt="PNG"),
            "content/static/photos/unused.webp": b"RIFF\x00\x00\x00\x00WEBPVP8 broken",
        },
    )
    with pytest.raises(ProblemsError) as caught:
        build_blog(root)
    problems = [str(problem) for problem in caught.value.problems]
    assert problems[:2] == [
        "content/posts/2025-06-01-lake.md:8: /photos/lake.jpg: content/static/photos/lake.jpg "
        "cannot be published: not a picture (no JPEG, PNG, WebP, AVIF or GIF inside)",
        "content/posts/2025-06-02-portrait.md:4: /photos/portrait.jpg: "
        "content/static/photos/portrait.jpg cannot be published: named .jpg but it is a PNG "
        "file; name it .png",
    ]
    assert len(problems) == 3  # one not shown anywhere: the error is at the file itself
    assert problems[2].startswith("content/static/photos/unused.webp: cannot be published: ")
    assert not (root / "site").exists()


def test_keep_metadata_publishes_the_original_as_it_is(make_site: MakeSite) -> None:
    config = BASIC_CONFIG + "images:\n  keep_metadata: true\n"
    photo = phone_photo(1200, 900)
    root = make_site(
        {
            "plnpress.yaml": config,
            "content/posts/2025-06-01-lake.md": LAKE,
            "content/static/photos/lake.jpg": photo,
        }
    )
    site = build_blog(root).output_dir
    assert (site / "photos/lake.jpg").read_bytes() == photo
    assert "gps" in metadata_of((site / "photos/lake-960w.jpg").read_bytes())


def test_check_warns_about_big_pictures_published_as_they_are_and_heic_photos(
    make_site: MakeSite,
) -> None:
    noisy = io.BytesIO()
    Image.effect_noise((1400, 1000), 90).convert("RGB").save(noisy, "JPEG", quality=95)
    assert len(noisy.getvalue()) > 500 * 1024
    gif = big_gif(600)
    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 100
    root = make_site(
        {
            "content/posts/2025-06-01-lake.md": LAKE.replace("lake.jpg", "noise.jpg")
            + "\n![A big animation](/photos/big.gif)\n",
            "content/static/photos/noise.jpg": noisy.getvalue(),
            "content/static/photos/big.gif": gif,
            "content/static/photos/IMG_0001.HEIC": heic,
        }
    )
    built = plnpress("build", cwd=root)
    assert built.returncode == 0, built.stderr
    assert "1 picture made" not in built.stdout and "2 pictures made" in built.stdout
    run = plnpress("check", cwd=root)
    warnings = [line for line in run.stderr.splitlines() if "KB" in line]
    assert warnings == [
        f"content/static/photos/big.gif: warning: the picture is {len(gif) / 1024:.0f} KB and "
        "published as it is (GIF and SVG are not made smaller), slow to load on a phone; make "
        "it smaller than 500 KB (e.g. 1600 pixels wide, saved as JPEG or WebP)"
    ]
    heic_warning = (
        "content/static/photos/IMG_0001.HEIC: warning: a HEIC photo is published as it is, "
        "with the place it was taken and the camera in it"
    )
    assert heic_warning in run.stderr


def test_a_bundles_photos_are_published_like_any_other(make_site: MakeSite) -> None:
    root = make_site(
        {
            "content/posts/2025-06-03-trip/index.md": (
                "---\ntitle: A trip\n---\n\nThe lake.\n\n![The lake](photo.jpg)\n\n"
                "![Broken](notes.png)\n"
            ),
            "content/posts/2025-06-03-trip/photo.jpg": phone_photo(1200, 900),
            "content/posts/2025-06-03-trip/notes.png": b"not a picture",
        }
    )
    with pytest.raises(ProblemsError) as caught:
        build_blog(root)
    assert [str(p) for p in caught.value.problems] == [
        "content/posts/2025-06-03-trip/index.md:9: notes.png: "
        "content/posts/2025-06-03-trip/notes.png cannot be published: not a picture "
        "(no JPEG, PNG, WebP, AVIF or GIF inside)"
    ]
    (root / "content/posts/2025-06-03-trip/notes.png").unlink()
    (root / "content/posts/2025-06-03-trip/index.md").write_text(
        "---\ntitle: A trip\n---\n\nThe lake.\n\n![The lake](photo.jpg)\n"
    )
    site = build_blog(root).output_dir
    folder = site / "2025/06/trip"
    assert metadata_of((folder / "photo.jpg").read_bytes()) == {}
    assert size_of((folder / "photo-960w.webp").read_bytes()) == (960, 720)
    page = BeautifulSoup((folder / "index.html").read_text(), "html.parser")
    img = page.select_one(".e-content picture img")
    assert img is not None
    assert (img["src"], img["width"], img["height"]) == ("photo.jpg", "1200", "900")
    assert img["srcset"] == "photo-480w.jpg 480w, photo-960w.jpg 960w, photo.jpg 1200w"


def test_every_picture_of_the_example_blog_has_a_size(example_site: Path) -> None:
    pictures = 0
    for page in sorted(example_site.rglob("*.html")):
        for img in BeautifulSoup(page.read_text(), "html.parser").find_all("img"):
            pictures += 1
            assert img.get("width") and img.get("height"), f"{page}: {img}"
    assert pictures > 50
