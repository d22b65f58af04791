"""Saving a file reloads the open pages it changes, over Server-Sent Events, and only those."""

from __future__ import annotations

import httpx

from tests.serve.conftest import StartServer
from tests.serve.support import BLOG_FILES, HELLO, event_stream, next_reload, version_of

HELLO_URL = "/blog/2024/05/hello/"
FIRST_URL = "/blog/2024/05/first/"


def test_saving_a_post_reloads_its_open_page(
    start_server: StartServer, client: httpx.Client
) -> None:
    served = start_server()
    with event_stream(client, served, HELLO_URL) as events:
        outcome = served.edit(HELLO, "A second paragraph.", "An edited paragraph.")
        assert outcome.change is not None
        assert next_reload(events) == outcome.change.generation
    assert "An edited paragraph." in client.get(served.origin + HELLO_URL).text


def test_only_the_pages_a_change_touches_reload(
    start_server: StartServer, client: httpx.Client
) -> None:
    served = start_server()
    with (
        event_stream(client, served, HELLO_URL) as hello,
        event_stream(client, served, FIRST_URL) as first,
    ):
        edited_hello = served.edit(HELLO, "A second paragraph.", "An edited paragraph.")
        edited_first = served.edit("content/posts/2024-05-01-first.md", "first post", "1st post")
        assert edited_hello.change is not None and edited_first.change is not None
        assert next_reload(hello) == edited_hello.change.generation
        # The first post's page slept through the edit of another post:
        assert next_reload(first) == edited_first.change.generation


def test_a_save_that_changes_no_page_reloads_nothing(start_server: StartServer) -> None:
    served = start_server()
    path = served.root / HELLO
    path.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    outcome = served.next_outcome()
    assert outcome.changed_sources == (HELLO,)
    assert outcome.result is not None and outcome.result.report.changed_paths == ()
    assert outcome.change is None


def test_a_page_that_connects_after_a_rebuild_reloads_at_once(
    start_server: StartServer, client: httpx.Client
) -> None:
    served = start_server()
    loaded = version_of(client.get(served.origin + HELLO_URL))
    outcome = served.edit(HELLO, "Original words.", "Newer words.")
    assert outcome.change is not None
    # Saved while the page was still loading: the page's stream starts after the rebuild.
    with event_stream(client, served, HELLO_URL, since=loaded) as events:
        assert next_reload(events) == outcome.change.generation

    current = version_of(client.get(served.origin + HELLO_URL))
    with event_stream(client, served, HELLO_URL, since=current) as events:
        later = served.edit(HELLO, "Newer words.", "Newest words.")
        assert later.change is not None
        assert next_reload(events) == later.change.generation


def test_pages_from_a_previous_run_of_the_server_reload(
    start_server: StartServer, client: httpx.Client
) -> None:
    served = start_server()
    with event_stream(client, served, HELLO_URL, since="0ther0ne.3") as events:
        assert next_reload(events) == 0


def test_a_changed_stylesheet_reloads_every_page(
    start_server: StartServer, client: httpx.Client
) -> None:
    files = {"content/static/css/extra.css": "body { color: black; }\n"}
    served = start_server({**BLOG_FILES, **files})
    with event_stream(client, served, FIRST_URL) as events:
        outcome = served.edit("content/static/css/extra.css", "black", "navy")
        assert outcome.change is not None and outcome.change.everything
        assert next_reload(events) == outcome.change.generation
