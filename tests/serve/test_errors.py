"""A blog that does not build is an error page in the browser; the server never stops for it."""

from __future__ import annotations

import httpx
import pytest

import plnpress.build
import plnpress.serve.cached_builder
from plnpress.build import BuildOptions, BuildResult
from plnpress.config import Config
from tests.serve.conftest import StartServer
from tests.serve.support import BLOG_FILES, HELLO, event_stream, next_reload

HELLO_URL = "/blog/2024/05/hello/"


def test_a_broken_front_matter_is_an_error_page_until_fixed(
    start_server: StartServer, client: httpx.Client
) -> None:
    served = start_server()
    with event_stream(client, served, HELLO_URL) as events:
        broken = served.edit(HELLO, "title: Hello", 'title: "Hello')
        assert broken.failure is not None and broken.change is not None
        assert next_reload(events) == broken.change.generation

    page = client.get(served.origin + HELLO_URL)
    assert page.status_code == 500
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert f"{HELLO}:" in page.text
    assert broken.failure.lines[0].startswith(f"{HELLO}:")
    assert broken.failure.lines[0] in page.text
    assert '<script src="/__plnpress/reload.js" defer></script>' in page.text
    # Every page is the error page; the last good stylesheet is still served.
    assert client.get(served.origin + "/blog/").status_code == 500
    assert client.get(served.origin + "/blog/css/plnpress.css").status_code == 200
    assert client.get(served.origin + "/__plnpress/error.css").status_code == 200

    with event_stream(client, served, HELLO_URL) as events:
        fixed = served.edit(HELLO, 'title: "Hello', "title: Hello")
        assert fixed.failure is None and fixed.change is not None
        assert next_reload(events) == fixed.change.generation
    page = client.get(served.origin + HELLO_URL)
    assert page.status_code == 200
    assert "Original words." in page.text


def test_the_error_page_escapes_what_it_quotes(
    start_server: StartServer, client: httpx.Client
) -> None:
    served = start_server()
    broken = served.edit(HELLO, "date: 2024-05-03 09:00", "date: <script>alert(1)</script>")
    assert broken.failure is not None
    page = client.get(served.origin + HELLO_URL).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert" not in page
    assert page.count("<script") == 1  # the reload script, nothing else
    assert f"{HELLO}:3: date:" in page


def test_every_problem_is_listed(start_server: StartServer, client: httpx.Client) -> None:
    served = start_server()
    served.edit(HELLO, "title: Hello", 'title: "Hello')
    broken = served.edit(
        "content/posts/2024-05-01-first.md", "date: 2024-05-01 09:00", "date: 2024-13-01"
    )
    assert broken.failure is not None and len(broken.failure.lines) == 2
    page = client.get(served.url).text
    assert f"{HELLO}:" in page
    assert "content/posts/2024-05-01-first.md:3:" in page


def test_a_blog_broken_at_start_is_served_as_the_error_page(
    start_server: StartServer, client: httpx.Client
) -> None:
    files = {**BLOG_FILES, HELLO: "no front matter at all\n"}
    served = start_server(files)
    assert served.first.failure is not None
    page = client.get(served.url)
    assert page.status_code == 500
    assert f"{HELLO}:1: no front matter" in page.text

    (served.root / HELLO).write_text(str(BLOG_FILES[HELLO]), encoding="utf-8")
    assert served.next_outcome().failure is None
    assert client.get(served.url + "2024/05/hello/").status_code == 200


def test_a_crash_in_a_rebuild_is_shown_and_the_server_lives_on(
    start_server: StartServer, client: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    served = start_server()
    real_build = plnpress.build.build  # serve builds through the Builder, which calls it

    def crashing_build(config: Config, options: BuildOptions, cache: object) -> BuildResult:
        raise RuntimeError("a bug <b>in</b> plnpress")

    monkeypatch.setattr(plnpress.serve.cached_builder, "build", crashing_build)
    crashed = served.edit(HELLO, "Original", "Crashing")
    assert crashed.failure is not None and crashed.failure.detail is not None
    assert "Traceback" in crashed.failure.detail
    page = client.get(served.origin + HELLO_URL)
    assert page.status_code == 500
    assert "RuntimeError: a bug &lt;b&gt;in&lt;/b&gt; plnpress" in page.text
    assert "crashing_build" in page.text  # the traceback, for a bug report

    monkeypatch.setattr(plnpress.serve.cached_builder, "build", real_build)
    recovered = served.edit(HELLO, "Crashing", "Recovered")
    assert recovered.failure is None
    assert "Recovered words." in client.get(served.origin + HELLO_URL).text


def test_a_config_change_reloads_the_config_and_rebuilds_everything(
    start_server: StartServer, client: httpx.Client
) -> None:
    served = start_server()
    retitled = served.edit("plnpress.yaml", "title: Served Blog", "title: Renamed Blog")
    assert retitled.result is not None
    pages = {p.relative_to(served.output).as_posix() for p in served.output.rglob("*.html")}
    assert pages <= set(retitled.result.report.changed_paths)
    assert "Renamed Blog" in client.get(served.origin + HELLO_URL).text


def test_a_broken_config_is_an_error_page_too(
    start_server: StartServer, client: httpx.Client
) -> None:
    served = start_server()
    broken = served.edit("plnpress.yaml", "title: Served Blog", "title: [Served Blog")
    assert broken.failure is not None
    assert broken.failure.lines[0].startswith("plnpress.yaml:")
    page = client.get(served.origin + HELLO_URL)
    assert page.status_code == 500
    assert "plnpress.yaml:" in page.text

    fixed = served.edit("plnpress.yaml", "title: [Served Blog", "title: Served Blog")
    assert fixed.failure is None
    assert client.get(served.origin + HELLO_URL).status_code == 200


def test_moving_the_site_to_another_sub_path(
    start_server: StartServer, client: httpx.Client
) -> None:
    served = start_server()
    served.edit("plnpress.yaml", "https://example.org/blog/", "https://example.org/notes/")
    assert served.url.endswith("/notes/")
    assert client.get(served.origin + "/notes/2024/05/hello/").status_code == 200
    assert client.get(served.origin + HELLO_URL).status_code == 404
