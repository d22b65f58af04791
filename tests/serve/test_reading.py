"""``plnpress serve`` shows ``/reading/`` from the last ``plnpress read``, published or not,
with a Reply button that starts a reply file; only the served site's own forms may press it."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
import yaml

from plnpress.blogroll.read import read_blogroll
from plnpress.config import load_config
from tests.conftest import build_blog
from tests.serve.conftest import StartServer
from tests.webmention.servers import LocalServer, html, text

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Ana</title><id>tag:ana</id>
<updated>2025-06-03T10:00:00Z</updated><author><name>Ana Ruiz</name></author>
<entry><title>Teaching with open tools</title><id>tag:ana,1</id>
<link rel="alternate" href="/2025/06/open-tools/"/><updated>2025-06-03T10:00:00Z</updated>
<content type="html">Why I moved.</content></entry></feed>
"""

POST = """<!doctype html><html><body><article class="h-entry">
<h1 class="p-name">Teaching with open tools</h1><a class="p-author h-card" href="/">Ana Ruiz</a>
<div class="e-content">Why I moved.</div></article></body></html>
"""


@pytest.fixture
def feed_server() -> Iterator[LocalServer]:
    server = LocalServer().start()
    server.route("/feed.xml", text(ATOM, content_type="application/atom+xml"))
    server.route("/2025/06/open-tools/", html(POST))
    yield server
    server.stop()


def test_serve_shows_the_last_read_and_its_reply_button_starts_a_reply(
    start_server: StartServer,
    feed_server: LocalServer,
    client: httpx.Client,
) -> None:
    config = {
        "title": "Served",
        "base_url": "https://example.org/",
        "timezone": "UTC",
        "author": {"name": "Ada"},
        "webmention": {"allow_private_addresses": True},
    }
    blogroll = [
        {"name": "Ana Ruiz", "url": feed_server.url("/"), "feed": feed_server.url("/feed.xml")}
    ]
    served = start_server(
        {"plnpress.yaml": yaml.safe_dump(config), "content/blogroll.yaml": yaml.safe_dump(blogroll)}
    )
    assert client.get(served.url + "reading/").status_code == 404  # nothing read yet

    read_blogroll(load_config(served.root))
    served.next_outcome()  # the watcher saw the new reading

    page = client.get(served.url + "reading/")
    assert page.status_code == 200
    assert "Teaching with open tools" in page.text
    assert 'action="/__plnpress/reply"' in page.text
    original = feed_server.url("/2025/06/open-tools/")

    form = {"url": original}
    elsewhere = client.post(
        served.url + "__plnpress/reply", data=form, headers={"Origin": "https://evil.example"}
    )
    nowhere = client.post(served.url + "__plnpress/reply", data=form)
    assert (elsewhere.status_code, nowhere.status_code) == (403, 403)
    assert not list((served.root / "content/posts").glob("*.md"))

    started = client.post(
        served.url + "__plnpress/reply", data=form, headers={"Origin": served.origin}
    )

    assert started.status_code == 200, started.text
    (path,) = (served.root / "content/posts").glob("*-reply-to-teaching-with-open-tools.md")
    assert f"Started content/posts/{path.name}" in started.text
    matter = yaml.safe_load(path.read_text().split("---\n")[1])
    assert matter["in_reply_to"] == original
    assert matter["context"]["author"] == "Ana Ruiz"

    # Not published: 'plnpress build' leaves it out.
    assert not (build_blog(served.root).output_dir / "reading").exists()
