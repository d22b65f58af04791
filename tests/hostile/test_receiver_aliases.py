"""A Webmention to an old address of an entry (``aliases:``) is accepted and stored for the entry
(issue 15, point 10): from the built site's ``_redirects``, or, for a receiver that only has the
published sitemap, from the published site's own 301."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from plnpress.fetch.policy import FetchPolicy
from tests.conftest import build_blog, write_files
from tests.harvest.sources import entry_page
from tests.receiver.conftest import StartReceiver
from tests.webmention.servers import LocalServer, html, static_site

MakeServer = Callable[..., LocalServer]
MOVED = """\
    ---
    title: Moved post
    aliases: [/2025/04/old-target/]
    ---
    It was published under another address first.
    """


def moved_blog(root: Path, base_url: str) -> Path:
    config = (
        f"title: Moves\nbase_url: {base_url}\nauthor:\n  name: Ada\n"
        "webmention:\n  allow_private_addresses: true\n"
    )
    write_files(
        root,
        {"plnpress.yaml": config, "content/posts/2025-05-01-new-target.md": MOVED},
    )
    return build_blog(root).output_dir


def test_a_webmention_to_an_alias_is_stored_for_its_entry(
    receiver: StartReceiver, local_server: LocalServer, tmp_path: Path
) -> None:
    blog = "https://blog.example.org/"
    site = moved_blog(tmp_path / "blog", blog)
    old, new = blog + "2025/04/old-target/", blog + "2025/05/new-target/"
    rx = receiver(site_dir=site, base_url=blog)
    source = local_server.route("/reply", html(entry_page(old)))

    answer = rx.send(source, old)

    assert answer.status_code == 201, answer.text
    assert rx.wait_for_state(answer, "verified")["target"] == old
    [row] = rx.rows()
    assert row["page"] == new
    [child] = rx.export()["children"]
    assert child["wm-target"] == new and child["wm-property"] == "in-reply-to"
    refused = rx.send(source, blog + "2025/04/never-was/")
    assert refused.status_code == 400
    assert "is not a published page of this site" in refused.text


def test_without_the_site_the_published_redirect_is_followed(
    receiver: StartReceiver,
    local_server: LocalServer,
    make_server: MakeServer,
    tmp_path: Path,
) -> None:
    published = make_server("127.0.0.2")
    blog = published.url("/")
    site = moved_blog(tmp_path / "blog", blog)
    published.fallback = static_site(site)
    old, new = blog + "2025/04/old-target/", blog + "2025/05/new-target/"
    rx = receiver(
        site_dir=None,
        base_url=blog,
        sitemap_url=blog + "sitemap.xml",
        fetch=FetchPolicy(allow_private_addresses=True, total_timeout=5),
    )
    source = local_server.route("/reply", html(entry_page(old)))

    answer = rx.send(source, old)

    assert answer.status_code == 201, answer.text
    rx.wait_for_state(answer, "verified")
    [child] = rx.export()["children"]
    assert child["wm-target"] == new
    asked = published.requests_to("/2025/04/old-target/")
    assert [request.method for request in asked] == ["HEAD"]
    assert rx.send(source, blog + "2025/04/never-was/").status_code == 400
