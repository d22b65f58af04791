"""``send(config, options)``: notify every page the blog links to, read top to bottom.

content -> sources and targets -> plan (against the sent log, and the WebSub state) -> wait for
the live site -> discover and notify, all through one guarded client -> tell the WebSub hub which
feeds changed -> append to the sent log -> write the addresses of Bridgy Publish copies into the
entries. Nothing touches the network before the plan is made, and a dry run stops there.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from plnpress.clock import Clock, utc_now
from plnpress.config import Config
from plnpress.content import ContentOptions, load_site
from plnpress.errors import PlnpressError, ProblemLog
from plnpress.fetch.client import GuardedClient
from plnpress.fetch.policy import policy_for
from plnpress.model import Entry, Site
from plnpress.progress import Progress, Silent
from plnpress.webmention.live import Polling, wait_until_live
from plnpress.webmention.notification import RetryPolicy, Sleep
from plnpress.webmention.send.copies import StoredCopy, store_copies
from plnpress.webmention.send.one_target import Deliverer
from plnpress.webmention.send.plan import PlannedSend, SendPlan, live_checks, plan_sends
from plnpress.webmention.send.sent_log import Attempt, Result
from plnpress.webmention.send.sent_log_yaml import append_to_sent_log, read_sent_log
from plnpress.webmention.send.targets import Source, TargetRules, matches, sources_of
from plnpress.webmention.websub.run import (
    Pinged,
    PingOptions,
    PingReport,
    ping_hub,
    plan_pings,
    record,
)
from plnpress.webmention.websub.state import HubState, read_state


@dataclass(frozen=True, slots=True)
class SendOptions:
    dry_run: bool = False
    """Only plan: no network, nothing written."""
    wait_live: bool = False
    """Wait for each source's live page to show the change before notifying (`live`)."""
    polling: Polling = field(default_factory=Polling)
    """How long and how often ``wait_live`` polls."""
    only: str | None = None
    """Limit the run to the entry with this public URL, path or file."""
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    """Retries within the run for 408, 429, 5xx and network failures."""
    max_concurrency: int = 10
    max_per_host: int = 2
    sleep: Sleep = asyncio.sleep
    """How to wait between retries and polls (tests pass a fake)."""
    clock: Clock = utc_now
    """The time written in the sent log and used for HTTP-date ``Retry-After`` values."""
    republish: bool = False
    """Send the Bridgy Publish targets again, although they were sent before."""
    ping: bool = True
    """Also tell the WebSub hub (``websub.hub``) which feeds changed; never with `only`."""


@dataclass(frozen=True, slots=True)
class Delivered:
    """What happened to one planned notification."""

    send: PlannedSend
    attempt: Attempt | None
    """What was recorded in the sent log; None if the source never went live."""
    not_live: str | None = None
    """With ``wait_live``: why the source's page was not ready, so nothing was sent."""


@dataclass(frozen=True, slots=True)
class SendReport:
    """The outcome of a send run."""

    plan: SendPlan
    delivered: tuple[Delivered, ...]
    dry_run: bool = False
    pings: PingReport | None = None
    """What the WebSub hub was told (None without ``websub.hub``)."""
    copies: tuple[StoredCopy, ...] = ()
    """Addresses of the copies Bridgy Publish made in this run, and where they were written."""

    def count(self, *results: Result) -> int:
        """How many notifications ended with one of `results`."""
        return sum(1 for d in self.delivered if d.attempt and d.attempt.result in results)

    @property
    def failed(self) -> int:
        """Notifications and pings that did not get through, for now or for good, or never
        went out."""
        pings = self.pings.failed if self.pings is not None else 0
        return (
            self.count(Result.FAILED, Result.REFUSED)
            + sum(1 for d in self.delivered if d.attempt is None)
            + pings
        )


def send(
    config: Config, options: SendOptions | None = None, progress: Progress | None = None
) -> SendReport:
    """Send the Webmentions the blog owes; raise `ProblemsError` or `PlnpressError` on a
    problem in the writer's files or options (nothing is sent then)."""
    options = options or SendOptions()
    problems = ProblemLog()
    site = load_site(config, ContentOptions(), problems)
    hub = config.site.websub.hub if options.ping and options.only is None else None
    hub_state = read_state(config.root, problems) if hub else HubState()
    problems.raise_if_errors("Send")
    sent_log = read_sent_log(config.root)

    sources = _chosen(sources_of(site), options.only)
    rules = TargetRules.from_config(config)
    plan = plan_sends(sources, sent_log, rules, republish=options.republish)
    pings = _ping_plan(site, hub_state, hub, options.dry_run)
    if options.dry_run or not (plan.sends or (pings and pings.planned)):
        return SendReport(plan, (), dry_run=options.dry_run, pings=pings)

    done: list[Delivered] = []
    pinged: list[Pinged] = []
    try:
        asyncio.run(_deliver_all(config, plan, options, progress or Silent(), done, pings, pinged))
    finally:
        # Whatever went out is recorded, even if the run was interrupted.
        append_to_sent_log(
            config.root,
            [((d.send.source.url, d.send.target), d.attempt) for d in done if d.attempt],
        )
        if pings is not None:
            record(config, hub_state, pings.hub, pinged, options.clock)
    order = {id(planned): index for index, planned in enumerate(plan.sends)}
    delivered = tuple(sorted(done, key=lambda d: order[id(d.send)]))
    copies = store_copies(config.root, _copies(delivered))
    pings = replace(pings, pinged=tuple(pinged)) if pings is not None else None
    return SendReport(plan, delivered, pings=pings, copies=copies)


def _ping_plan(site: Site, state: HubState, hub: str | None, dry_run: bool) -> PingReport | None:
    if hub is None:
        return None
    planned, unchanged = plan_pings(site, state, hub)
    return PingReport(hub, tuple(planned), unchanged, dry_run=dry_run)


def _copies(delivered: Sequence[Delivered]) -> list[tuple[Entry, str]]:
    """The copies Bridgy Publish made of entries that still exist."""
    return [
        (d.send.source.entry, d.attempt.syndication)
        for d in delivered
        if d.attempt is not None and d.attempt.syndication and not d.send.source.deleted
    ]


def _chosen(sources: Sequence[Source], only: str | None) -> Sequence[Source]:
    if only is None:
        return sources
    chosen = [source for source in sources if matches(source, only)]
    if not chosen:
        raise PlnpressError(
            f"--only {only}: no published or deleted entry has this address, path or file"
            " (drafts and entries dated in the future are never sent)"
        )
    return chosen


async def _deliver_all(
    config: Config,
    plan: SendPlan,
    options: SendOptions,
    progress: Progress,
    done: list[Delivered],
    pings: PingReport | None,
    pinged: list[Pinged],
) -> None:
    async with GuardedClient(
        policy_for(config),
        max_concurrency=options.max_concurrency,
        max_per_host=options.max_per_host,
    ) as client:
        not_live: dict[str, str | None] = {}
        if options.wait_live:
            checks = live_checks(plan)
            progress.begin("Waiting for the pages to go live", len(checks))
            not_live = await wait_until_live(
                client, checks, options.polling, sleep=options.sleep, on_live=progress.advance
            )

        deliverer = Deliverer(client, options.retry, sleep=options.sleep, clock=options.clock)
        progress.begin("Sending Webmentions", len(plan.sends))

        async def one(send: PlannedSend) -> None:
            problem = not_live.get(send.source.url)
            if problem is not None:
                done.append(Delivered(send, None, problem))
            else:
                source = send.source
                attempt = await deliverer.deliver(
                    source.url, send.target, source.fingerprint, send.endpoint
                )
                done.append(Delivered(send, attempt))
            progress.advance()

        await asyncio.gather(*(one(send) for send in plan.sends))
        if pings is not None and pings.planned:
            pinged += await ping_hub(client, pings.hub, pings.planned, _ping_options(options))


def _ping_options(options: SendOptions) -> PingOptions:
    """Pings wait for the live site, retry and keep time as the notifications do."""
    return PingOptions(
        wait_live=options.wait_live,
        polling=options.polling,
        retry=options.retry,
        sleep=options.sleep,
        clock=options.clock,
    )
