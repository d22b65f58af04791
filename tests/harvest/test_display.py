"""What readers see: the thread under an entry, counts on lists, pictures, and what never shows."""

from __future__ import annotations

import functools
import io
from datetime import UTC, datetime
from pathlib import Path
from xml.etree import ElementTree

import mf2py
import pytest
from PIL import Image

from plnpress.config import load_config
from plnpress.fetch.client import GuardedClient
from plnpress.mentions import avatars
from plnpress.mentions.store import Archive
from plnpress.model.response import Author, Response, ResponseKind, ResponseStatus
from plnpress.webmention.harvest.run import add
from tests.conftest import build_blog
from tests.harvest.conftest import FIRST, MakeBlog, run_with_client
from tests.harvest.sources import entry_page
from tests.webmention.servers import LocalServer, html, text


def response(source: str, kind: ResponseKind = ResponseKind.REPLY, **fields: object) -> Response:
    values: dict[str, object] = {
        "author": Author("Jo Example", "https://jo.example.net/"),
        "received": datetime(2025, 5, 1, tzinfo=UTC),
        "content_html": "<p>Hello.</p>" if kind is ResponseKind.REPLY else "",
    }
    values.update(fields)
    return Response(source=source, target=FIRST, kind=kind, **values)  # type: ignore[arg-type]


def store(root: Path, *responses: Response) -> None:
    archive = Archive(root)
    for item in responses:
        archive.put(item)
    archive.save("/")


def test_counts_on_lists_and_rebuilds_when_responses_change(make_blog: MakeBlog) -> None:
    root = make_blog()
    first = build_blog(root)
    assert "response" not in (first.output_dir / "index.html").read_text().split("<main")[1]
    store(
        root,
        response("https://a.example.net/1"),
        response("https://b.example.net/2", ResponseKind.LIKE),
    )
    second = build_blog(root)
    assert {"index.html", "2025/04/first-post/index.html"} <= set(second.report.changed_paths)
    home = (second.output_dir / "index.html").read_text()
    assert '<a class="response-count" href="/2025/04/first-post/#responses">2 responses</a>' in home
    untouched = "2025/05/second-post/index.html"
    assert untouched not in second.report.changed_paths


def test_pending_and_blocked_responses_never_reach_a_page(make_blog: MakeBlog) -> None:
    root = make_blog(extra="  block: [blocked.example.net]\n")
    store(
        root,
        response("https://ok.example.net/1", content_html="<p>shown</p>"),
        response(
            "https://wait.example.net/1",
            status=ResponseStatus.PENDING,
            content_html="<p>pending</p>",
        ),
        response("https://blocked.example.net/1", content_html="<p>blocked</p>"),
    )
    site = build_blog(root).output_dir
    every_page = "".join(p.read_text() for p in site.rglob("*.html"))
    assert "shown" in every_page
    assert "pending" not in every_page and "blocked.example.net" not in every_page
    assert "1 response" in (site / "2025/04/first-post/index.html").read_text()


def test_hostile_names_are_escaped_on_the_page_and_in_placeholders(make_blog: MakeBlog) -> None:
    root = make_blog()
    name = '<script>alert("x")</script> & <b>Eve</b>'
    store(root, response("https://eve.example.net/1", author=Author(name, None)))
    site = build_blog(root).output_dir
    page = (site / "2025/04/first-post/index.html").read_text()
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    placeholders = list((site / "avatars").glob("placeholder-*.svg"))
    assert len(placeholders) == 1
    svg = placeholders[0].read_text()
    assert (
        "<script" not in svg and ">SB</text>" in svg
    )  # first letters of "<script>…" and "<b>Eve</b>"
    ElementTree.fromstring(svg)  # well-formed


def test_a_reply_to_a_reply_nests_to_any_depth(make_blog: MakeBlog) -> None:
    root = make_blog()
    a, b, c = (f"https://{n}.example.net/r" for n in "abc")
    store(
        root,
        response(a, in_reply_to=(FIRST,)),
        response(b, in_reply_to=(a,), received=datetime(2025, 5, 2, tzinfo=UTC)),
        response(c, in_reply_to=(b + "#reply", FIRST), received=datetime(2025, 5, 3, tzinfo=UTC)),
    )
    page = (build_blog(root).output_dir / "2025/04/first-post/index.html").read_text()
    entry = next(i for i in mf2py.parse(doc=page, url=FIRST)["items"] if "h-entry" in i["type"])
    level1 = entry["properties"]["comment"]
    level2 = level1[0]["properties"]["comment"]
    level3 = level2[0]["properties"]["comment"]
    assert [x["properties"]["url"][0] for x in (level1[0], level2[0], level3[0])] == [a, b, c]
    assert level3[0]["properties"]["in-reply-to"] == [b]


def test_the_respond_form_posts_source_and_target_to_the_endpoint(make_blog: MakeBlog) -> None:
    root = make_blog()
    page = (build_blog(root).output_dir / "2025/04/first-post/index.html").read_text()
    assert (
        '<form class="respond" method="post" action="https://webmention.example.net/blog.example.org/webmention"'
        in page
    )
    assert '<input id="respond-source" type="url" name="source" required' in page
    assert f'<input type="hidden" name="target" value="{FIRST}">' in page
    form = page.split('<form class="respond"', 1)[1].split("</form>", 1)[0]
    assert 'href="mailto:' not in form  # the test blog's author has no e-mail address


def test_the_example_blog_shows_its_responses(example_site: Path) -> None:
    page = (example_site / "2025/04/webmentions-explained-for-the-staffroom/index.html").read_text()
    url = "https://fieldnotes.example.org/2025/04/webmentions-explained-for-the-staffroom/"
    entry = next(i for i in mf2py.parse(doc=page, url=url)["items"] if "h-entry" in i["type"])
    props = entry["properties"]
    assert len(props["like"]) == 3 and len(props["repost"]) == 1
    assert props["comment"][0]["properties"]["comment"][0]["properties"]["comment"]
    assert "newsite.example.net" not in page  # pending
    assert "Answer by e-mail" in page
    for src in (img["value"] if isinstance(img, dict) else img for img in _photos(props)):
        assert isinstance(src, str)
        assert src.startswith("https://fieldnotes.example.org/avatars/")
        assert (example_site / src.split("/", 3)[3]).is_file()
    home = (example_site / "index.html").read_text()
    assert "responses</a>" in home


async def _store(client: GuardedClient, url: str, folder: Path) -> str | None:
    return await avatars.store_avatar(client, url, folder)


def _photos(props: dict[str, list[object]]) -> list[object]:
    found = []
    for name in ("like", "repost", "comment", "mention", "bookmark"):
        for cite in props.get(name, []):
            assert isinstance(cite, dict)
            found += cite["properties"]["author"][0]["properties"].get("photo", [])
    return found


# --- author photos -----------------------------------------------------------------------------


def image_bytes(size: int, fmt: str = "PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (size, size), (10, 120, 200)).save(out, format=fmt)
    return out.getvalue()


def fetch_avatar(server: LocalServer, body: bytes, content_type: str, folder: Path) -> str | None:
    url = server.route(
        f"/p{len(server.requests)}-{len(body)}", text(body, content_type=content_type)
    )
    return run_with_client(lambda client: avatars.store_avatar(client, url, folder))


def test_photos_are_shrunk_and_reencoded_with_pillow(
    local_server: LocalServer, tmp_path: Path
) -> None:
    name = fetch_avatar(local_server, image_bytes(400), "image/png", tmp_path)
    assert name is not None and name.endswith(".jpg")
    with Image.open(tmp_path / name) as kept:
        assert kept.size == (96, 96) and kept.format == "JPEG"


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "image/svg+xml"),
        (b"<html><script>alert(1)</script></html>", "image/png"),
        (image_bytes(20), "text/html"),
        (b"\x89PNG\r\n\x1a\nnot really a png", "image/png"),
    ],
    ids=["svg", "html-as-png", "png-as-html", "broken-png"],
)
def test_anything_but_a_real_image_is_refused(
    local_server: LocalServer, tmp_path: Path, body: bytes, content_type: str
) -> None:
    assert fetch_avatar(local_server, body, content_type, tmp_path) is None
    assert list(tmp_path.iterdir()) == []


def test_unsafe_photo_urls_are_never_fetched(local_server: LocalServer, tmp_path: Path) -> None:
    for url in ("javascript:alert(1)", "data:image/png;base64,iVBORw0KGgo=", "file:///etc/passwd"):
        assert run_with_client(functools.partial(_store, url=url, folder=tmp_path)) is None
    assert local_server.requests == []


def test_replies_that_answer_each_other_stay_at_the_top() -> None:
    from plnpress.model.response import EntryResponses

    a, b = "https://a.example.net/r", "https://b.example.net/r"
    grouped = EntryResponses.group(
        [
            response(a, in_reply_to=(b,)),
            response(b, in_reply_to=(a,)),
            response("https://c.example.net/r"),
        ]
    )
    assert grouped.count == 3
    assert sum(thread.size for thread in grouped.replies) == 3  # nobody lost, no endless loop


def test_responses_left_behind_by_a_changed_slug_are_reported_and_kept(
    make_blog: MakeBlog,
) -> None:
    root = make_blog()
    store(root, response("https://a.example.net/1"))
    stored = {path: path.read_bytes() for path in (root / "content/mentions").rglob("*.yaml")}
    assert build_blog(root).warnings == ()
    post = root / "content/posts/2025-04-01-first-post.md"
    post.write_text(post.read_text().replace("title: First post", "title: First post\nslug: new"))

    result = build_blog(root)

    (mentions,) = stored
    rel = mentions.relative_to(root).as_posix()
    lines = mentions.read_text().splitlines()
    line = lines.index(f"target: {FIRST}") + 1
    assert [str(w) for w in result.warnings] == [
        f"{rel}:{line}: warning: responses to {FIRST} are kept but not shown: "
        "no published entry has that address (is it a draft, or dated in the future? did its "
        "slug or date change? list the old address under its aliases:)"
    ]
    assert "1 response" not in (result.output_dir / "2025/04/new/index.html").read_text()
    assert {path: path.read_bytes() for path in stored} == stored, "the archive is not touched"


def test_a_page_shows_its_responses_and_a_warm_build_adds_a_new_one(
    local_server: LocalServer, make_blog: MakeBlog
) -> None:
    about = "https://blog.example.org/about/"
    page = "---\ntitle: About\n---\nWho writes here.\n"
    root = make_blog(files={"content/pages/about.md": page})
    first = build_blog(root)
    assert 'id="responses"' not in (first.output_dir / "about/index.html").read_text()

    source = local_server.route("/reply", html(entry_page(about)))
    config = load_config(root)
    report = run_with_client(
        lambda client: add(config, client, source, None, now=datetime(2025, 7, 1, tzinfo=UTC))
    )
    assert [response.target for response in report.stored] == [about]

    second = build_blog(root)
    assert "about/index.html" in second.report.changed_paths
    assert "2025/04/first-post/index.html" not in second.report.changed_paths
    shown = (second.output_dir / "about/index.html").read_text()
    assert "1 response" in shown and "A thoughtful answer." in shown
    assert second.warnings == (), "a response to a page is not left behind"
