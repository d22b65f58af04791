"""Discovery and sending end to end over real sockets on 127.0.0.1.

The 23 webmention.rocks discovery tests are rebuilt as our own pages with the same structure
(`tests.webmention.rocks`): each target page, its right endpoint (answers 202) and its wrong
endpoints (answer 400). Each case discovers the endpoint, sends a Webmention, and checks that
exactly one POST arrived, at the right URL with its query string, carrying ``source`` and the
original ``target``.
"""

from __future__ import annotations

import asyncio
import secrets
import xmlrpc.client
from collections.abc import Awaitable, Callable
from typing import TypeVar

import pytest

from plnpress.fetch.client import FetchPolicy, GuardedClient
from plnpress.fetch.errors import FetchRefused
from plnpress.webmention.notification import (
    NotifyResult,
    Outcome,
    Retried,
    RetryPolicy,
    send_webmention,
    with_retries,
)
from plnpress.webmention.send.discovery import Discovery, discover
from plnpress.webmention.send.pingback import send_pingback
from tests.webmention.rocks import ACCEPTED, CASES, WRONG, Case, layout, serve_case
from tests.webmention.servers import (
    LocalServer,
    RecordedRequest,
    Reply,
    chain,
    html,
    redirect,
    text,
)

SOURCE = "https://my-blog.example/2024/05/replying-to-you"
OPEN = FetchPolicy(allow_private_addresses=True)

T = TypeVar("T")


def run(work: Callable[[GuardedClient], Awaitable[T]], policy: FetchPolicy = OPEN) -> T:
    async def main() -> T:
        async with GuardedClient(policy) as client:
            return await work(client)

    return asyncio.run(main())


def discover_and_send(target: str) -> tuple[Discovery, NotifyResult | None]:
    async def work(client: GuardedClient) -> tuple[Discovery, NotifyResult | None]:
        found = await discover(client, target)
        if found.webmention is None:
            return found, None
        return found, await send_webmention(client, found.webmention, SOURCE, target)

    return run(work)


def posts(server: LocalServer) -> list[RecordedRequest]:
    return [r for r in server.requests if r.method == "POST"]


# --- the 23 discovery cases ----------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=[f"rocks-{c.number:02d}" for c in CASES])
def test_rocks_discovery_case(local_server: LocalServer, case: Case) -> None:
    target = serve_case(local_server, case)

    found, sent = discover_and_send(target)

    assert found.webmention == local_server.url(case.endpoint_path), case.what
    assert sent is not None and sent.ok, sent
    (post,) = posts(local_server)
    path, _, query = case.endpoint_path.partition("?")
    assert (post.path, post.query) == (path, query)
    assert post.header("content-type") == "application/x-www-form-urlencoded"
    assert post.form == {"source": [SOURCE], "target": [target]}


def test_rocks_23_one_time_redirect_target(local_server: LocalServer) -> None:
    key1, key2 = secrets.token_hex(8), secrets.token_hex(8)
    local_server.route("/test/23/page", redirect(f"page/{key1}"))
    local_server.route(
        f"/test/23/page/{key1}",
        html(
            layout(body=f'<a rel="webmention" href="webmention-endpoint/{key2}">endpoint</a>'),
            headers=[("Link", f"<webmention-endpoint/{key2}>; rel=webmention")],
        ),
        times=1,
    )
    local_server.route(f"/test/23/page/webmention-endpoint/{key2}", ACCEPTED)
    target = local_server.url("/test/23/page")

    found, sent = discover_and_send(target)

    assert found.final_url == local_server.url(f"/test/23/page/{key1}")
    assert found.webmention == local_server.url(f"/test/23/page/webmention-endpoint/{key2}")
    assert sent is not None and sent.ok
    assert len(local_server.requests_to(f"/test/23/page/{key1}")) == 1
    (post,) = posts(local_server)
    assert post.path == f"/test/23/page/webmention-endpoint/{key2}"
    assert post.form == {"source": [SOURCE], "target": [target]}


# --- more discovery shapes -----------------------------------------------------------------------


def test_redirect_chain_then_relative_endpoint(local_server: LocalServer) -> None:
    local_server.route("/start", redirect("/hop/one", status=301))
    local_server.route("/hop/one", redirect(local_server.url("/hop/two"), status=302))
    local_server.route("/hop/two", redirect("../blog/2024/post/", status=307))
    local_server.route(
        "/blog/2024/post/", html(layout(head='<link rel="webmention" href="../wm?k=1">'))
    )
    local_server.route("/blog/2024/wm", ACCEPTED)
    target = local_server.url("/start")

    found, sent = discover_and_send(target)

    assert found.final_url == local_server.url("/blog/2024/post/")
    assert found.webmention == local_server.url("/blog/2024/wm?k=1")
    assert sent is not None and sent.ok
    (post,) = posts(local_server)
    assert (post.path, post.query) == ("/blog/2024/wm", "k=1")
    assert post.form["target"] == [target]
    assert [r.path for r in local_server.requests if r.method == "GET"] == [
        "/start",
        "/hop/one",
        "/hop/two",
        "/blog/2024/post/",
    ]


def test_link_header_on_a_redirect_is_ignored(local_server: LocalServer) -> None:
    local_server.route(
        "/moved",
        redirect("/here", status=301, headers=[("Link", "</wrong>; rel=webmention")]),
    )
    local_server.route("/here", html(layout(head='<link rel="webmention" href="/right">')))
    local_server.route("/right", ACCEPTED)
    local_server.route("/wrong", WRONG)

    found, _ = discover_and_send(local_server.url("/moved"))

    assert found.webmention == local_server.url("/right")
    assert [p.path for p in posts(local_server)] == ["/right"]


@pytest.mark.parametrize(
    ("content_type", "content"),
    [
        ("application/pdf", b'%PDF-1.7\n<a rel="webmention" href="/wm">'),
        ("application/json", b'{"html": "<link rel=\\"webmention\\" href=\\"/wm\\">"}'),
    ],
)
def test_non_html_target_without_link_header_has_no_endpoint(
    local_server: LocalServer, content_type: str, content: bytes
) -> None:
    local_server.route("/doc", text(content, content_type=content_type))
    local_server.route("/wm", ACCEPTED)
    found, sent = discover_and_send(local_server.url("/doc"))
    assert (found.webmention, found.is_html, sent) == (None, False, None)
    assert posts(local_server) == []


def test_page_without_an_endpoint(local_server: LocalServer) -> None:
    local_server.route("/quiet", html(layout(body='<a href="/elsewhere">a plain link</a>')))
    found, sent = discover_and_send(local_server.url("/quiet"))
    assert not found.found
    assert sent is None
    assert len(local_server.requests) == 1


def test_rel_on_other_elements_is_ignored(local_server: LocalServer) -> None:
    local_server.route(
        "/bold",
        html(
            layout(
                body='<b rel="webmention" href="/wrong">bold</b>'
                '<span rel="webmention">x</span><a rel="webmention" href="/right">endpoint</a>'
            )
        ),
    )
    local_server.route("/right", ACCEPTED)
    local_server.route("/wrong", WRONG)
    found, _ = discover_and_send(local_server.url("/bold"))
    assert found.webmention == local_server.url("/right")
    assert [p.path for p in posts(local_server)] == ["/right"]


def test_discovery_is_refused_for_loopback_without_the_switch(local_server: LocalServer) -> None:
    local_server.route("/post", html(layout(head='<link rel="webmention" href="/wm">')))
    with pytest.raises(FetchRefused):
        run(lambda client: discover(client, local_server.url("/post")), FetchPolicy())
    assert local_server.requests == []


# --- Pingback ------------------------------------------------------------------------------------


def xmlrpc_fault(code: int, message: str) -> Reply:
    body = xmlrpc.client.dumps(xmlrpc.client.Fault(code, message), methodresponse=True)
    return text(body, content_type="text/xml")


def test_pingback_discovery_and_a_fault(local_server: LocalServer) -> None:
    local_server.route(
        "/article",
        html(
            layout(head='<link rel="pingback" href="/from-element.php">'),
            headers=[("X-Pingback", local_server.url("/xmlrpc.php"))],
        ),
    )
    local_server.route("/xmlrpc.php", xmlrpc_fault(0x11, "No link to us found"))
    target = local_server.url("/article")

    async def work(client: GuardedClient) -> tuple[Discovery, NotifyResult]:
        found = await discover(client, target)
        assert found.pingback is not None
        return found, await send_pingback(client, found.pingback, SOURCE, target)

    found, result = run(work)

    assert found.webmention is None
    assert found.pingback == local_server.url("/xmlrpc.php")
    assert result.outcome is Outcome.PERMANENT
    assert result.fault_code == 0x11
    assert "does not contain a link to the target" in result.message
    (call,) = posts(local_server)
    assert xmlrpc.client.loads(call.body) == ((SOURCE, target), "pingback.ping")


def test_pingback_already_registered_is_success(local_server: LocalServer) -> None:
    local_server.route("/xmlrpc.php", xmlrpc_fault(0x30, "Already registered"))
    result = run(
        lambda client: send_pingback(
            client, local_server.url("/xmlrpc.php"), SOURCE, "https://them.example/"
        )
    )
    assert result.ok


# --- sending with retries ------------------------------------------------------------------------


def send_with_retries(
    server: LocalServer, endpoint_path: str, policy: RetryPolicy
) -> tuple[Retried[NotifyResult], list[float]]:
    slept: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        slept.append(seconds)

    async def work(client: GuardedClient) -> Retried[NotifyResult]:
        return await with_retries(
            lambda: send_webmention(
                client, server.url(endpoint_path), SOURCE, "https://t.example/"
            ),
            policy=policy,
            sleep=fake_sleep,
        )

    return run(work), slept


def test_429_with_retry_after_then_success(local_server: LocalServer) -> None:
    busy = Reply(429, [("Retry-After", "7"), ("Content-Type", "text/plain")], b"slow down")
    local_server.route("/wm", chain([busy, ACCEPTED]))
    retried, slept = send_with_retries(local_server, "/wm", RetryPolicy(base_delay=1))
    assert retried.result.ok
    assert retried.attempts == 2
    assert slept == [7.0]
    assert len(posts(local_server)) == 2


def test_500_is_retried_then_recorded_as_failed(local_server: LocalServer) -> None:
    local_server.route("/wm", Reply(500, body=b"database on fire"))
    retried, slept = send_with_retries(local_server, "/wm", RetryPolicy(max_attempts=3))
    assert retried.result.outcome is Outcome.RETRYABLE
    assert "database on fire" in retried.result.message
    assert retried.attempts == 3
    assert slept == [2.0, 4.0]
    assert len(posts(local_server)) == 3


def test_400_is_not_retried(local_server: LocalServer) -> None:
    local_server.route("/wm", Reply(400, body=b"target not found"))
    retried, slept = send_with_retries(local_server, "/wm", RetryPolicy())
    assert retried.result.outcome is Outcome.PERMANENT
    assert retried.attempts == 1
    assert slept == []
    assert len(posts(local_server)) == 1


def test_endpoint_moved_with_308_gets_the_post_again(local_server: LocalServer) -> None:
    local_server.route("/old-wm", redirect("/new-wm?token=t", status=308))
    local_server.route("/new-wm", ACCEPTED)
    result = run(
        lambda client: send_webmention(client, local_server.url("/old-wm"), SOURCE, "https://t/")
    )
    assert result.ok
    first, second = posts(local_server)
    assert (second.path, second.query) == ("/new-wm", "token=t")
    assert second.form == first.form == {"source": [SOURCE], "target": ["https://t/"]}


def test_endpoint_moved_with_301_is_not_reposted(local_server: LocalServer) -> None:
    local_server.route("/old-wm", redirect("/new-wm", status=301))
    local_server.route("/new-wm", ACCEPTED)
    result = run(
        lambda client: send_webmention(client, local_server.url("/old-wm"), SOURCE, "https://t/")
    )
    assert result.outcome is Outcome.PERMANENT
    assert [r.path for r in local_server.requests] == ["/old-wm"]
