"""Discovery rules over httpx.MockTransport; the webmention.rocks cases run over sockets in
test_discovery_e2e.py."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from plnpress.fetch.client import FetchPolicy, GuardedClient
from plnpress.webmention.send.discovery import Discovery, discover

TARGET = "https://target.example/post/1"


def discover_with(*responses: httpx.Response, url: str = TARGET) -> Discovery:
    """Discover `url` where the first request gets responses[0], the next responses[1]..."""
    queue = list(responses)

    def handler(request: httpx.Request) -> httpx.Response:
        return queue.pop(0)

    async def run() -> Discovery:
        async with GuardedClient(transport=httpx.MockTransport(handler)) as client:
            return await discover(client, url)

    return asyncio.run(run())


def page(
    markup: str, headers: list[tuple[str, str]] | None = None, status: int = 200
) -> httpx.Response:
    return httpx.Response(
        status, headers=[("Content-Type", "text/html"), *(headers or [])], text=markup
    )


def test_link_header_wins_over_html() -> None:
    found = discover_with(
        page('<link rel="webmention" href="/html">', [("Link", "</header>; rel=webmention")])
    )
    assert found.webmention == "https://target.example/header"


def test_first_link_header_with_the_token_wins() -> None:
    found = discover_with(
        page(
            "",
            [
                ("Link", '</a>; rel="not-webmention", </b>; rel="webmention"'),
                ("Link", "</c>; rel=webmention"),
            ],
        )
    )
    assert found.webmention == "https://target.example/b"


def test_html_link_and_a_in_document_order() -> None:
    found = discover_with(
        page('<a rel="webmention" href="/a">x</a><link rel="webmention" href="/link">')
    )
    assert found.webmention == "https://target.example/a"


def test_element_without_href_is_skipped_and_empty_href_is_the_page() -> None:
    assert (
        discover_with(page('<link rel="webmention"><a rel="webmention" href="">')).webmention
        == TARGET
    )


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("endpoint", "https://target.example/post/endpoint"),
        ("../endpoint", "https://target.example/endpoint"),
        ("./1/wm", "https://target.example/post/1/wm"),
        ("?wm=1", "https://target.example/post/1?wm=1"),
        ("//other.example/wm", "https://other.example/wm"),
        ("/wm?token=a%20b&x=1", "https://target.example/wm?token=a%20b&x=1"),
        ("https://other.example/wm?csrf=123", "https://other.example/wm?csrf=123"),
    ],
)
def test_relative_endpoints_resolve_against_the_target(href: str, expected: str) -> None:
    assert discover_with(page(f'<link rel="webmention" href="{href}">')).webmention == expected


def test_relative_endpoints_resolve_against_the_final_url() -> None:
    found = discover_with(
        httpx.Response(301, headers={"Location": "https://new.example/a/b/"}),
        page('<link rel="webmention" href="../wm">'),
    )
    assert found.final_url == "https://new.example/a/b/"
    assert found.webmention == "https://new.example/a/wm"
    assert found.target == TARGET


def test_link_header_on_a_redirect_is_not_the_targets() -> None:
    found = discover_with(
        httpx.Response(
            302, headers={"Location": "/final", "Link": "</from-redirect>; rel=webmention"}
        ),
        page("<p>no endpoint here</p>"),
    )
    assert found.webmention is None


@pytest.mark.parametrize(
    "content_type", ["application/pdf", "application/json", "text/plain", "image/png"]
)
def test_markup_in_a_non_html_body_is_not_searched(content_type: str) -> None:
    found = discover_with(
        httpx.Response(
            200,
            headers={"Content-Type": content_type},
            content=b'<link rel="webmention" href="/wm"><a rel="webmention" href="/wm">',
        )
    )
    assert found.webmention is None
    assert not found.is_html


def test_link_header_counts_for_any_content_type() -> None:
    found = discover_with(
        httpx.Response(
            200,
            headers={"Content-Type": "application/pdf", "Link": "</wm>; rel=webmention"},
            content=b"%PDF-1.7",
        )
    )
    assert found.webmention == "https://target.example/wm"


def test_xhtml_is_searched() -> None:
    found = discover_with(
        httpx.Response(
            200,
            headers={"Content-Type": "application/xhtml+xml"},
            text='<html xmlns="http://www.w3.org/1999/xhtml"><link rel="webmention" href="/wm"/>',
        )
    )
    assert found.webmention == "https://target.example/wm"


@pytest.mark.parametrize("status", [404, 410, 500])
def test_an_error_page_advertises_nothing(status: int) -> None:
    found = discover_with(
        page('<link rel="webmention" href="/wm">', [("Link", "</wm>; rel=webmention")], status)
    )
    assert found.status == status
    assert found.webmention is None
    assert not found.found


def test_pingback_header_wins_over_link_element() -> None:
    found = discover_with(
        page(
            '<link rel="pingback" href="https://target.example/element.php">',
            [("X-Pingback", "https://target.example/xmlrpc.php")],
        )
    )
    assert found.pingback == "https://target.example/xmlrpc.php"
    assert found.webmention is None
    assert found.found


def test_pingback_from_link_element_only() -> None:
    found = discover_with(
        page(
            '<a rel="pingback" href="/not-this.php">'
            '<link rel="pingback" href="https://target.example/xmlrpc.php">'
        )
    )
    assert found.pingback == "https://target.example/xmlrpc.php"


def test_both_protocols_from_one_fetch() -> None:
    found = discover_with(
        page('<link rel="webmention" href="/wm"><link rel="pingback" href="/xmlrpc.php">')
    )
    assert found == Discovery(
        target=TARGET,
        final_url=TARGET,
        status=200,
        is_html=True,
        webmention="https://target.example/wm",
        pingback="https://target.example/xmlrpc.php",
    )


def test_asks_for_html() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return page("")

    async def run() -> None:
        async with GuardedClient(transport=httpx.MockTransport(handler)) as client:
            await discover(client, TARGET)

    asyncio.run(run())
    assert seen[0].headers["accept"].startswith("text/html")
    assert seen[0].method == "GET"


def test_a_truncated_page_is_searched_as_far_as_it_was_read() -> None:
    markup = '<link rel="webmention" href="/wm">' + "<p>filler</p>" * 1000

    def handler(request: httpx.Request) -> httpx.Response:
        return page(markup)

    async def run() -> Discovery:
        policy = FetchPolicy(max_bytes=100)
        async with GuardedClient(policy, transport=httpx.MockTransport(handler)) as client:
            return await discover(client, TARGET)

    found = asyncio.run(run())
    assert found.truncated
    assert found.webmention == "https://target.example/wm"
