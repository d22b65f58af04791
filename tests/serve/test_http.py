"""What the browser gets from ``plnpress serve``: pretty URLs, 404s, content types, the sub-path."""

from __future__ import annotations

import re

import httpx

from tests.conftest import BASIC_CONFIG, build_blog, tree
from tests.images.photos import size_of
from tests.serve.conftest import StartServer
from tests.serve.support import BLOG_FILES, HELLO_PAGE

RELOAD_TAG = '<script src="/__plnpress/reload.js" defer></script>'


def test_pretty_urls_serve_the_folders_index_html(
    start_server: StartServer, client: httpx.Client
) -> None:
    served = start_server()
    page = client.get(served.url + "2024/05/hello/")
    assert page.status_code == 200
    assert page.content == (served.output / HELLO_PAGE).read_bytes()
    assert "Original words." in page.text

    same = client.get(served.url + "2024/05/hello/index.html")
    assert same.content == page.content

    bare = client.get(served.url + "2024/05/hello")
    assert bare.status_code in {301, 302, 307, 308}
    assert bare.headers["location"].endswith("/blog/2024/05/hello/")


def test_a_missing_page_is_the_sites_404_page_with_status_404(
    start_server: StartServer, client: httpx.Client
) -> None:
    served = start_server()
    not_found = (served.output / "404.html").read_bytes()
    for path in ["no/such/page/", "2024/05/nope", "nothing.html"]:
        response = client.get(served.url + path)
        assert response.status_code == 404, path
        assert response.content == not_found
        assert response.headers["content-type"] == "text/html; charset=utf-8"


def test_content_types(start_server: StartServer, client: httpx.Client) -> None:
    served = start_server()
    expected = {
        "": "text/html; charset=utf-8",
        "css/plnpress.css": "text/css; charset=utf-8",
        "img/dot.png": "image/png",
    }
    for path, content_type in expected.items():
        response = client.get(served.url + path)
        assert response.status_code == 200, path
        assert response.headers["content-type"] == content_type, path
    assert size_of(client.get(served.url + "img/dot.png").content) == (1, 1)
    script = client.get(served.origin + "/__plnpress/reload.js")
    assert script.headers["content-type"] == "text/javascript; charset=utf-8"
    assert "EventSource" in script.text


def test_the_base_urls_sub_path_is_honoured(
    start_server: StartServer, client: httpx.Client
) -> None:
    served = start_server()  # base_url: https://example.org/blog/
    assert served.url.endswith("/blog/")

    home = client.get(served.origin + "/")
    assert home.status_code == 302
    assert home.headers["location"] == "/blog/"
    assert client.get(served.origin + "/blog").headers["location"] == "/blog/"

    outside = client.get(served.origin + "/2024/05/hello/")
    assert outside.status_code == 404
    assert outside.content == (served.output / "404.html").read_bytes()

    page = client.get(served.origin + "/blog/2024/05/hello/")
    assert page.status_code == 200
    assert 'href="/blog/css/plnpress.css"' in page.text


def test_a_site_at_the_root_is_served_at_the_root(
    start_server: StartServer, client: httpx.Client
) -> None:
    served = start_server({**BLOG_FILES, "plnpress.yaml": BASIC_CONFIG})
    assert served.url == served.origin + "/"
    page = client.get(served.origin + "/2024/05/hello/")
    assert page.status_code == 200
    assert 'href="/css/plnpress.css"' in page.text


def test_pages_are_checked_again_on_every_load(
    start_server: StartServer, client: httpx.Client
) -> None:
    served = start_server()
    page = client.get(served.url)
    assert page.headers["cache-control"] == "no-cache"
    again = client.get(served.url, headers={"If-None-Match": page.headers["etag"]})
    assert again.status_code == 304


def test_served_pages_carry_the_reload_script_and_built_pages_do_not(
    start_server: StartServer, client: httpx.Client
) -> None:
    served = start_server()
    page = client.get(served.url + "2024/05/hello/")
    assert RELOAD_TAG in page.text
    # no inline code (the theme's CSP is script-src 'self'): the theme's own file and the reload one
    assert re.findall(r"<script[^>]*>", page.text) == [
        '<script src="/blog/js/plnpress.js" defer>',
        RELOAD_TAG.removesuffix("</script>"),
    ]
    assert not (served.root / "site").exists()

    built = build_blog(served.root)
    files = tree(built.output_dir)
    assert "2024/05/hello/index.html" in files
    assert all(b"__plnpress" not in data for data in files.values())


def test_drafts_and_future_posts_are_served_unless_no_drafts(
    start_server: StartServer, client: httpx.Client
) -> None:
    files = {
        **BLOG_FILES,
        "content/posts/2024-05-06-draft.md": (
            "---\ntitle: Unfinished\ndate: 2024-05-06\ndraft: true\n---\n\nNot yet.\n"
        ),
        "content/posts/2030-01-01-later.md": "---\ntitle: Later\ndate: 2030-01-01\n---\n\nSoon.\n",
    }
    served = start_server(files)
    assert client.get(served.url + "2024/05/draft/").status_code == 200
    assert client.get(served.url + "2030/01/later/").status_code == 200
    assert "Unfinished" in client.get(served.url).text

    published = start_server(files, drafts=False)
    assert client.get(published.url + "2024/05/draft/").status_code == 404
    assert client.get(published.url + "2030/01/later/").status_code == 404


def test_a_deleted_entry_answers_410_gone_like_the_host_will(
    start_server: StartServer, client: httpx.Client
) -> None:
    files = {
        **BLOG_FILES,
        "content/posts/2024-05-06-gone.md": "---\ntitle: Gone\ndate: 2024-05-06\n"
        "deleted: true\n---\n",
    }
    served = start_server(files)
    gone = client.get(served.url + "2024/05/gone/")
    assert gone.status_code == 410
    assert '<h1 class="p-name">Deleted</h1>' in gone.text
    assert client.get(served.url + "2024/05/hello/").status_code == 200


def test_an_old_address_answers_301_to_the_new_one_like_the_host_will(
    start_server: StartServer, client: httpx.Client
) -> None:
    files = {
        **BLOG_FILES,
        "plnpress.yaml": BASIC_CONFIG.replace("https://blog.example.org/", "https://e.org/b/"),
        "content/posts/2024-05-07-moved.md": "---\ntitle: Moved\ndate: 2024-05-07\n"
        "aliases: [/2024/05/moved-here-from/]\n---\nHere now.\n",
    }
    served = start_server(files)

    for old in ("2024/05/moved-here-from/", "2024/05/moved-here-from"):
        moved = client.get(served.url + old)
        assert (moved.status_code, moved.headers["location"]) == (301, "/b/2024/05/moved/")
    asked = client.get(served.url + "2024/05/moved-here-from/?ref=feed&x=1")
    assert asked.headers["location"] == "/b/2024/05/moved/?ref=feed&x=1", "the query goes along"
    assert client.get(served.url + "2024/05/moved/").status_code == 200
    assert client.get(served.url + "2024/05/hello/").status_code == 200
