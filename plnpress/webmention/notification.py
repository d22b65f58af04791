"""Sending one Webmention notification (spec §3.1.3), classifying the answer, and retrying.

The POST carries ``source`` and ``target`` form-encoded, exactly as given: ``target`` is the URL
as linked, never the URL it redirected to during discovery (webmention.rocks #23). The endpoint
URL is used as discovered, its query string untouched and never moved into the body (§3.1.2).

Redirects of the POST: the guarded client repeats the POST only on 307 and 308, which promise the
method and body are kept, and checks the new address like any other. A 303 means the endpoint
took the request and points at a result, so it is followed with a GET. A 301 or 302 is not
followed: clients turn those POSTs into GETs, which would deliver nothing, so it is reported as a
permanent failure that names the new location. The spec counts only 2xx as success.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from enum import Enum
from typing import Generic, Protocol, TypeVar
from urllib.parse import urlencode

import httpx

from plnpress.clock import utc_now
from plnpress.fetch.client import FetchResult, GuardedClient
from plnpress.fetch.errors import (
    FetchError,
    FetchRefused,
    InvalidURL,
    TooManyRedirects,
)

FORM_TYPE = "application/x-www-form-urlencoded"

# How much of an error body to quote in a message: enough for the endpoint's one-line reason.
_SNIPPET = 200


class Outcome(Enum):
    """How a notification went."""

    SUCCESS = "success"
    """A 2xx answer (or, for Pingback, a success or "already registered")."""
    RETRYABLE = "retryable"
    """The endpoint is overloaded or broken for now: 408, 429 or 5xx."""
    PERMANENT = "permanent"
    """The endpoint refused it (other 4xx, an unfollowed redirect) or the guard refused it."""
    NETWORK = "network"
    """No answer: DNS failure, connection refused, timeout."""


@dataclass(frozen=True, slots=True)
class NotifyResult:
    """The result of one notification attempt (Webmention or Pingback)."""

    endpoint: str
    """Where it was sent: the Webmention endpoint or Pingback server."""
    source: str
    target: str
    outcome: Outcome
    message: str
    """What happened, in words fit for a log line."""
    status: int | None = None
    """The final HTTP status, or None if no response arrived."""
    location: str | None = None
    """On success, the absolute ``Location`` the endpoint gave (a status page), if any."""
    retry_after: float | None = None
    """Seconds the endpoint asked us to wait before retrying (``Retry-After``), if it said."""
    fault_code: int | None = None
    """Pingback only: the XML-RPC fault code."""
    created: str | None = None
    """On success, the address of what the endpoint made, if it says: the ``url`` of a JSON
    answer, else the ``Location`` of a 201 (Bridgy Publish answers with its copy's address)."""

    @property
    def ok(self) -> bool:
        return self.outcome is Outcome.SUCCESS

    @property
    def should_retry(self) -> bool:
        """True if trying again later may succeed."""
        return self.outcome in (Outcome.RETRYABLE, Outcome.NETWORK)


async def send_webmention(
    client: GuardedClient,
    endpoint: str,
    source: str,
    target: str,
    *,
    now: Callable[[], datetime] | None = None,
) -> NotifyResult:
    """POST one Webmention to `endpoint` and classify the answer; never raises `FetchError`.

    `now` gives the current time for HTTP-date ``Retry-After`` values (for tests).
    """
    body = urlencode([("source", source), ("target", target)]).encode("ascii")
    try:
        response = await client.post(endpoint, body, content_type=FORM_TYPE)
    except FetchError as exc:
        return failure(endpoint, source, target, exc)
    return classify(endpoint, source, target, response, now=(now or utc_now)())


def classify(
    endpoint: str,
    source: str,
    target: str,
    response: FetchResult,
    *,
    now: datetime,
) -> NotifyResult:
    """Turn an endpoint's HTTP answer into a `NotifyResult` (any 2xx is success, §3.1.3)."""
    status = response.status
    where = response.final_url
    if 200 <= status < 300:
        location = response.header("location")
        return NotifyResult(
            endpoint,
            source,
            target,
            Outcome.SUCCESS,
            f"{where} accepted it with {status}",
            status=status,
            location=_absolute(where, location) if location else None,
            created=_created(response),
        )
    if status in (408, 429) or 500 <= status < 600:
        retry_after = parse_retry_after(response.header("retry-after"), now)
        wait = f"; asked to retry after {retry_after:g}s" if retry_after is not None else ""
        return NotifyResult(
            endpoint,
            source,
            target,
            Outcome.RETRYABLE,
            f"{where} answered {status}{_snippet(response)}{wait}",
            status=status,
            retry_after=retry_after,
        )
    if 300 <= status < 400:
        moved = response.header("location") or "nowhere"
        message = (
            f"{where} answered {status} redirecting to {moved}; a POST is repeated only on a"
            " 307 or 308 redirect, so the endpoint has to be fixed"
        )
    else:
        message = f"{where} answered {status}{_snippet(response)}"
    return NotifyResult(endpoint, source, target, Outcome.PERMANENT, message, status=status)


def failure(endpoint: str, source: str, target: str, error: FetchError) -> NotifyResult:
    """The result for a notification that got no usable answer."""
    # Refusals, bad URLs and redirect loops will not fix themselves; the network might.
    permanent = isinstance(error, FetchRefused | InvalidURL | TooManyRedirects)
    outcome = Outcome.PERMANENT if permanent else Outcome.NETWORK
    return NotifyResult(endpoint, source, target, outcome, str(error))


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a ``Retry-After`` value: delay-seconds or an HTTP-date (RFC 9110)."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(int(value))
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)  # HTTP dates are always GMT
    return max(0.0, (when - now).total_seconds())


# --- retrying ---------------------------------------------------------------------------------


class Retryable(Protocol):
    """What `with_retries` needs to know about an attempt's result."""

    @property
    def should_retry(self) -> bool: ...

    @property
    def retry_after(self) -> float | None: ...


R = TypeVar("R", bound=Retryable)

Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Bounded exponential backoff: delays of base, 2×base, 4×base… capped per wait and in total."""

    max_attempts: int = 4
    base_delay: float = 2.0
    max_delay: float = 60.0
    """Longest wait between attempts that we choose; a longer Retry-After is still honoured."""
    max_total_wait: float = 120.0
    """Give up rather than wait longer than this in total (a send run must end)."""


@dataclass(frozen=True, slots=True)
class Retried(Generic[R]):
    """The last result of a retried call, and what it took."""

    result: R
    attempts: int
    waited: float
    """Seconds spent sleeping between attempts."""


async def with_retries(
    attempt: Callable[[], Awaitable[R]],
    *,
    policy: RetryPolicy | None = None,
    sleep: Sleep = asyncio.sleep,
) -> Retried[R]:
    """Call `attempt` until it needs no retry, honouring Retry-After, within `policy`'s bounds.

    The wait before a retry is the backoff delay or the server's Retry-After, whichever is longer;
    if that would take the total wait past ``max_total_wait``, the last result is returned
    instead, for the caller to record and retry on a later run. `sleep` is injectable for tests.
    """
    policy = policy or RetryPolicy()
    waited = 0.0
    attempts = 1
    result = await attempt()
    while result.should_retry and attempts < policy.max_attempts:
        delay = min(policy.max_delay, policy.base_delay * 2 ** (attempts - 1))
        if result.retry_after is not None:
            delay = max(delay, result.retry_after)
        if waited + delay > policy.max_total_wait:
            break
        await sleep(delay)
        waited += delay
        attempts += 1
        result = await attempt()
    return Retried(result, attempts, waited)


def _created(response: FetchResult) -> str | None:
    url: object = None
    if response.content_type in ("application/json", "text/json"):
        try:
            data = json.loads(response.text)
        except (ValueError, RecursionError):  # an endpoint's answer nested too deep
            data = None
        url = data.get("url") if isinstance(data, dict) else None
    if url is None and response.status == 201:
        url = response.header("location")
    if not isinstance(url, str):
        return None
    absolute = _absolute(response.final_url, url)
    return absolute if absolute.startswith(("https://", "http://")) else None


def _absolute(base: str, location: str) -> str:
    try:
        return str(httpx.URL(base).join(location.strip()))
    except httpx.InvalidURL:
        return location


def _snippet(response: FetchResult) -> str:
    words = " ".join(response.text.split())
    if not words:
        return ""
    return ": " + (words if len(words) <= _SNIPPET else words[:_SNIPPET] + "…")
