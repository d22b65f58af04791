"""The guarded client over real sockets on 127.0.0.0/8.

What is end-to-end here: the guard refusing loopback (by IP literal and by a resolved hostname),
a redirect hop to a refused address, POSTs to refused endpoints, HTTPS keeping the hostname for
SNI and certificate checks while connecting to the checked address, caps, timeouts, redirect
loops and the concurrency limits. To have an "allowed" server to start from, a test passes an
address check that allows exactly 127.0.0.2 and applies the normal rules to everything else,
and a fake resolver that maps a made-up hostname to 127.0.0.2.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
import threading
import time
from collections.abc import Callable, Sequence
from ipaddress import ip_address

import pytest
import trustme

from plnpress.fetch.addresses import address_refusal
from plnpress.fetch.client import FetchPolicy, FetchResult, GuardedClient, fetch_sync
from plnpress.fetch.errors import (
    FetchRefused,
    FetchTimeout,
    NetworkError,
    RedirectLoop,
    TooManyRedirects,
)
from plnpress.fetch.guard import Resolver
from tests.webmention.servers import (
    LocalServer,
    RecordedRequest,
    Reply,
    gzipped,
    html,
    redirect,
    text,
)

OPEN = FetchPolicy(allow_private_addresses=True)
MakeServer = Callable[..., LocalServer]


def allow_only(address: str) -> Callable[[str], str | None]:
    """The normal address check, except that `address` is allowed (stands in for a public host)."""
    return lambda candidate: None if candidate == address else address_refusal(candidate)


def fake_dns(table: dict[str, str]) -> Resolver:
    """A resolver that knows the names in `table` and, like getaddrinfo, passes IPs through."""

    async def resolve(host: str, port: int) -> Sequence[str]:
        if host in table:
            return [table[host]]
        try:
            return [str(ip_address(host))]
        except ValueError:
            raise OSError(f"unknown host {host}") from None

    return resolve


def get(url: str, policy: FetchPolicy = OPEN, **client_options: object) -> FetchResult:
    async def run() -> FetchResult:
        async with GuardedClient(policy, **client_options) as client:  # type: ignore[arg-type]
            return await client.get(url)

    return asyncio.run(run())


# --- the address guard -------------------------------------------------------------------------


def test_guard_refuses_loopback_ip(local_server: LocalServer) -> None:
    local_server.route("/", html("<p>secret</p>"))
    with pytest.raises(FetchRefused, match="loopback") as error:
        get(local_server.url("/"), FetchPolicy())
    assert error.value.address == "127.0.0.1"
    assert local_server.requests == []


def test_guard_refuses_a_hostname_that_resolves_to_loopback(local_server: LocalServer) -> None:
    local_server.route("/", html("<p>secret</p>"))
    with pytest.raises(FetchRefused, match=r"localhost resolves to (127\.0\.0\.1|::1)"):
        get(f"http://localhost:{local_server.port}/", FetchPolicy())
    assert local_server.requests == []


def test_allow_private_addresses_reaches_loopback(local_server: LocalServer) -> None:
    local_server.route("/", html("<p>hello</p>"))
    assert get(local_server.url("/")).text == "<p>hello</p>"


def test_allowed_host_is_reached_by_name_with_its_host_header(make_server: MakeServer) -> None:
    public = make_server(host="127.0.0.2")
    public.route("/post", html("<p>hello</p>"))
    result = get(
        f"http://blog.example:{public.port}/post",
        FetchPolicy(),
        resolver=fake_dns({"blog.example": "127.0.0.2"}),
        address_check=allow_only("127.0.0.2"),
    )
    assert result.text == "<p>hello</p>"
    assert public.requests[0].header("host") == f"blog.example:{public.port}"


@pytest.mark.parametrize("by_name", [False, True])
def test_redirect_hop_to_loopback_is_refused(make_server: MakeServer, by_name: bool) -> None:
    public = make_server(host="127.0.0.2")
    private = make_server(host="127.0.0.1")
    private.route("/admin", html("<p>internal</p>"))
    hop = f"http://localhost:{private.port}/admin" if by_name else private.url("/admin")
    public.route("/post", redirect(hop))
    resolver = fake_dns({"blog.example": "127.0.0.2", "localhost": "127.0.0.1"})
    with pytest.raises(FetchRefused, match="loopback") as error:
        get(
            f"http://blog.example:{public.port}/post",
            FetchPolicy(),
            resolver=resolver,
            address_check=allow_only("127.0.0.2"),
        )
    assert error.value.url == hop
    assert len(public.requests) == 1
    assert private.requests == []


def test_post_to_a_loopback_endpoint_is_refused(local_server: LocalServer) -> None:
    local_server.route("/endpoint", Reply(202))

    async def run() -> None:
        async with GuardedClient(FetchPolicy()) as client:
            await client.post(
                local_server.url("/endpoint"), b"source=a&target=b", content_type="text/plain"
            )

    with pytest.raises(FetchRefused):
        asyncio.run(run())
    assert local_server.requests == []


def test_post_redirected_307_to_loopback_is_refused(make_server: MakeServer) -> None:
    public = make_server(host="127.0.0.2")
    private = make_server(host="127.0.0.1")
    private.route("/internal", Reply(202))
    public.route("/endpoint", redirect(private.url("/internal"), status=307))

    async def run() -> None:
        async with GuardedClient(
            FetchPolicy(),
            resolver=fake_dns({"blog.example": "127.0.0.2"}),
            address_check=allow_only("127.0.0.2"),
        ) as client:
            await client.post(
                f"http://blog.example:{public.port}/endpoint",
                b"source=a&target=b",
                content_type="application/x-www-form-urlencoded",
            )

    with pytest.raises(FetchRefused):
        asyncio.run(run())
    assert [r.method for r in public.requests] == ["POST"]
    assert private.requests == []


def test_https_keeps_the_hostname_for_sni_and_certificate(make_server: MakeServer) -> None:
    authority = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("blog.example").configure_cert(server_context)
    seen_sni: list[str | None] = []
    server_context.sni_callback = lambda sock, name, context: seen_sni.append(name)
    client_context = ssl.create_default_context()
    authority.configure_trust(client_context)

    public = make_server(host="127.0.0.2", tls=server_context)
    public.route("/post", html("<p>secure</p>"))
    result = get(
        f"https://blog.example:{public.port}/post",
        FetchPolicy(),
        resolver=fake_dns({"blog.example": "127.0.0.2"}),
        address_check=allow_only("127.0.0.2"),
        ssl_context=client_context,
    )
    assert result.text == "<p>secure</p>"
    assert seen_sni == ["blog.example"]


# --- limits ------------------------------------------------------------------------------------


def test_huge_body_is_truncated_at_the_cap(local_server: LocalServer) -> None:
    local_server.route("/huge", text(b"a" * 5_000_000))
    result = get(local_server.url("/huge"))
    assert result.truncated
    assert result.body == b"a" * 1_000_000


def test_gzip_bomb_is_truncated_after_decompression(local_server: LocalServer) -> None:
    local_server.route("/bomb", gzipped(text(b"\0" * 20_000_000, content_type="text/html")))
    result = get(local_server.url("/bomb"))
    assert result.truncated
    assert len(result.body) == 1_000_000


def test_trickling_server_hits_the_total_time_budget(local_server: LocalServer) -> None:
    # Each byte arrives well within the read timeout; only the total budget can stop this.
    local_server.route("/slow", Reply(200, body=b"x" * 10_000, chunk_size=1, chunk_delay=0.02))
    policy = FetchPolicy(allow_private_addresses=True, read_timeout=2.0, total_timeout=0.5)
    started = time.monotonic()
    with pytest.raises(FetchTimeout, match=r"took longer than 0\.5s in total"):
        get(local_server.url("/slow"), policy)
    assert time.monotonic() - started < 5  # a sanity bound, not a speed test


def test_slow_answer_hits_the_read_timeout(local_server: LocalServer) -> None:
    local_server.route("/late", Reply(200, body=b"late", delay=3.0))
    policy = FetchPolicy(allow_private_addresses=True, read_timeout=0.2)
    with pytest.raises(FetchTimeout, match=r"after 0\.2s waiting for data from http://127"):
        get(local_server.url("/late"), policy)


def test_redirect_loop(local_server: LocalServer) -> None:
    local_server.route("/a", redirect("/b"))
    local_server.route("/b", redirect("/c"))
    local_server.route("/c", redirect("/a"))
    with pytest.raises(RedirectLoop):
        get(local_server.url("/a"))
    assert [r.path for r in local_server.requests] == ["/a", "/b", "/c"]


def test_too_many_redirects(local_server: LocalServer) -> None:
    for n in range(15):
        local_server.route(f"/{n}", redirect(f"/{n + 1}", status=301))
    with pytest.raises(TooManyRedirects, match="more than 10 times"):
        get(local_server.url("/0"))
    assert len(local_server.requests) == 11


def test_connection_refused_is_a_network_error() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(NetworkError, match=f"could not fetch http://127.0.0.1:{port}/"):
        get(f"http://127.0.0.1:{port}/")


def test_fetch_sync_over_a_socket(local_server: LocalServer) -> None:
    local_server.route("/", html("<title>Hi</title>"))
    result = fetch_sync(local_server.url("/"), policy=OPEN)
    assert result.is_html
    assert result.text == "<title>Hi</title>"


# --- concurrency -------------------------------------------------------------------------------


class InFlight:
    """A handler that holds each request briefly and counts how many are in flight at once."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.now = 0
        self.peak = 0

    def __call__(self, request: RecordedRequest) -> Reply:
        with self.lock:
            self.now += 1
            self.peak = max(self.peak, self.now)
        time.sleep(0.1)
        with self.lock:
            self.now -= 1
        return Reply(200, body=b"ok")


def fetch_all(urls: list[str], **client_options: int) -> None:
    async def run() -> None:
        async with GuardedClient(OPEN, **client_options) as client:  # type: ignore[arg-type]
            await asyncio.gather(*(client.get(url) for url in urls))

    asyncio.run(run())


def test_per_host_limit(local_server: LocalServer) -> None:
    counter = InFlight()
    local_server.route("/", counter)
    fetch_all([local_server.url("/")] * 6, max_concurrency=10, max_per_host=2)
    assert counter.peak == 2
    assert len(local_server.requests) == 6


def test_global_limit(make_server: MakeServer) -> None:
    counter = InFlight()
    servers = [make_server(host=f"127.0.0.{n}") for n in (1, 2, 3)]
    for server in servers:
        server.route("/", counter)
    urls = [server.url("/") for server in servers] * 3
    fetch_all(urls, max_concurrency=2, max_per_host=3)
    assert counter.peak == 2
