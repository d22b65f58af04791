"""Page bundles: a folder with an index.md takes its slug (and date) from the folder, and the
files beside it are published next to its page, so relative pictures work."""

from __future__ import annotations

from urllib.parse import urljoin

from bs4 import BeautifulSoup

from tests.conftest import MakeSite, build_blog
from tests.images.photos import phone_photo, png, size_of
from tests.soup import attr

JPEG = phone_photo(40, 30)
"""Published without its metadata: the same size, other bytes."""


def test_a_bundle_is_published_with_its_files_beside_its_page(make_site: MakeSite) -> None:
    root = make_site(
        {
            "content/posts/2025-03-14-trip/index.md": "---\ntitle: Trip\n---\n\n"
            "![The lake](photo.jpg)\n\n![A map](images/map.png)\n",
            "content/posts/2025-03-14-trip/photo.jpg": JPEG,
            "content/posts/2025-03-14-trip/images/map.png": png(20, 10),
            "content/posts/2025-04-01-other/index.md": "---\ntitle: Other\n---\n\nNo pictures.\n",
            "content/pages/about/index.md": "---\ntitle: About\n---\n\n![Me](me.jpg)\n",
            "content/pages/about/me.jpg": JPEG,
        }
    )
    result = build_blog(root)
    site = result.output_dir
    trip = next(e for e in result.site.entries if e.title == "Trip")
    assert (trip.slug, trip.published.date().isoformat(), trip.path) == (
        "trip",
        "2025-03-14",
        "/2025/03/trip/",
    )
    page = BeautifulSoup((site / "2025/03/trip/index.html").read_text(), "html.parser")
    images = page.select(".e-content img")
    assert len(images) == 2
    for img in images:
        resolved = urljoin(trip.path, attr(img, "src"))
        assert size_of((site / resolved.lstrip("/")).read_bytes()) in {(40, 30), (20, 10)}
    about = next(p for p in result.site.pages if p.title == "About")
    assert about.path == "/about/"
    assert size_of((site / "about/me.jpg").read_bytes()) == (40, 30)
    assert {f.source: f.output for f in result.site.bundle_files()} == {
        "content/pages/about/me.jpg": "about/me.jpg",
        "content/posts/2025-03-14-trip/images/map.png": "2025/03/trip/images/map.png",
        "content/posts/2025-03-14-trip/photo.jpg": "2025/03/trip/photo.jpg",
    }
    feed = (site / "feed.xml").read_text()
    assert "https://blog.example.org/2025/03/trip/photo.jpg" in feed
    assert result.warnings == ()


def test_a_drafts_pictures_stay_out_and_stray_files_are_named(make_site: MakeSite) -> None:
    root = make_site(
        {
            "content/posts/2025-03-14-secret/index.md": "---\ntitle: S\ndraft: true\n---\n\nx\n",
            "content/posts/2025-03-14-secret/private.jpg": JPEG,
            "content/posts/2025-03-15-post.md": "---\ntitle: P\n---\n\nx\n",
            "content/posts/loose.jpg": JPEG,
        }
    )
    result = build_blog(root)
    assert not list(result.output_dir.rglob("*.jpg")) and not list(
        result.output_dir.rglob("*.webp")
    )
    assert [str(w) for w in result.warnings] == [
        "content/posts/loose.jpg: warning: not published: only Markdown files are read here; "
        "put it in content/static/, or beside an index.md to make a page bundle"
    ]
    with_drafts = build_blog(root, drafts=True)
    assert size_of((with_drafts.output_dir / "2025/03/secret/private.jpg").read_bytes()) == (40, 30)
