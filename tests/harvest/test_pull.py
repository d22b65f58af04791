"""``plnpress webmention pull`` end to end: a stand-in webmention.io, real source pages on
127.0.0.x, the archive it writes, and the entry page that shows the thread."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import mf2py
import pytest
from PIL import Image

from plnpress.webmention.harvest.webmention_io import TOKEN_ENV
from tests.conftest import build_blog
from tests.harvest.conftest import FIRST, LINK, SECOND, MakeBlog
from tests.harvest.sources import TOKEN, WebmentionIo, entry_page, h_card, jf2, plain_page
from tests.modes import SHARED, STRICT_UMASK, mode, share, umask
from tests.webmention.servers import LocalServer, html, text

MakeServer = Callable[..., LocalServer]


def png(size: int = 300) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (size, size), (200, 80, 40)).save(out, format="PNG")
    return out.getvalue()


def plnpress(root: Path, *args: str, token: str | None = TOKEN) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != TOKEN_ENV}
    if token is not None:
        env[TOKEN_ENV] = token
    return subprocess.run(
        [sys.executable, "-m", "plnpress", "-C", str(root), "webmention", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def serve_sources(sources: LocalServer) -> dict[str, str]:
    """The source pages of the acceptance list; returns their URLs by name."""
    sources.route("/photo.png", text(png(), content_type="image/png"))
    sources.route(
        "/about",
        html(
            '<html><body><div class="h-card"><a class="u-url u-uid p-name" href="/about">'
            "Sam Elsewhere</a></div></body></html>"
        ),
    )
    reply = sources.url("/reply")
    mention_text = f"<p>Some words, then <a href='{FIRST}'>Ada's post</a>, then more words.</p>"
    pages = {
        "reply": entry_page(
            FIRST,
            "in-reply-to",
            author=h_card("Jo Example", "/jo"),
            content="<p>Great post!<script>alert(1)</script></p>",
        ),
        "like": entry_page(FIRST, "like-of", author=h_card("Kim Like", "/kim")),
        "repost": entry_page(FIRST, "repost-of", author=h_card("Rae Post", "/rae")),
        "bookmark": entry_page(LINK, "bookmark-of", author=h_card("Bo Mark", "/bo")),
        "mention": entry_page(None, None, content=mention_text, name="Notes on posts"),
        "reply2": entry_page(
            FIRST,
            "in-reply-to",
            also_reply_to=(reply,),
            author=h_card("Ann Answer", "/ann"),
            content="<p>I agree with Jo.</p>",
            published="2025-05-03T09:30:00+00:00",
        ),
        "elsewhere": entry_page(
            SECOND, "like-of", author='<a class="u-author" href="/about">me</a>'
        ),
        "plain": plain_page(f"<p>Read <a href='{SECOND}'>this</a>.</p>"),
        "nolink": entry_page("https://blog.example.org/2025/01/not-ours/", "in-reply-to"),
    }
    return {name: sources.route(f"/{name}", html(page)) for name, page in pages.items()}


@pytest.fixture
def world(
    make_server: MakeServer, make_blog: MakeBlog
) -> tuple[Path, WebmentionIo, dict[str, str]]:
    sources = make_server("127.0.0.1")
    service = WebmentionIo(make_server("127.0.0.2"))
    urls = serve_sources(sources)
    targets = {"bookmark": LINK, "elsewhere": SECOND, "plain": SECOND}
    service.mentions = [
        jf2(number, url, targets.get(name, FIRST))
        for number, (name, url) in enumerate(urls.items(), start=1)
    ]
    return make_blog(api=service.api), service, urls


def test_pull_stores_exactly_the_responses_that_link_here(
    world: tuple[Path, WebmentionIo, dict[str, str]],
) -> None:
    root, service, urls = world
    result = plnpress(root, "pull")
    assert result.returncode == 0, result.stderr
    assert "Responses: 8 new (0 waiting for review)" in result.stdout
    assert f"not stored {urls['nolink']}" in result.stdout

    pages = [q["page"] for q in service.asked()]
    assert pages == [["0"], ["1"], ["2"]]  # two pages of five and four, then an empty one
    files = sorted(p.name for p in (root / "content/mentions").glob("*.yaml"))
    assert files == [
        "2025-04-first-post.yaml",
        "2025-05-second-post.yaml",
        "_harvest.yaml",
        "links-2025-a-good-read.yaml",
    ]
    first = (root / "content/mentions/2025-04-first-post.yaml").read_text()
    for name in ("reply", "like", "repost", "mention", "reply2"):
        assert f"- source: {urls[name]}\n" in first
    assert "<script>" not in first and "alert" not in first
    second = (root / "content/mentions/2025-05-second-post.yaml").read_text()
    assert "name: Sam Elsewhere" in second and "name: 127.0.0.1" in second
    assert "kind: bookmark" in (root / "content/mentions/links-2025-a-good-read.yaml").read_text()
    assert "since_id: 9" in (root / "content/mentions/_harvest.yaml").read_text()

    every_file = "".join(p.read_text() for p in (root / "content/mentions").glob("*.yaml"))
    assert TOKEN not in every_file + result.stdout + result.stderr


def test_the_entry_page_shows_the_thread_and_mf2_reads_it_back(
    world: tuple[Path, WebmentionIo, dict[str, str]],
) -> None:
    root, _, urls = world
    assert plnpress(root, "pull").returncode == 0
    result = build_blog(root)
    page = (result.output_dir / "2025/04/first-post/index.html").read_text()
    assert "5 responses" in page and "<script>alert" not in page

    parsed = mf2py.parse(doc=page, url=FIRST)
    entry = next(item for item in parsed["items"] if "h-entry" in item["type"])
    comments = entry["properties"]["comment"]
    assert [c["properties"]["url"][0] for c in comments] == [urls["reply"]]
    top = comments[0]["properties"]
    assert top["author"][0]["properties"]["name"] == ["Jo Example"]
    assert top["content"][0]["html"] == "<p>Great post!</p>"
    nested = top["comment"]
    assert [c["properties"]["url"][0] for c in nested] == [urls["reply2"]]
    assert nested[0]["properties"]["in-reply-to"] == [urls["reply"]]
    like = entry["properties"]["like"][0]["properties"]
    assert like["like-of"] == [FIRST] and like["author"][0]["properties"]["name"] == ["Kim Like"]
    assert entry["properties"]["repost"][0]["properties"]["repost-of"] == [FIRST]
    mention = entry["properties"]["mention"][0]["properties"]
    assert mention["name"] == ["Notes on posts"]
    assert "Ada's post" in mention["content"][0]

    avatar = like["author"][0]["properties"]["photo"][0]
    src = avatar["value"] if isinstance(avatar, dict) else avatar
    assert src.startswith("https://blog.example.org/avatars/") and src.endswith(".jpg")
    kept = result.output_dir / src.removeprefix("https://blog.example.org/")
    with Image.open(kept) as image:
        assert image.size == (96, 96)


def test_each_photo_is_downloaded_once_and_never_hotlinked(
    world: tuple[Path, WebmentionIo, dict[str, str]], make_server: MakeServer
) -> None:
    root, _, urls = world
    assert plnpress(root, "pull").returncode == 0
    assert plnpress(root, "pull", "--refresh").returncode == 0
    origin = urls["reply"].removesuffix("/reply")
    avatars = list((root / "content/mentions/avatars").iterdir())
    assert len(avatars) == 1
    site = build_blog(root).output_dir
    for page in site.rglob("*.html"):
        html_text = page.read_text()
        assert f'src="{origin}' not in html_text, page


def test_a_second_pull_asks_only_for_what_is_new(
    world: tuple[Path, WebmentionIo, dict[str, str]],
) -> None:
    root, service, _ = world
    assert plnpress(root, "pull").returncode == 0
    late = service.server.route("/late", html(entry_page(FIRST, "like-of")))
    service.mentions.append(jf2(10, late, FIRST))
    asked_before = len(service.asked())
    again = plnpress(root, "pull")
    assert again.returncode == 0, again.stderr
    queries = service.asked()[asked_before:]
    assert {q["since_id"][0] for q in queries} == {"9"}
    assert "Responses: 1 new" in again.stdout
    assert f"stored like from {late}" in again.stdout
    assert "since_id: 10" in (root / "content/mentions/_harvest.yaml").read_text()


def test_without_a_token_webmention_io_is_not_asked(
    world: tuple[Path, WebmentionIo, dict[str, str]],
) -> None:
    root, service, _ = world
    result = plnpress(root, "pull", token=None)
    assert result.returncode == 0, result.stderr
    assert service.asked() == []
    assert "Responses: 0 new" in result.stdout


def test_a_wrong_token_is_a_clear_error_without_the_token(
    world: tuple[Path, WebmentionIo, dict[str, str]],
) -> None:
    root, _, _ = world
    result = plnpress(root, "pull", token="not-the-token")
    assert result.returncode == 1
    assert TOKEN_ENV in result.stderr and "not-the-token" not in result.stderr + result.stdout
    assert not (root / "content/mentions").exists()


def test_a_pull_keeps_the_mode_of_the_files_it_rewrites(
    world: tuple[Path, WebmentionIo, dict[str, str]],
) -> None:
    root, service, _ = world
    assert plnpress(root, "pull").returncode == 0
    mentions = root / "content/mentions"
    thread, state = mentions / "2025-04-first-post.yaml", mentions / "_harvest.yaml"
    share(thread, state)
    late = service.server.route("/late", html(entry_page(FIRST, "like-of")))
    service.mentions.append(jf2(10, late, FIRST))

    with umask(STRICT_UMASK):  # the command runs in a process that inherits it
        again = plnpress(root, "pull")

    assert again.returncode == 0, again.stderr
    assert late in thread.read_text() and "since_id: 10" in state.read_text()
    assert (mode(thread), mode(state)) == (SHARED, SHARED)
