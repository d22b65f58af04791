"""Notifying one target from one source: discover, send (or ping), retry, and say what happened.

Each target is discovered at most once per run, however many entries link to it, and never from
a stored endpoint: the spec has senders re-discover on every send (§3.1.4), and a target may
hand out one-time endpoints. Endpoints found in one run are forgotten when it ends.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import UTC
from typing import TypeVar

from plnpress.clock import Clock
from plnpress.fetch.client import GuardedClient
from plnpress.fetch.errors import FetchError, FetchRefused, InvalidURL, TooManyRedirects
from plnpress.fetch.parsing import UnreadablePage
from plnpress.webmention.notification import (
    NotifyResult,
    Outcome,
    Retryable,
    RetryPolicy,
    Sleep,
    parse_retry_after,
    send_webmention,
    with_retries,
)
from plnpress.webmention.send.discovery import DISCOVERY_ACCEPT, Discovery, read_endpoints
from plnpress.webmention.send.pingback import send_pingback
from plnpress.webmention.send.sent_log import Attempt, Result

R = TypeVar("R", bound=Retryable)


@dataclass(frozen=True, slots=True)
class Lookup:
    """The discovery of one target, or why it could not be made."""

    discovery: Discovery | None
    """What the target advertised; None if it could not be fetched."""
    failure: Outcome | None = None
    """Set when there is no discovery, or the target answered 408, 429 or 5xx."""
    message: str = ""
    retry_after: float | None = None

    @property
    def should_retry(self) -> bool:
        return self.failure in (Outcome.RETRYABLE, Outcome.NETWORK)


class Deliverer:
    """Sends notifications for one run through one guarded client."""

    def __init__(
        self, client: GuardedClient, retry: RetryPolicy, *, sleep: Sleep, clock: Clock
    ) -> None:
        self._client = client
        self._retry = retry
        self._sleep = sleep
        self._clock = clock
        self._lookups: dict[str, asyncio.Task[Lookup]] = {}

    async def deliver(
        self, source: str, target: str, entry_hash: str, endpoint: str | None = None
    ) -> Attempt:
        """Notify `target` that `source` (as hashed by `entry_hash`) mentions it.

        With a known `endpoint` (Bridgy Publish), the target is not fetched: it is a name for
        what the endpoint should do, not a page that advertises an endpoint.
        """
        if endpoint is not None:
            return await self._to_known(endpoint, source, target, entry_hash)
        lookup = await self._lookup(target)
        found = lookup.discovery
        if lookup.failure is not None or found is None:
            status = found.status if found is not None else None
            result = _failure(lookup.should_retry)
            return self._attempt(entry_hash, result, status=status, message=lookup.message)
        if found.webmention is not None:
            endpoint = found.webmention
            sent = await self._retried(
                lambda: send_webmention(self._client, endpoint, source, target, now=self._clock)
            )
            return self._from_notify(entry_hash, sent, endpoint=endpoint)
        if found.pingback is not None:
            server = found.pingback
            sent = await self._retried(
                lambda: send_pingback(self._client, server, source, target, now=self._clock)
            )
            return self._from_notify(entry_hash, sent, pingback=server)
        why = "it advertises no Webmention endpoint or Pingback server"
        if not 200 <= found.status < 300:
            why = f"it answered {found.status}"
        return self._attempt(entry_hash, Result.NO_ENDPOINT, status=found.status, message=why)

    async def _to_known(self, endpoint: str, source: str, target: str, entry_hash: str) -> Attempt:
        sent = await self._retried(
            lambda: send_webmention(self._client, endpoint, source, target, now=self._clock)
        )
        attempt = self._from_notify(entry_hash, sent, endpoint=endpoint)
        return replace(attempt, syndication=sent.created) if sent.ok else attempt

    def _lookup(self, target: str) -> asyncio.Task[Lookup]:
        # The fragment is not sent when fetching, so #a and #b of one page are one discovery.
        key = target.split("#", 1)[0]
        task = self._lookups.get(key)
        if task is None:
            task = self._lookups[key] = asyncio.ensure_future(
                self._retried(lambda: self._discover(target))
            )
        return task

    async def _discover(self, target: str) -> Lookup:
        # discovery.discover() without dropping the response: its Retry-After is needed here.
        try:
            response = await self._client.get(target, accept=DISCOVERY_ACCEPT)
            found = await read_endpoints(self._client, target, response)
        except FetchError as exc:
            permanent = isinstance(exc, FetchRefused | InvalidURL | TooManyRedirects)
            permanent = permanent or isinstance(exc, UnreadablePage)
            return Lookup(None, Outcome.PERMANENT if permanent else Outcome.NETWORK, str(exc))
        if found.status in (408, 429) or 500 <= found.status < 600:
            # No page to look at now; a later attempt may find the endpoint.
            return Lookup(
                found,
                Outcome.RETRYABLE,
                f"{response.final_url} answered {found.status} when asked for its endpoint",
                parse_retry_after(response.header("retry-after"), self._clock()),
            )
        return Lookup(found)

    async def _retried(self, attempt: Callable[[], Awaitable[R]]) -> R:
        retried = await with_retries(attempt, policy=self._retry, sleep=self._sleep)
        return retried.result

    def _from_notify(
        self,
        entry_hash: str,
        sent: NotifyResult,
        *,
        endpoint: str | None = None,
        pingback: str | None = None,
    ) -> Attempt:
        return self._attempt(
            entry_hash,
            Result.SENT if sent.ok else _failure(sent.should_retry),
            endpoint=endpoint,
            pingback=pingback,
            status=sent.status,
            location=sent.location,
            message=None if sent.ok else sent.message,
        )

    def _attempt(
        self,
        entry_hash: str,
        result: Result,
        *,
        endpoint: str | None = None,
        pingback: str | None = None,
        status: int | None = None,
        location: str | None = None,
        message: str | None = None,
    ) -> Attempt:
        return Attempt(
            at=self._clock().astimezone(UTC).replace(microsecond=0),
            entry_hash=entry_hash,
            result=result,
            endpoint=endpoint,
            pingback=pingback,
            status=status,
            location=location,
            message=" ".join(message.split()) if message else None,
        )


def _failure(may_pass: bool) -> Result:
    """A failure that may pass is tried again next run; one that will not, only on a change."""
    return Result.FAILED if may_pass else Result.REFUSED
