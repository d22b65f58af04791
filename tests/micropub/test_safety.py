"""What a stolen or careless token cannot do (issue 18, Safety): write outside ``content/``,
overwrite another entry, make the build fail, or turn the blog into an attack page."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from plnpress.config import load_config
from plnpress.micropub.errors import MicropubError
from plnpress.micropub.site_index import Index
from plnpress.micropub.validation import checked_entry
from tests.images.photos import metadata_of, phone_photo
from tests.micropub.conftest import BLOG, RunningServer, StartServer, jpeg_with_gps


@pytest.fixture
def server(blog_server: StartServer) -> RunningServer:
    return blog_server(extra_config="micropub:\n  max_upload: 200000\n")


def _files(root: Path) -> set[str]:
    return {
        path.relative_to(root).as_posix()
        for path in root.rglob("*")
        if path.is_file()
        and ".git" not in path.parts
        and "site" not in path.parts[:1]
        and not path.name.startswith("server.sqlite3")
        and ".plnpress-cache" not in path.parts
    }


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        ("../../../etc/passwd", "etc-passwd"),
        ("/tmp/evil", "tmp-evil"),
        ("a\x00b/../c", "ab-c"),
        ("．．／．．／plnpress", "plnpress"),  # fullwidth dots and slash: ../../ once normalised
        ("\u202egpj.exe", "gpj-exe"),  # a right-to-left override
        ("..", "note"),
        ("C:\\Windows\\system32", "c-windows-system32"),
    ],
)
def test_slugs_never_leave_content(server: RunningServer, slug: str, expected: str) -> None:
    before = _files(server.root)
    url = server.created(server.post_form({"h": "entry", "content": "x", "mp-slug": slug}))
    again = server.post_json(
        {"type": ["h-entry"], "properties": {"content": ["y"], "slug": [slug]}}
    )
    assert server.created(again) == f"{BLOG}2026/01/{expected}-2/"
    made = _files(server.root) - before
    assert made == {
        f"content/posts/2026-01-01-{expected}.md",
        f"content/posts/2026-01-01-{expected}-2.md",
    }
    assert url == f"{BLOG}2026/01/{expected}/"
    assert server.h_entry(url)["url"] == [url]


@pytest.mark.parametrize(
    ("filename", "stored"),
    [
        ("../../plnpress.yaml", "plnpress.jpg"),
        ("/etc/passwd", "passwd.jpg"),
        ("..\\..\\content\\posts\\x.md", "x.jpg"),
        ("evil\x00.php", "evil-00.jpg"),  # sent as evil%00.php
        ("...", "file.jpg"),
        ("\u202ephp.jpg", "php.jpg"),
    ],
)
def test_upload_names_are_sanitised(server: RunningServer, filename: str, stored: str) -> None:
    config = (server.root / "plnpress.yaml").read_bytes()
    answer = server.http.post(
        "/micropub/media",
        files={"file": (filename, jpeg_with_gps(), "image/jpeg")},
        headers=server.auth(),
    )
    assert answer.status_code == 201, answer.text
    assert answer.headers["location"] == f"{BLOG}media/2026/01/{stored}"
    assert (server.root / "content/static/media/2026/01" / stored).is_file()
    assert (server.root / "plnpress.yaml").read_bytes() == config


def test_the_type_comes_from_the_bytes_not_the_name(server: RunningServer) -> None:
    before = _files(server.root)
    script = b"<html><script>alert(document.cookie)</script></html>"
    answer = server.http.post(
        "/micropub/media",
        files={"file": ("photo.jpg", script, "image/jpeg")},
        headers=server.auth(),
    )
    assert answer.status_code == 415
    photo = server.post_form(
        {"h": "entry", "content": "x"}, files=[("photo", ("photo.jpg", script, "image/jpeg"))]
    )
    assert photo.status_code == 415
    assert _files(server.root) == before


def test_an_avif_photo_is_stripped_and_a_heic_photo_refused(server: RunningServer) -> None:
    """Both come in the container MP4 uses: neither may be stored as a video with its GPS."""
    avif = phone_photo(160, 120, fmt="AVIF")
    assert "gps" in metadata_of(avif)
    answer = server.http.post(
        "/micropub/media", files={"file": ("beach.mp4", avif, "video/mp4")}, headers=server.auth()
    )
    assert answer.status_code == 201, answer.text
    assert answer.headers["Location"].endswith(".avif")
    (stored,) = (server.root / "content/static/media").rglob("*.avif")
    assert metadata_of(stored.read_bytes()) == {}

    before = _files(server.root)
    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 500
    refused = server.http.post(
        "/micropub/media", files={"file": ("beach.heic", heic, "image/heic")}, headers=server.auth()
    )
    assert refused.status_code == 415
    assert "HEIC" in refused.json()["error_description"]
    assert _files(server.root) == before


def test_an_upload_over_the_limit_is_refused(server: RunningServer) -> None:
    before = _files(server.root)
    big = jpeg_with_gps(2000, 2000) + b"\0" * 250_000
    answer = server.http.post(
        "/micropub/media", files={"file": ("big.jpg", big, "image/jpeg")}, headers=server.auth()
    )
    assert answer.status_code == 413
    assert _files(server.root) == before


def test_a_slug_in_use_gets_a_new_one_and_nothing_is_overwritten(blog_server: StartServer) -> None:
    hand_written = """\
        ---
        title: Mine
        date: 2026-01-01 00:30
        slug: hello-moon
        ---
        The writer's own post, with the address a Micropub post will ask for.
        """
    server = blog_server(files={"content/posts/2026-01-01-by-hand.md": hand_written})
    original = (server.root / "content/posts/2026-01-01-by-hand.md").read_bytes()
    urls = [
        server.created(server.post_form({"h": "entry", "content": "hello moon"})) for _ in range(3)
    ]
    assert urls == [f"{BLOG}2026/01/hello-moon-{n}/" for n in (2, 3, 4)]
    assert (server.root / "content/posts/2026-01-01-by-hand.md").read_bytes() == original
    site = server.build()
    assert "own post" in (site / "2026/01/hello-moon/index.html").read_text()


def test_what_the_build_would_refuse_is_refused_before_anything_is_written(
    server: RunningServer,
) -> None:
    before = _files(server.root)
    for body in (
        {"h": "entry", "content": "x", "published": "2025-13-45"},
        {"h": "entry", "content": "x", "in-reply-to": "javascript:alert(1)"},
        {"h": "entry", "content": "x", "mp-syndicate-to": "https://evil.example/publish/x"},
        {"h": "card", "name": "Not an entry"},
        {"h": "entry", "location[latitude]": "52.5"},
    ):
        answer = server.post_form(body)
        assert answer.status_code == 400, body
        assert answer.json()["error"] == "invalid_request"
        assert answer.json()["error_description"]
    assert _files(server.root) == before
    server.build()  # and the blog still builds


def test_the_loaders_own_checks_are_the_answer(server: RunningServer) -> None:
    config = load_config(server.root)
    path = server.root / "content/posts/2026-01-01-x.md"
    with pytest.raises(MicropubError) as refused:
        checked_entry(config, path, "---\ntitle: x\ndate: 2025-02-30\n---\n\nx\n", Index())
    assert refused.value.status == 400
    assert "content/posts/2026-01-01-x.md:3: date:" in refused.value.description
    assert not path.exists()


def test_html_keeps_the_writers_markup_but_nothing_that_runs(server: RunningServer) -> None:
    html = (
        '<p onclick="steal()">Kept <b>bold</b> and <a href="javascript:alert(1)">a link</a>'
        ' and <a href="https://indieweb.org/">a good one</a>.</p>'
        "<script>alert(document.cookie)</script><style>body{display:none}</style>"
        '<img src="https://example.org/a.png" onerror="alert(1)" alt="A">'
        '<iframe src="https://evil.example/"></iframe><form action="https://evil.example/">'
        '<input name="password"></form><svg><script>alert(2)</script></svg>'
    )
    url = server.created(
        server.post_json({"type": ["h-entry"], "properties": {"content": [{"html": html}]}})
    )
    content = BeautifulSoup(server.page(url), "html.parser").select_one(".e-content")
    assert content is not None
    for text in (server.text_of(url), str(content)):
        lowered = text.lower()
        for bad in ("onclick", "onerror", "javascript:", "<iframe", "<form", "<input", "alert("):
            assert bad not in lowered, bad
    bold = content.select_one("b")
    assert bold is not None and bold.text == "bold"
    assert [a.get("href") for a in content.select("a")] == [None, "https://indieweb.org/"]
    assert content.select("script") == []


def test_raw_html_in_text_content_shows_as_text(server: RunningServer) -> None:
    text = "Look: <script>alert(1)</script> <img src=x onerror=alert(2)> and `<b>code</b>`"
    url = server.created(server.post_form({"h": "entry", "content": text}))
    page = BeautifulSoup(server.page(url), "html.parser")
    content = page.select_one(".e-content")
    assert content is not None
    assert content.select("script, img") == []
    assert "<script>alert(1)</script>" in content.get_text()
    assert content.select_one("code").text == "<b>code</b>"  # type: ignore[union-attr]


def test_updates_only_reach_entries_of_this_blog(server: RunningServer) -> None:
    for url in (f"{BLOG}about/", "https://elsewhere.example/2026/01/x/", f"{BLOG}../../etc/"):
        answer = server.post_json({"action": "delete", "url": url})
        assert answer.status_code == 400, url
