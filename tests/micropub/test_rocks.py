"""The micropub.rocks server tests that apply to a blog, against the real app on 127.0.0.1.

Each case sends what micropub.rocks sends (numbered as there), then checks the answer, the file
written into ``content/`` and the page the build makes from it.
"""

from __future__ import annotations

import json
from html import unescape
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.micropub.conftest import (
    BLOG,
    RunningServer,
    StartServer,
    has_gps,
    image_bytes,
    jpeg_with_gps,
)
from tests.webmention.servers import LocalServer, text

BASIC = "Micropub test of creating a basic h-entry"
TWO_CATEGORIES = (
    "Micropub test of creating an h-entry with categories. "
    "This post should have two categories, test1 and test2"
)


@pytest.fixture
def server(blog_server: StartServer) -> RunningServer:
    return blog_server()


def photo_server(local_server: LocalServer, data: bytes | None = None) -> str:
    """A sunset photo served on 127.0.0.1, with GPS in its EXIF."""
    return local_server.route(
        "/media/sunset.jpg", text(data or jpeg_with_gps(), content_type="image/jpeg")
    )


# Creating posts, form-encoded (100, 101, 104, 107)


def test_100_create_an_h_entry_form_encoded(server: RunningServer) -> None:
    url = server.created(server.post_form({"h": "entry", "content": BASIC}))
    assert url == f"{BLOG}2026/01/micropub-test-of-creating-a-basic-h-entry/"
    written = server.text_of(url)
    assert written.startswith('---\ntitle: "Micropub test of creating a basic h-entry"  # made')
    assert "\ndate: 2026-01-01 01:00:00+01:00\n" in written
    assert written.endswith(f"---\n\n{BASIC}\n")
    entry = server.h_entry(url)
    assert entry["content"][0]["value"] == BASIC
    assert entry["url"] == [url]


@pytest.mark.parametrize(
    ("fields", "tags"),
    [
        ([("category[]", "test1"), ("category[]", "test2")], ["test1", "test2"]),  # 101
        ([("category", "test1")], ["test1"]),  # 107
    ],
    ids=["101-two-categories", "107-one-category"],
)
def test_101_107_create_with_categories_form_encoded(
    server: RunningServer, fields: list[tuple[str, str]], tags: list[str]
) -> None:
    body = [("h", "entry"), ("content", TWO_CATEGORIES), *fields]
    url = server.created(server.post_form(body))
    assert f"tags: {_flow(tags)}\n" in server.text_of(url)
    assert server.h_entry(url)["category"] == tags


def test_104_create_with_a_photo_by_url_form_encoded(
    server: RunningServer, local_server: LocalServer
) -> None:
    photo = photo_server(local_server)
    body = {"h": "entry", "content": "A photo referenced by URL", "photo": photo}
    url = server.created(server.post_form(body))
    assert 'photo: ["/media/2026/01/sunset.jpg"]' in server.text_of(url)
    stored = server.root / "content/static/media/2026/01/sunset.jpg"
    assert not has_gps(stored.read_bytes()), "the stored photo still says where it was taken"
    assert server.h_entry(url)["photo"] == [_photo(f"{BLOG}media/2026/01/sunset.jpg")]
    assert not has_gps((server.root / "site/media/2026/01/sunset.jpg").read_bytes())


# Creating posts, JSON (200-206)


def test_200_201_create_in_json_with_categories(server: RunningServer) -> None:
    url = server.created(
        server.post_json(
            {
                "type": ["h-entry"],
                "properties": {"content": [TWO_CATEGORIES], "category": ["test1", "test2"]},
            }
        )
    )
    assert 'tags: ["test1", "test2"]' in server.text_of(url)
    entry = server.h_entry(url)
    assert entry["category"] == ["test1", "test2"]
    assert entry["content"][0]["value"] == TWO_CATEGORIES


def test_202_create_with_html_content(server: RunningServer) -> None:
    html = "<p>This post has <b>bold</b> and <i>italic</i> text.</p>"
    url = server.created(
        server.post_json({"type": ["h-entry"], "properties": {"content": [{"html": html}]}})
    )
    assert f'<div class="micropub-html">\n{html}\n</div>' in server.text_of(url)
    assert html in server.h_entry(url)["content"][0]["html"]
    assert server.source(url)["properties"]["content"] == [{"html": html}]


def test_203_205_206_photos_by_url_with_alt_text(
    server: RunningServer, local_server: LocalServer
) -> None:
    photo = photo_server(local_server)
    other = local_server.route("/media/sunset.png", text(image_bytes("PNG"), content_type="x/y"))
    url = server.created(
        server.post_json(
            {
                "type": ["h-entry"],
                "properties": {
                    "content": ["This post should include a photo of a sunset."],
                    "photo": [{"value": photo, "alt": "Photo of a sunset"}, other],
                },
            }
        )
    )
    assert (
        'photo: [{"url": "/media/2026/01/sunset.jpg", "alt": "Photo of a sunset"}, '
        '"/media/2026/01/sunset.png"]'
    ) in server.text_of(url)
    entry = server.h_entry(url)
    assert entry["photo"] == [
        {"value": f"{BLOG}media/2026/01/sunset.jpg", "alt": "Photo of a sunset"},
        _photo(f"{BLOG}media/2026/01/sunset.png"),
    ]
    photos = BeautifulSoup(server.page(url), "html.parser").select(".photos img.u-photo")
    assert [(img["src"], img["alt"]) for img in photos] == [
        ("/media/2026/01/sunset.jpg", "Photo of a sunset"),
        ("/media/2026/01/sunset.png", ""),
    ]
    assert photos[0].parent is not None and photos[0].parent.name == "picture", "web copies"
    site = server.root / "site"
    home = BeautifulSoup((site / "index.html").read_text(), "html.parser")
    listed = home.select(".h-entry .photos img.u-photo")
    assert [img["alt"] for img in listed] == ["Photo of a sunset", ""], "photos in lists"
    sunset = f"{BLOG}media/2026/01/sunset.jpg"
    for feed in ("feed.xml", "rss.xml"):
        assert f'src="{sunset}" alt="Photo of a sunset"' in _unescaped((site / feed).read_text())
    item = json.loads((site / "feed.json").read_text())["items"][0]
    assert item["image"] == sunset
    assert f'<img src="{sunset}" alt="Photo of a sunset">' in item["content_html"]


def test_204_create_with_a_nested_object(server: RunningServer) -> None:
    weight = {"type": ["h-measure"], "properties": {"num": ["70.64"], "unit": ["kg"]}}
    url = server.created(
        server.post_json(
            {
                "type": ["h-entry"],
                "properties": {"summary": ["Weighed 70.64 kg"], "x-weight": [weight]},
            }
        )
    )
    written = server.text_of(url)
    assert 'summary: "Weighed 70.64 kg"' in written
    assert 'properties: {"x-weight": [{"type": ["h-measure"]' in written
    assert server.source(url)["properties"]["x-weight"] == [weight]
    assert server.h_entry(url)["summary"] == ["Weighed 70.64 kg"]


# Creating posts, multipart (300, 301)


def test_300_301_create_with_uploaded_photos(server: RunningServer) -> None:
    files = [
        ("photo[]", ("sunset.jpg", jpeg_with_gps(), "image/jpeg")),
        ("photo[]", ("city at night.jpg", jpeg_with_gps(60, 40), "image/jpeg")),
    ]
    answer = server.post_form({"h": "entry", "content": "Nice sunset tonight"}, files=files)
    url = server.created(answer)
    assert (
        'photo: ["/media/2026/01/sunset.jpg", "/media/2026/01/city-at-night.jpg"]'
        in server.text_of(url)
    )
    for name in ("sunset.jpg", "city-at-night.jpg"):
        assert not has_gps((server.root / "content/static/media/2026/01" / name).read_bytes())
    assert server.h_entry(url)["photo"] == [
        _photo(f"{BLOG}media/2026/01/sunset.jpg"),
        _photo(f"{BLOG}media/2026/01/city-at-night.jpg"),
    ]


# Updates (400-405)


def _post(server: RunningServer, content: str, categories: list[str] | None = None) -> str:
    properties: dict[str, list[str]] = {"content": [content]}
    if categories:
        properties["category"] = categories
    return server.created(server.post_json({"type": ["h-entry"], "properties": properties}))


def _update(server: RunningServer, url: str, **operations: object) -> None:
    answer = server.post_json({"action": "update", "url": url, **operations})
    assert answer.status_code in (200, 201, 204), answer.text


def test_400_replace_a_property(server: RunningServer) -> None:
    url = _post(server, "This test replaces the content.")
    _update(
        server,
        url,
        replace={"content": ["This is the updated text. If you can see this you passed the test!"]},
    )
    written = server.text_of(url)
    assert written.endswith(
        "\n\nThis is the updated text. If you can see this you passed the test!\n"
    )
    assert "\nupdated: 2026-01-01 01:00:00+01:00\n" in written
    assert "you passed the test" in server.h_entry(url)["content"][0]["value"]


def test_401_402_add_a_value(server: RunningServer) -> None:
    with_one = _post(server, "This test adds a category.", ["test1"])
    _update(server, with_one, add={"category": ["test2"]})
    assert 'tags: ["test1", "test2"]' in server.text_of(with_one)
    without = _post(server, "This test adds a category to a post that has none.")
    _update(server, without, add={"category": ["test1"]})
    assert 'tags: ["test1"]' in server.text_of(without)
    site_one, site_none = server.h_entry(with_one), server.h_entry(without)
    assert site_one["category"] == ["test1", "test2"]
    assert site_none["category"] == ["test1"]


def test_403_remove_a_value_and_404_remove_a_property(server: RunningServer) -> None:
    url = _post(server, "This test deletes a category from the post.", ["test1", "test2"])
    _update(server, url, delete={"category": ["test2"]})
    assert 'tags: ["test1"]' in server.text_of(url)
    assert server.h_entry(url)["category"] == ["test1"]
    _update(server, url, delete=["category"])
    assert server.text_of(url).count("tags: []") == 1
    assert "category" not in server.h_entry(url)


def test_405_reject_an_operation_that_is_not_an_array(server: RunningServer) -> None:
    url = _post(server, "This post's content must not change.")
    before = server.text_of(url)
    answer = server.post_json({"action": "update", "url": url, "replace": {"content": "hello"}})
    assert answer.status_code == 400
    assert answer.json()["error"] == "invalid_request"
    assert server.text_of(url) == before


def test_update_of_the_name_and_the_date_moves_nothing_else(server: RunningServer) -> None:
    url = _post(server, "A note that becomes an article.")
    _update(server, url, replace={"name": ["Now with a title"]})
    written = server.text_of(url)
    assert written.startswith('---\ntitle: "Now with a title"\n')
    assert server.h_entry(url)["name"] == ["Now with a title"]
    answer = server.post_json(
        {"action": "update", "url": url, "replace": {"published": ["2025-11-20T08:00:00+01:00"]}}
    )
    assert answer.status_code == 201, "a new date is a new address"
    moved = answer.headers["location"]
    assert moved == f"{BLOG}2025/11/a-note-that-becomes-an-article/"
    assert server.h_entry(moved)["name"] == ["Now with a title"]


# Deletes (500-503)


@pytest.mark.parametrize("encoding", ["form", "json"], ids=["500-502-form", "501-503-json"])
def test_500_503_delete_and_undelete(server: RunningServer, encoding: str) -> None:
    url = _post(server, "This post will be deleted, then brought back.")

    def send(action: str) -> None:
        body = {"action": action, "url": url}
        answer = server.post_form(body) if encoding == "form" else server.post_json(body)
        assert answer.status_code == 204, answer.text

    send("delete")
    assert "\ndeleted: true\n" in server.text_of(url)
    assert "The entry that was here has been deleted" in server.page(url)
    send("undelete")
    assert "\ndeleted:" not in server.text_of(url)
    assert "will be deleted, then brought back" in server.h_entry(url)["content"][0]["value"]


# Queries (600-603)


def test_600_601_configuration_and_syndication_targets(server: RunningServer) -> None:
    config = server.query("config").json()
    assert config["media-endpoint"] == f"{server.url}/micropub/media"
    assert {
        "uid": "https://brid.gy/publish/mastodon",
        "name": "Mastodon (through Bridgy)",
    } in config["syndicate-to"]
    assert server.query("syndicate-to").json() == {"syndicate-to": config["syndicate-to"]}
    url = server.created(
        server.post_json(
            {
                "type": ["h-entry"],
                "properties": {
                    "content": ["Copied to Mastodon"],
                    "mp-syndicate-to": ["https://brid.gy/publish/mastodon"],
                },
            }
        )
    )
    assert 'syndicate_to: ["mastodon"]' in server.text_of(url)
    assert 'href="https://brid.gy/publish/mastodon"' in server.page(url)


def test_602_603_source_query(server: RunningServer) -> None:
    url = _post(server, "This test checks the source query.", ["test1", "test2"])
    found = server.source(url)
    assert found["type"] == ["h-entry"]
    assert found["properties"]["content"] == ["This test checks the source query."]
    assert found["properties"]["category"] == ["test1", "test2"]
    assert found["properties"]["published"] == ["2026-01-01T01:00:00+01:00"]
    assert "name" not in found["properties"], "a made-up title is not a name"
    some = server.source(url, **{"properties[]": ["content", "category"]})
    assert some == {
        "properties": {
            "content": ["This test checks the source query."],
            "category": ["test1", "test2"],
        }
    }


def test_category_query_lists_the_blogs_tags(server: RunningServer) -> None:
    _post(server, "Tagged", ["indieweb"])
    assert server.query("category").json() == {"categories": ["indieweb", "learning"]}


# Media endpoint (700-702)


@pytest.mark.parametrize(
    ("name", "data", "stored"),
    [
        ("sunset.jpg", jpeg_with_gps(), "sunset.jpg"),
        ("micropub-rocks.png", image_bytes("PNG"), "micropub-rocks.png"),
        ("micropub-rocks.gif", image_bytes("GIF"), "micropub-rocks.gif"),
    ],
    ids=["700-jpg", "701-png", "702-gif"],
)
def test_700_702_upload_to_the_media_endpoint(
    server: RunningServer, name: str, data: bytes, stored: str
) -> None:
    answer = server.http.post(
        "/micropub/media",
        files={"file": (name, data, "application/octet-stream")},
        headers=server.auth(),
    )
    assert answer.status_code == 201, answer.text
    assert answer.headers["location"] == f"{BLOG}media/2026/01/{stored}"
    path = server.root / "content/static/media/2026/01" / stored
    assert not has_gps(path.read_bytes())
    site = server.build()
    assert (site / "media/2026/01" / stored).read_bytes() == path.read_bytes()


# Authentication (800-805)


def test_800_801_802_token_in_the_header_or_the_body_never_stored(server: RunningServer) -> None:
    in_body = server.http.post(
        "/micropub",
        data={"h": "entry", "content": "Token in the body", "access_token": server.token},
    )
    url = server.created(in_body)
    assert server.token not in server.text_of(url)
    assert "access_token" not in server.text_of(url)
    assert "access_token" not in server.source(url)["properties"]


@pytest.mark.parametrize(
    ("headers", "status", "error"),
    [
        ({}, 401, "unauthorized"),  # 803
        ({"Authorization": "Bearer not-a-token"}, 401, "unauthorized"),
    ],
    ids=["803-no-token", "bad-token"],
)
def test_803_requests_without_a_good_token_are_refused(
    server: RunningServer, headers: dict[str, str], status: int, error: str
) -> None:
    answer = server.http.post("/micropub", data={"h": "entry", "content": "No"}, headers=headers)
    assert answer.status_code == status
    assert answer.json()["error"] == error
    assert answer.headers["www-authenticate"].startswith("Bearer")
    assert _entry_files(server.root) == ["2025-12-01-an-older-post.md"]


def test_804_a_token_without_the_scope_is_refused(server: RunningServer) -> None:
    media_only = server.issue("media", name="media only")
    answer = server.post_form({"h": "entry", "content": "Should not be created"}, token=media_only)
    assert answer.status_code == 401
    assert answer.json()["error"] == "insufficient_scope"
    url = _post(server, "Stays as it is")
    update = server.post_json(
        {"action": "update", "url": url, "replace": {"content": ["changed"]}}, token=media_only
    )
    assert update.json()["error"] == "insufficient_scope"
    delete = server.post_form({"action": "delete", "url": url}, token=server.issue("create"))
    assert (delete.status_code, delete.json()["error"]) == (401, "insufficient_scope")
    assert "Stays as it is" in server.text_of(url)


def test_805_a_token_in_the_header_and_the_body_is_refused(server: RunningServer) -> None:
    body = {"h": "entry", "content": "This should not create a post", "access_token": server.token}
    answer = server.post_form(body)
    assert answer.status_code == 400
    assert answer.json()["error"] == "invalid_request"
    assert _entry_files(server.root) == ["2025-12-01-an-older-post.md"]


def _entry_files(root: Path) -> list[str]:
    return sorted(path.name for path in (root / "content").rglob("*.md"))


def _unescaped(xml: str) -> str:
    return unescape(unescape(xml))


def _photo(url: str, alt: str = "") -> dict[str, str]:
    """A u-photo as a Microformats parser reads it (an empty alt says: decoration)."""
    return {"value": url, "alt": alt}


def _flow(tags: list[str]) -> str:
    return "[" + ", ".join(f'"{tag}"' for tag in tags) + "]"
