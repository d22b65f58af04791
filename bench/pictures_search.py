"""Photos and search: a cold and a warm build of a blog with N phone photos, and the time Pagefind
takes to index 1,000 and 10,000 posts.

    python bench/pictures_search.py [--photos 100] [--posts 1000,10000]

The photos are 4032x3024 JPEGs with a GPS position (noise over a gradient, so they do not compress
to nothing), each shown in its own post; the warm build follows an edit of one post's text and
must make no picture again. The indexing figure is a build of N generated posts (``bench.corpus``)
with ``search: true`` once its pages exist: the second build after one post's edit, which runs
Pagefind over every published page again.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import sys
import time
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import make_post
from plnpress.build import BuildOptions, build
from plnpress.config import load_config

WORK = Path(__file__).resolve().parent / ".work" / "pictures_search"
CONFIG = "title: Bench\nbase_url: https://bench.example.org/\nauthor: {name: Bench}\nsearch: true\n"


def phone_photo(seed: int) -> bytes:
    base = Image.linear_gradient("L").resize((4032, 3024)).convert("RGB")
    noise = Image.effect_noise((4032, 3024), 20 + seed % 10).convert("RGB")
    photo = Image.blend(base, noise, 0.3)
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (52.0, 22.0, float(seed)), 3: "E", 4: (4.0, 53.0, 2.0)}
    out = io.BytesIO()
    photo.save(out, "JPEG", quality=90, exif=exif.tobytes())
    return out.getvalue()


def timed_build(root: Path) -> tuple[float, int]:
    started = time.perf_counter()
    result = build(load_config(root), BuildOptions())
    return time.perf_counter() - started, result.pictures_made


def photos(count: int) -> None:
    root = WORK / f"photos-{count}"
    shutil.rmtree(root, ignore_errors=True)
    (root / "content/static/photos").mkdir(parents=True)
    (root / "content/posts").mkdir(parents=True)
    (root / "plnpress.yaml").write_text(CONFIG.replace("search: true\n", ""))
    for n in range(count):
        (root / f"content/static/photos/p{n}.jpg").write_bytes(phone_photo(n))
        (root / f"content/posts/2025-01-01-p{n}.md").write_text(
            f"---\ntitle: Photo {n}\n---\n\nA photo.\n\n![Photo {n}](/photos/p{n}.jpg)\n"
        )
    cold, made = timed_build(root)
    post = root / "content/posts/2025-01-01-p0.md"
    post.write_text(post.read_text().replace("A photo.", "A photo, edited."))
    warm, again = timed_build(root)
    print(
        f"{count} photos: cold build {cold:.1f} s ({made} pictures made on {os.cpu_count()} cores)"
    )
    print(f"{count} photos: warm build after a text edit {warm:.2f} s ({again} pictures made)")


def indexing(posts: int) -> None:
    root = WORK / f"posts-{posts}"
    shutil.rmtree(root, ignore_errors=True)
    (root / "content/posts").mkdir(parents=True)
    (root / "plnpress.yaml").write_text(CONFIG)
    import random

    rng = random.Random(7)
    for n in range(posts):
        post = make_post(n, rng)
        tags = ", ".join(post.tags)
        (root / f"content/posts/{post.date:%Y-%m-%d}-{post.slug}.md").write_text(
            f'---\ntitle: "{post.title}"\ndate: {post.date:%Y-%m-%d %H:%M}\ntags: [{tags}]\n---\n\n'
            f"{post.body}\n"
        )
    timed_build(root)
    first = sorted((root / "content/posts").iterdir())[0]
    first.write_text(first.read_text() + "\nOne more line.\n")
    import plnpress.search.index as index

    real = index.subprocess.run
    spent: list[float] = []

    def timed(*args: object, **kwargs: object) -> object:
        started = time.perf_counter()
        try:
            return real(*args, **kwargs)  # type: ignore[call-overload]
        finally:
            spent.append(time.perf_counter() - started)

    index.subprocess.run = timed  # type: ignore[assignment]
    try:
        warm, _ = timed_build(root)
    finally:
        index.subprocess.run = real
    print(f"{posts} posts: Pagefind indexing {sum(spent):.1f} s of a {warm:.1f} s warm build")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--photos", type=int, default=100)
    parser.add_argument("--posts", default="1000,10000")
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    photos(args.photos)
    for count in (int(n) for n in args.posts.split(",") if n):
        indexing(count)


if __name__ == "__main__":
    main()
