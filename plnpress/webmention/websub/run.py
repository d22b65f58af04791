"""WebSub publishing: tell the hub which topics changed since it was last told.

content -> topics and their fingerprints -> compare with ``_websub.yaml`` -> (``wait_live``: wait
until the changed feeds are deployed) -> one ping per changed topic -> record what got through.

A ping is a form-encoded POST of ``hub.mode=publish`` and ``hub.url=TOPIC`` to the hub, one topic
per request (some hubs take only one ``hub.url``). Any 2xx is success; 408, 429, 5xx and network
failures are retried within the run as the Webmention sender retries, and a topic that still
failed is not recorded, so the next run pings it again. A topic whose fingerprint is the one
recorded is not pinged: a second run with no change pings nothing.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC
from urllib.parse import urlencode

from plnpress.clock import Clock, utc_now
from plnpress.config import Config
from plnpress.content import ContentOptions, load_site
from plnpress.errors import PlnpressError, ProblemLog
from plnpress.fetch.client import GuardedClient
from plnpress.fetch.errors import FetchError
from plnpress.fetch.policy import policy_for
from plnpress.model import Site
from plnpress.render.feeds import render_feeds
from plnpress.render.websub import topics
from plnpress.webmention.entry_hash import entry_fingerprint
from plnpress.webmention.live import Polling
from plnpress.webmention.notification import (
    FORM_TYPE,
    NotifyResult,
    RetryPolicy,
    Sleep,
    classify,
    failure,
    with_retries,
)
from plnpress.webmention.websub.state import HubState, Told, read_state, write_state


@dataclass(frozen=True, slots=True)
class PingOptions:
    dry_run: bool = False
    """Only say which topics changed: no network, nothing written."""
    wait_live: bool = False
    """First wait until each changed feed is served as it was just built (after a deploy)."""
    polling: Polling = field(default_factory=Polling)
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    sleep: Sleep = asyncio.sleep
    clock: Clock = utc_now


@dataclass(frozen=True, slots=True)
class PlannedPing:
    """A topic that changed since the hub was last told about it."""

    topic: str
    fingerprint: str
    is_feed: bool
    """A feed (whose live copy can be compared byte for byte) rather than the home page."""


@dataclass(frozen=True, slots=True)
class Pinged:
    """What happened to one planned ping."""

    ping: PlannedPing
    result: NotifyResult | None
    """The hub's answer; None if the topic never went live (see `not_live`)."""
    not_live: str | None = None

    @property
    def ok(self) -> bool:
        return self.result is not None and self.result.ok


@dataclass(frozen=True, slots=True)
class PingReport:
    """The outcome of telling the hub."""

    hub: str
    planned: tuple[PlannedPing, ...]
    unchanged: int
    pinged: tuple[Pinged, ...] = ()
    dry_run: bool = False

    @property
    def failed(self) -> int:
        return sum(1 for done in self.pinged if not done.ok)


def topic_fingerprints(site: Site) -> dict[str, tuple[str, bool]]:
    """By topic URL: a short hash of what it shows, and whether it is a feed.

    A feed's hash is that of the feed as built. The home page's comes from the entries its first
    page lists (their addresses and what readers see of them, responses included), so that it
    does not depend on the theme.
    """
    built = {file.path: file.data or b"" for file in render_feeds(site)}
    prints: dict[str, tuple[str, bool]] = {}
    for topic in topics(site):
        if topic.output in built:
            prints[topic.url] = (short_hash(built[topic.output]), True)
        else:
            listed = site.entries[: site.config.site.per_page]
            shown = json.dumps([[entry.url, entry_fingerprint(entry)] for entry in listed])
            prints[topic.url] = (short_hash(shown.encode("utf-8")), False)
    return prints


def short_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def plan_pings(site: Site, state: HubState, hub: str) -> tuple[list[PlannedPing], int]:
    """The topics whose fingerprint is not the one `hub` was last told, and how many are."""
    planned, unchanged = [], 0
    for url, (fingerprint, is_feed) in topic_fingerprints(site).items():
        told = state.told(hub, url)
        if told is not None and told.fingerprint == fingerprint:
            unchanged += 1
        else:
            planned.append(PlannedPing(url, fingerprint, is_feed))
    return planned, unchanged


def ping(config: Config, options: PingOptions | None = None) -> PingReport:
    """``plnpress ping``: tell the hub about every topic that changed since the last ping."""
    options = options or PingOptions()
    hub = config.site.websub.hub
    if not hub:
        raise PlnpressError("there is no websub.hub in plnpress.yaml; see docs/network.md")
    log = ProblemLog()
    site = load_site(config, ContentOptions(), log)
    state = read_state(config.root, log)
    log.raise_if_errors("Ping")
    planned, unchanged = plan_pings(site, state, hub)
    report = PingReport(hub, tuple(planned), unchanged, dry_run=options.dry_run)
    if options.dry_run or not planned:
        return report

    async def run() -> tuple[Pinged, ...]:
        async with GuardedClient(policy_for(config)) as client:
            return await ping_hub(client, hub, planned, options)

    pinged = asyncio.run(run())
    record(config, state, hub, pinged, options.clock)
    return replace(report, pinged=pinged)


async def ping_hub(
    client: GuardedClient, hub: str, planned: Sequence[PlannedPing], options: PingOptions
) -> tuple[Pinged, ...]:
    """Ping `hub` about each planned topic (after waiting for the feeds to go live, if asked)."""
    not_live: dict[str, str | None] = {}
    if options.wait_live:
        not_live = await _wait_live(client, [p for p in planned if p.is_feed], options)
        if any(not_live.values()):
            # The home page comes with the same deploy as the feeds: it is not live either.
            waiting = "not pinged: the changed feeds are not live yet"
            not_live |= {p.topic: waiting for p in planned if not p.is_feed}

    async def one(planned_ping: PlannedPing) -> Pinged:
        why = not_live.get(planned_ping.topic)
        if why is not None:
            return Pinged(planned_ping, None, why)
        retried = await with_retries(
            lambda: _send_ping(client, hub, planned_ping.topic, options.clock),
            policy=options.retry,
            sleep=options.sleep,
        )
        return Pinged(planned_ping, retried.result)

    return tuple(await asyncio.gather(*(one(p) for p in planned)))


def record(
    config: Config, before: HubState, hub: str, pinged: Sequence[Pinged], clock: Clock
) -> None:
    """Write down the topics the hub took; a new hub starts from nothing."""
    now = clock().astimezone(UTC).replace(microsecond=0)
    topics_told = dict(before.topics) if before.hub == hub else {}
    for done in pinged:
        if done.ok:
            topics_told[done.ping.topic] = Told(done.ping.fingerprint, now)
    if any(done.ok for done in pinged):
        write_state(config.root, HubState(hub, topics_told))


async def _send_ping(client: GuardedClient, hub: str, topic: str, clock: Clock) -> NotifyResult:
    body = urlencode([("hub.mode", "publish"), ("hub.url", topic)]).encode("ascii")
    try:
        response = await client.post(hub, body, content_type=FORM_TYPE)
    except FetchError as exc:
        return failure(hub, topic, topic, exc)
    return classify(hub, topic, topic, response, now=clock())


async def _wait_live(
    client: GuardedClient, feeds: Sequence[PlannedPing], options: PingOptions
) -> dict[str, str | None]:
    """Poll each feed until it is served exactly as built; what it showed if it never was."""
    polling = options.polling

    async def one(feed: PlannedPing) -> tuple[str, str | None]:
        delay, waited = polling.first_delay, 0.0
        while True:
            seen = await _live_version(client, feed)
            if seen is None:
                return feed.topic, None
            if waited >= polling.timeout:
                return feed.topic, f"not live after {polling.timeout:g}s: {seen}"
            await options.sleep(delay)
            waited += delay
            delay = min(delay * 2, polling.max_delay)

    return dict(await asyncio.gather(*(one(feed) for feed in feeds)))


async def _live_version(client: GuardedClient, feed: PlannedPing) -> str | None:
    """None if the live feed is the one just built, else what it is instead."""
    try:
        response = await client.fetch(
            feed.topic, headers={"Accept": "*/*", "Cache-Control": "no-cache"}
        )
    except FetchError as exc:
        return str(exc)
    if not response.ok:
        return f"{feed.topic} answered {response.status}"
    if response.truncated or short_hash(response.body) == feed.fingerprint:
        return None  # a feed past the size cap cannot be compared; it is taken as live
    return f"{feed.topic} still serves an older version"
