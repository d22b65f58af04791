"""The guarded client's rules, over httpx.MockTransport (no sockets; see test_client_e2e.py)."""

from __future__ import annotations

import asyncio
import gzip
from collections.abc import Callable

import httpx
import pytest

from plnpress import __version__
from plnpress.fetch.client import FetchPolicy, FetchResult, GuardedClient, fetch_sync
from plnpress.fetch.errors import (
    BadResponse,
    FetchRefused,
    FetchTimeout,
    InvalidURL,
    NetworkError,
    RedirectLoop,
    TooManyRedirects,
    UnsupportedScheme,
)

Handler = Callable[[httpx.Request], httpx.Response]


class Recorder:
    """A MockTransport handler from a {url: response} table that records requests."""

    def __init__(self, table: dict[str, httpx.Response | Callable[[], httpx.Response]]) -> None:
        self.table = table
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.table.get(str(request.url))
        if answer is None:
            return httpx.Response(404)
        return answer() if callable(answer) else answer

    @property
    def seen(self) -> list[tuple[str, str]]:
        return [(r.method, str(r.url)) for r in self.requests]


def fetch(
    handler: Handler,
    url: str,
    policy: FetchPolicy | None = None,
    **kwargs: object,
) -> FetchResult:
    async def run() -> FetchResult:
        transport = httpx.MockTransport(handler)
        async with GuardedClient(policy, transport=transport) as client:
            return await client.fetch(url, **kwargs)  # type: ignore[arg-type]

    return asyncio.run(run())


def streamed(content: bytes, headers: dict[str, str] | None = None) -> Callable[[], httpx.Response]:
    """A fresh unread response each time, as a real transport gives (not pre-read by httpx)."""
    return lambda: httpx.Response(200, headers=headers, stream=httpx.ByteStream(content))


def moved(location: str, status: int = 302) -> httpx.Response:
    return httpx.Response(status, headers={"Location": location})


def test_follows_relative_redirects_and_records_the_chain() -> None:
    web = Recorder(
        {
            "https://a.example/start": moved("/two", 301),
            "https://a.example/two": moved("three/", 302),
            "https://a.example/three/": moved("../four?x=1", 307),
            "https://a.example/four?x=1": moved("//b.example/five", 308),
            "https://b.example/five": httpx.Response(200, text="done"),
        }
    )
    result = fetch(web, "https://a.example/start")
    assert result.status == 200
    assert result.body == b"done"
    assert result.url == "https://a.example/start"
    assert result.final_url == "https://b.example/five"
    assert result.redirects == (
        "https://a.example/start",
        "https://a.example/two",
        "https://a.example/three/",
        "https://a.example/four?x=1",
    )
    assert all(method == "GET" for method, _ in web.seen)


@pytest.mark.parametrize("status", [307, 308])
def test_post_is_repeated_with_its_body_on_307_and_308(status: int) -> None:
    web = Recorder(
        {
            "https://a.example/endpoint?token=1": moved("https://b.example/new?token=1", status),
            "https://b.example/new?token=1": httpx.Response(202),
        }
    )
    result = fetch(
        web,
        "https://a.example/endpoint?token=1",
        method="POST",
        content=b"source=s&target=t",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert result.status == 202
    assert web.seen == [
        ("POST", "https://a.example/endpoint?token=1"),
        ("POST", "https://b.example/new?token=1"),
    ]
    assert web.requests[1].content == b"source=s&target=t"


def test_post_answered_with_303_is_followed_with_a_get_without_body() -> None:
    web = Recorder(
        {
            "https://a.example/endpoint": moved("/status/1", 303),
            "https://a.example/status/1": httpx.Response(200, text="queued"),
        }
    )
    result = fetch(
        web,
        "https://a.example/endpoint",
        method="POST",
        content=b"source=s&target=t",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert result.status == 200
    assert web.seen[1] == ("GET", "https://a.example/status/1")
    assert web.requests[1].content == b""
    assert "content-type" not in web.requests[1].headers


@pytest.mark.parametrize("status", [301, 302])
def test_post_answered_with_301_or_302_is_not_followed(status: int) -> None:
    web = Recorder({"https://a.example/endpoint": moved("https://a.example/moved", status)})
    result = fetch(web, "https://a.example/endpoint", method="POST", content=b"x=1")
    assert result.status == status
    assert result.header("location") == "https://a.example/moved"
    assert web.seen == [("POST", "https://a.example/endpoint")]


def test_head_stays_head_through_303() -> None:
    web = Recorder(
        {
            "https://a.example/": moved("/other", 303),
            "https://a.example/other": httpx.Response(200),
        }
    )
    fetch(web, "https://a.example/", method="HEAD")
    assert web.seen == [("HEAD", "https://a.example/"), ("HEAD", "https://a.example/other")]


def test_credentials_do_not_follow_a_redirect_to_another_origin() -> None:
    web = Recorder(
        {
            "https://a.example/": moved("/same"),
            "https://a.example/same": moved("https://b.example/other"),
            "https://b.example/other": httpx.Response(200),
        }
    )
    fetch(web, "https://a.example/", headers={"Authorization": "Bearer secret", "X-Keep": "1"})
    assert web.requests[1].headers.get("authorization") == "Bearer secret"
    assert "authorization" not in web.requests[2].headers
    assert web.requests[2].headers["x-keep"] == "1"


def test_redirects_are_not_followed_when_asked() -> None:
    web = Recorder({"https://a.example/": moved("/b")})
    result = fetch(web, "https://a.example/", follow_redirects=False)
    assert result.status == 302
    assert result.redirects == ()


def test_redirect_loop_is_detected() -> None:
    web = Recorder(
        {
            "https://a.example/one": moved("/two"),
            "https://a.example/two": moved("/one#again"),
        }
    )
    with pytest.raises(RedirectLoop, match="redirects in a loop") as error:
        fetch(web, "https://a.example/one")
    assert error.value.url == "https://a.example/two"
    assert len(web.requests) == 2


def test_redirect_cap() -> None:
    table: dict[str, httpx.Response | Callable[[], httpx.Response]] = {
        f"https://a.example/{n}": moved(f"/{n + 1}") for n in range(20)
    }
    table["https://a.example/3"] = httpx.Response(200)
    assert fetch(Recorder(table), "https://a.example/0", FetchPolicy(max_redirects=3)).ok
    web = Recorder(table)
    with pytest.raises(TooManyRedirects, match="redirected more than 2 times"):
        fetch(web, "https://a.example/0", FetchPolicy(max_redirects=2))
    assert len(web.requests) == 3


@pytest.mark.parametrize(
    "url", ["ftp://a.example/file", "file:///etc/passwd", "mailto:me@a.example", "gopher://x/"]
)
def test_only_http_and_https_are_fetched(url: str) -> None:
    web = Recorder({})
    with pytest.raises(UnsupportedScheme, match="only http and https"):
        fetch(web, url)
    assert web.requests == []


def test_redirect_to_another_scheme_is_refused() -> None:
    web = Recorder({"https://a.example/": moved("file:///etc/passwd")})
    with pytest.raises(UnsupportedScheme, match=r"redirected from https://a\.example/"):
        fetch(web, "https://a.example/")


@pytest.mark.parametrize("url", ["http://", "https:///path", "http://[::1/", "http://:80/"])
def test_invalid_urls(url: str) -> None:
    with pytest.raises(InvalidURL):
        fetch(Recorder({}), url)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://127.1.2.3:8080/admin",
        "http://[::1]/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fd00:ec2::254]/",
        "http://10.0.0.1/",
        "http://[::ffff:127.0.0.1]/",
        "http://0.0.0.0:22/",
    ],
)
def test_ip_literal_hosts_are_refused_before_any_request(url: str) -> None:
    web = Recorder({})
    with pytest.raises(FetchRefused, match="refused to fetch") as error:
        fetch(web, url)
    assert error.value.address is not None
    assert web.requests == []


def test_redirect_to_a_private_ip_literal_is_refused() -> None:
    web = Recorder({"https://a.example/": moved("http://192.168.0.1/router")})
    with pytest.raises(FetchRefused, match=r"192\.168\.0\.1 is a forbidden address \(private"):
        fetch(web, "https://a.example/")
    assert web.seen == [("GET", "https://a.example/")]


def test_allow_private_addresses_lifts_the_refusal() -> None:
    web = Recorder({"http://127.0.0.1/": httpx.Response(200)})
    assert fetch(web, "http://127.0.0.1/", FetchPolicy(allow_private_addresses=True)).ok


def test_sends_our_user_agent_and_the_encodings_we_can_undo() -> None:
    web = Recorder({"https://a.example/": httpx.Response(200)})
    fetch(web, "https://a.example/")
    agent = web.requests[0].headers["user-agent"]
    assert f"plnpress/{__version__}" in agent
    assert "Webmention" in agent
    assert web.requests[0].headers["accept-encoding"] == "gzip, deflate"


def test_keeps_no_cookies_between_requests() -> None:
    web = Recorder(
        {
            "https://a.example/": httpx.Response(
                302, headers={"Location": "/next", "Set-Cookie": "session=abc; Path=/"}
            ),
            "https://a.example/next": httpx.Response(200),
        }
    )
    fetch(web, "https://a.example/")
    assert "cookie" not in web.requests[1].headers


def test_result_helpers() -> None:
    web = Recorder(
        {
            "https://a.example/": httpx.Response(
                200,
                headers=[
                    ("Content-Type", "text/html; charset=iso-8859-1"),
                    ("LinK", "<a>; rel=one"),
                    ("link", "<b>; rel=two"),
                ],
                content="<p>café</p>".encode("latin-1"),
            )
        }
    )
    result = fetch(web, "https://a.example/")
    assert result.ok
    assert result.content_type == "text/html"
    assert result.is_html
    assert result.text == "<p>café</p>"
    assert result.header("LINK") == "<a>; rel=one"
    assert result.header_values("Link") == ("<a>; rel=one", "<b>; rel=two")
    assert ("LinK", "<a>; rel=one") in result.headers
    assert result.header("x-missing") is None


def test_body_over_the_cap_is_truncated() -> None:
    web = Recorder({"https://a.example/": streamed(b"y" * 5000)})
    result = fetch(web, "https://a.example/", FetchPolicy(max_bytes=1000))
    assert result.truncated
    assert result.body == b"y" * 1000


def test_body_already_read_by_a_test_transport_is_capped_too() -> None:
    web = Recorder({"https://a.example/": httpx.Response(200, content=b"y" * 5000)})
    result = fetch(web, "https://a.example/", FetchPolicy(max_bytes=1000))
    assert result.truncated
    assert result.body == b"y" * 1000


def test_body_at_the_cap_is_not_truncated() -> None:
    web = Recorder({"https://a.example/": streamed(b"y" * 1000)})
    result = fetch(web, "https://a.example/", FetchPolicy(max_bytes=1000))
    assert not result.truncated
    assert len(result.body) == 1000


def test_gzip_body_is_decoded_and_capped_after_decompression() -> None:
    web = Recorder(
        {
            "https://a.example/": streamed(
                gzip.compress(b"z" * 100_000), {"Content-Encoding": "gzip"}
            )
        }
    )
    result = fetch(web, "https://a.example/", FetchPolicy(max_bytes=50_000))
    assert result.truncated
    assert result.body == b"z" * 50_000


def test_unknown_content_encoding_is_a_bad_response() -> None:
    web = Recorder({"https://a.example/": streamed(b"\x1b", {"Content-Encoding": "br"})})
    with pytest.raises(BadResponse, match=r"https://a\.example/.*unsupported Content-Encoding"):
        fetch(web, "https://a.example/")


@pytest.mark.parametrize(
    ("exception", "error_type", "message"),
    [
        (
            httpx.ConnectError("refused"),
            NetworkError,
            "could not fetch https://a.example/: refused",
        ),
        (httpx.RemoteProtocolError("bad"), NetworkError, "could not fetch"),
        (httpx.ConnectTimeout("slow"), FetchTimeout, "after 5.0s connecting to https://a.example/"),
        (httpx.ReadTimeout("slow"), FetchTimeout, "after 5.0s waiting for data from https://a"),
    ],
)
def test_transport_errors_become_fetch_errors(
    exception: Exception, error_type: type[Exception], message: str
) -> None:
    def broken(request: httpx.Request) -> httpx.Response:
        raise exception

    with pytest.raises(error_type, match=message.replace(".", r"\.")):
        fetch(broken, "https://a.example/")


def test_fetch_sync() -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(200, text="hi"))
    assert fetch_sync("https://a.example/", transport=transport).text == "hi"


def test_fetch_sync_refuses_to_run_inside_an_event_loop() -> None:
    async def inside() -> None:
        fetch_sync("https://a.example/")

    with pytest.raises(RuntimeError, match="inside an event loop"):
        asyncio.run(inside())


@pytest.mark.parametrize(
    "changes",
    [
        {"connect_timeout": 0},
        {"read_timeout": -1},
        {"total_timeout": 0},
        {"max_bytes": 0},
        {"max_redirects": -1},
    ],
)
def test_policy_rejects_nonsense(changes: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="FetchPolicy"):
        FetchPolicy(**changes)  # type: ignore[arg-type]
