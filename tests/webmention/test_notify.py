"""Sending, classifying and retrying notifications, over httpx.MockTransport."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime
from urllib.parse import parse_qs

import httpx
import pytest

from plnpress.fetch.client import GuardedClient
from plnpress.webmention.notification import (
    NotifyResult,
    Outcome,
    RetryPolicy,
    parse_retry_after,
    send_webmention,
    with_retries,
)

SOURCE = "https://me.example/2024/05/reply"
TARGET = "https://them.example/post?id=7#comments"
NOW = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)


class Endpoint:
    """A MockTransport handler answering from a list of responses (the last one repeats)."""

    def __init__(self, *responses: httpx.Response | Exception) -> None:
        self.responses = list(responses)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.responses.pop(0) if len(self.responses) > 1 else self.responses[0]
        if isinstance(answer, Exception):
            raise answer
        return answer


def send(endpoint: Callable[[httpx.Request], httpx.Response], url: str) -> NotifyResult:
    async def run() -> NotifyResult:
        async with GuardedClient(transport=httpx.MockTransport(endpoint)) as client:
            return await send_webmention(client, url, SOURCE, TARGET, now=lambda: NOW)

    return asyncio.run(run())


def test_posts_source_and_target_form_encoded_with_query_kept_on_the_url() -> None:
    endpoint = Endpoint(httpx.Response(202))
    result = send(endpoint, "https://them.example/webmention?csrf=abc&x=1")
    assert result.ok
    (request,) = endpoint.requests
    assert request.method == "POST"
    assert str(request.url) == "https://them.example/webmention?csrf=abc&x=1"
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert parse_qs(request.content.decode()) == {"source": [SOURCE], "target": [TARGET]}


@pytest.mark.parametrize("status", [200, 201, 202, 204])
def test_any_2xx_is_success(status: int) -> None:
    result = send(Endpoint(httpx.Response(status)), "https://them.example/wm")
    assert result.outcome is Outcome.SUCCESS
    assert result.status == status
    assert not result.should_retry


def test_location_of_a_201_is_kept_as_an_absolute_url() -> None:
    result = send(
        Endpoint(httpx.Response(201, headers={"Location": "/status/42"})),
        "https://them.example/wm",
    )
    assert result.location == "https://them.example/status/42"


@pytest.mark.parametrize(
    ("status", "retry_after", "expected_wait"),
    [
        (429, "120", 120.0),
        (503, "Wed, 01 May 2024 12:05:00 GMT", 300.0),
        (500, None, None),
        (502, "soon", None),
        (408, "3", 3.0),
    ],
)
def test_overload_and_server_errors_are_retryable(
    status: int, retry_after: str | None, expected_wait: float | None
) -> None:
    headers = {"Retry-After": retry_after} if retry_after else {}
    result = send(Endpoint(httpx.Response(status, headers=headers)), "https://them.example/wm")
    assert result.outcome is Outcome.RETRYABLE
    assert result.should_retry
    assert result.retry_after == expected_wait


@pytest.mark.parametrize("status", [400, 403, 404, 405, 410, 422])
def test_other_4xx_are_permanent_and_quote_the_endpoint(status: int) -> None:
    result = send(
        Endpoint(httpx.Response(status, text="  Target  does not\naccept Webmentions ")),
        "https://them.example/wm",
    )
    assert result.outcome is Outcome.PERMANENT
    assert not result.should_retry
    assert result.message == (
        f"https://them.example/wm answered {status}: Target does not accept Webmentions"
    )


def test_long_error_bodies_are_shortened() -> None:
    result = send(Endpoint(httpx.Response(400, text="x" * 5000)), "https://them.example/wm")
    assert len(result.message) < 300


@pytest.mark.parametrize("status", [301, 302])
def test_a_301_or_302_to_the_post_is_a_permanent_failure_naming_the_new_place(status: int) -> None:
    endpoint = Endpoint(httpx.Response(status, headers={"Location": "https://new.example/wm"}))
    result = send(endpoint, "https://them.example/wm")
    assert result.outcome is Outcome.PERMANENT
    assert "https://new.example/wm" in result.message
    assert "307 or 308" in result.message
    assert len(endpoint.requests) == 1


def test_a_303_after_the_post_is_success_at_the_status_page() -> None:
    endpoint = Endpoint(httpx.Response(303, headers={"Location": "/status/9"}), httpx.Response(200))
    result = send(endpoint, "https://them.example/wm")
    assert result.ok
    assert [r.method for r in endpoint.requests] == ["POST", "GET"]


def test_a_308_repeats_the_post_at_the_new_endpoint() -> None:
    endpoint = Endpoint(
        httpx.Response(308, headers={"Location": "https://them.example/v2/wm?k=1"}),
        httpx.Response(202),
    )
    assert send(endpoint, "http://them.example/wm").ok
    second = endpoint.requests[1]
    assert (second.method, str(second.url)) == ("POST", "https://them.example/v2/wm?k=1")
    assert parse_qs(second.content.decode())["target"] == [TARGET]


def test_network_failure() -> None:
    result = send(Endpoint(httpx.ConnectError("connection refused")), "https://them.example/wm")
    assert result.outcome is Outcome.NETWORK
    assert result.should_retry
    assert result.status is None
    assert "connection refused" in result.message


@pytest.mark.parametrize(
    "endpoint", ["http://127.0.0.1/wm", "http://[::1]:8080/wm", "ftp://them.example/wm", "http://"]
)
def test_refused_and_unusable_endpoints_are_permanent(endpoint: str) -> None:
    handler = Endpoint(httpx.Response(202))
    result = send(handler, endpoint)
    assert result.outcome is Outcome.PERMANENT
    assert handler.requests == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0", 0.0),
        ("120", 120.0),
        (" 7 ", 7.0),
        ("Wed, 01 May 2024 12:00:30 GMT", 30.0),
        ("Wednesday, 01-May-24 12:01:00 GMT", 60.0),
        ("Wed May  1 12:02:00 2024", 120.0),
        ("Tue, 30 Apr 2024 12:00:00 GMT", 0.0),
        ("-5", None),
        ("1.5", None),
        ("tomorrow", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_retry_after(value: str | None, expected: float | None) -> None:
    assert parse_retry_after(value, NOW) == expected


# --- with_retries ------------------------------------------------------------------------------


def result(outcome: Outcome, retry_after: float | None = None) -> NotifyResult:
    return NotifyResult(
        "https://e/", SOURCE, TARGET, outcome, outcome.value, retry_after=retry_after
    )


class Script:
    """Attempts that return the given results in turn, and a sleep that only records."""

    def __init__(self, *results: NotifyResult) -> None:
        self.results = list(results)
        self.calls = 0
        self.slept: list[float] = []

    async def attempt(self) -> NotifyResult:
        self.calls += 1
        return self.results.pop(0) if len(self.results) > 1 else self.results[0]

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)


def run_retries(
    script: Script, policy: RetryPolicy | None = None
) -> tuple[NotifyResult, int, float]:
    retried = asyncio.run(with_retries(script.attempt, policy=policy, sleep=script.sleep))
    return retried.result, retried.attempts, retried.waited


def test_success_first_time_does_not_sleep() -> None:
    script = Script(result(Outcome.SUCCESS))
    assert run_retries(script) == (result(Outcome.SUCCESS), 1, 0.0)
    assert script.slept == []


def test_retry_after_is_honoured_then_success() -> None:
    script = Script(result(Outcome.RETRYABLE, retry_after=30), result(Outcome.SUCCESS))
    final, attempts, waited = run_retries(script)
    assert final.ok
    assert attempts == 2
    assert script.slept == [30]
    assert waited == 30


def test_backoff_doubles_until_attempts_run_out() -> None:
    script = Script(result(Outcome.RETRYABLE))
    final, attempts, _ = run_retries(script, RetryPolicy(max_attempts=4, base_delay=2))
    assert final.outcome is Outcome.RETRYABLE
    assert attempts == 4
    assert script.slept == [2, 4, 8]


def test_a_short_retry_after_does_not_shorten_the_backoff() -> None:
    script = Script(result(Outcome.RETRYABLE, retry_after=0), result(Outcome.SUCCESS))
    run_retries(script, RetryPolicy(base_delay=5))
    assert script.slept == [5]


def test_each_wait_is_capped_by_max_delay() -> None:
    script = Script(result(Outcome.RETRYABLE))
    run_retries(
        script, RetryPolicy(max_attempts=6, base_delay=10, max_delay=25, max_total_wait=1000)
    )
    assert script.slept == [10, 20, 25, 25, 25]


def test_gives_up_rather_than_wait_past_the_total_cap() -> None:
    script = Script(result(Outcome.RETRYABLE, retry_after=3600))
    final, attempts, waited = run_retries(script, RetryPolicy(max_total_wait=120))
    assert final.retry_after == 3600
    assert (attempts, waited) == (1, 0.0)
    assert script.slept == []


def test_network_failures_are_retried() -> None:
    script = Script(result(Outcome.NETWORK), result(Outcome.SUCCESS))
    assert run_retries(script)[1] == 2


def test_permanent_failures_are_not_retried() -> None:
    script = Script(result(Outcome.PERMANENT))
    assert run_retries(script)[1] == 1
    assert script.calls == 1
