"""``pull`` and ``add``: bring responses into ``content/mentions/``, verified and moderated.

    pull = pairs to check (webmention.io's news, the own receiver's news, retries,
           with --refresh every stored pair)
           -> verify each through the guarded client -> apply: store, update, remove, queue
           -> download new author photos -> write the changed files and _harvest.yaml

A stored response is removed only when its own source answers 410 or no longer links to us;
then the pair is recorded as deleted so it never returns. Timeouts and 5xx change nothing.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from urllib.parse import urlsplit

from plnpress.clock import now as clock_now
from plnpress.config import Config
from plnpress.errors import PlnpressError
from plnpress.fetch.client import GuardedClient
from plnpress.mentions.avatars import store_avatar
from plnpress.mentions.moderation import intake_status, matches
from plnpress.mentions.state import MAX_ATTEMPTS, Decision
from plnpress.mentions.store import AVATARS_DIR, bare
from plnpress.model.response import Author, Response, ResponseStatus
from plnpress.webmention.harvest.receiver_export import RECEIVER_TOKEN_ENV, read_export
from plnpress.webmention.harvest.verify import Outcome, Verification, fetch_page, verify_mention
from plnpress.webmention.harvest.webmention_io import TOKEN_ENV, fetch_deletions, fetch_mentions
from plnpress.webmention.harvest.workset import Harvest, Pair, open_harvest


@dataclass
class PullReport:
    """What a pull or add did, for the summary line and for tests."""

    stored: list[Response] = field(default_factory=list)
    """New responses (approved or pending)."""
    updated: list[Response] = field(default_factory=list)
    removed: list[tuple[str, str, str]] = field(default_factory=list)
    """(source, target, reason) of stored responses whose source is gone or stopped linking."""
    skipped: list[tuple[str, str, str]] = field(default_factory=list)
    """(source, target, reason) of pairs not stored."""
    retrying: list[tuple[str, str, str]] = field(default_factory=list)
    """(source, target, reason): unreachable for now, tried again next pull."""
    files: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def pending(self) -> int:
        return sum(1 for r in self.stored if r.status is ResponseStatus.PENDING)

    @property
    def summary(self) -> str:
        parts = [f"{len(self.stored)} new ({self.pending} waiting for review)"]
        parts += [f"{len(self.updated)} updated", f"{len(self.removed)} removed"]
        parts += [f"{len(self.skipped)} not stored", f"{len(self.retrying)} to retry"]
        return "Responses: " + ", ".join(parts)


async def pull(
    config: Config,
    client: GuardedClient,
    *,
    refresh: bool = False,
    token: str | None = None,
    receiver_token: str | None = None,
    now: datetime | None = None,
) -> PullReport:
    """Harvest what is new (and with `refresh`, re-check every stored response).

    `token` and `receiver_token` stand in for ``PLNPRESS_WEBMENTION_IO_TOKEN`` and
    ``PLNPRESS_RECEIVER_TOKEN``."""
    harvest = open_harvest(config, now or clock_now())
    report = PullReport()
    pairs = [Pair(r.source, r.target, r.via) for r in harvest.state.retry]
    token = token if token is not None else os.environ.get(TOKEN_ENV, "").strip() or None
    if token:
        pairs += await _from_webmention_io(harvest, client, token, report)
    elif "webmention.io" in (config.site.webmention.endpoint or ""):
        report.notes.append(f"{TOKEN_ENV} is not set, so webmention.io was not asked")
    receiver = config.site.webmention.receiver
    if receiver_token is None:
        receiver_token = os.environ.get(RECEIVER_TOKEN_ENV, "").strip() or None
    if receiver and receiver_token:
        pairs += await _from_receiver(harvest, client, receiver, receiver_token, report)
    elif receiver:
        report.notes.append(f"{RECEIVER_TOKEN_ENV} is not set, so {receiver} was not asked")
    if refresh:
        pairs += [Pair(r.source, r.target, "refresh") for r in harvest.archive.responses()]
    await _check(harvest, client, _unique(pairs), report)
    await _download_avatars(harvest, client)
    report.files = harvest.save()
    report.notes += harvest.orphans()
    return report


async def add(
    config: Config,
    client: GuardedClient,
    source: str,
    target: str | None = None,
    *,
    now: datetime | None = None,
) -> PullReport:
    """Store a response that arrived some other way (by e-mail): verified, then approved.

    Without `target`, every entry of this site that `source` links to gets the response.
    """
    harvest = open_harvest(config, now or clock_now())
    report = PullReport()
    if target is not None:
        entry = harvest.entry_url(target)
        if entry is None:
            raise PlnpressError(f"{target} is not an entry of this site")
        targets = [entry]
    else:
        entries = tuple(harvest.entries.values())
        page = await fetch_page(client, source, config.base_url, also=entries)
        if isinstance(page, Verification):
            raise PlnpressError(f"{source}: {page.reason}")
        targets = [url for url in entries if page.links_to(url)]
        if not targets:
            raise PlnpressError(f"{source} does not link to any entry of this site")
    for entry_url in targets:
        decision = harvest.state.refused(source, entry_url)
        if decision is not None:
            raise PlnpressError(
                f"{source} -> {entry_url} was {decision.reason or 'refused'} on "
                f"{decision.date:%Y-%m-%d}; remove it from content/mentions/_harvest.yaml first"
            )
    pairs = [Pair(source, entry_url, "manual") for entry_url in targets]
    await _check(harvest, client, pairs, report)
    for _, _, reason in report.skipped + report.retrying:
        raise PlnpressError(f"{source}: {reason}")
    await _download_avatars(harvest, client)
    report.files = harvest.save()
    return report


async def _from_webmention_io(
    harvest: Harvest, client: GuardedClient, token: str, report: PullReport
) -> list[Pair]:
    config, cursor = harvest.config, harvest.state.webmention_io
    api, domain = config.site.webmention.webmention_io, urlsplit(config.base_url).hostname or ""
    mentions = await fetch_mentions(
        client, api, token, domain.removeprefix("www."), cursor.since_id, received=harvest.now
    )
    pairs = []
    for mention in mentions:
        if mention.private:
            report.skipped.append((mention.source, mention.target, "sent as private"))
        else:
            pairs.append(Pair(mention.source, mention.target, "webmention.io", mention.hint))
    deletions = await fetch_deletions(client, api, token, domain, cursor.deleted_since_id)
    for deletion in deletions or ():
        if harvest.archive.get(deletion.source, deletion.target) is not None:
            pairs.append(Pair(deletion.source, deletion.target, "refresh"))
    since_id = max([m.wm_id for m in mentions], default=cursor.since_id)
    deleted_since = max([d.wm_id for d in deletions or ()], default=cursor.deleted_since_id)
    harvest.state = replace(
        harvest.state,
        webmention_io=replace(cursor, since_id=since_id, deleted_since_id=deleted_since),
    )
    report.notes.append(f"webmention.io: {len(mentions)} new since last pull")
    return pairs


async def _from_receiver(
    harvest: Harvest, client: GuardedClient, receiver: str, token: str, report: PullReport
) -> list[Pair]:
    cursor = harvest.state.receiver
    read = await read_export(client, receiver, token, cursor.since, received=harvest.now)
    pairs = [Pair(m.source, m.target, "receiver", m.hint) for m in read.mentions]
    for deletion in read.deletions:
        if harvest.archive.get(deletion.source, deletion.target) is not None:
            pairs.append(Pair(deletion.source, deletion.target, "refresh"))
    harvest.state = replace(harvest.state, receiver=replace(cursor, since=read.last))
    if read.restarted:
        report.notes.append(
            f"receiver: its export ends before where the last pull stopped ({cursor.since});"
            " its database must be new or restored, so it was read from the start"
        )
    report.notes.append(f"receiver: {len(read.mentions)} new or changed since last pull")
    return pairs


async def _check(
    harvest: Harvest, client: GuardedClient, pairs: Iterable[Pair], report: PullReport
) -> None:
    to_verify: list[Pair] = []
    for pair in pairs:
        reason = _not_wanted(harvest, pair)
        if reason is None:
            to_verify.append(pair)
        else:
            harvest.drop_retry(pair)
            report.skipped.append((pair.source, pair.target, reason))
    results = await asyncio.gather(
        *(
            verify_mention(
                client,
                pair.source,
                harvest.entry_url(pair.target) or pair.target,
                received=harvest.now,
                via=pair.via,
                fallback=pair.hint,
                aliases=harvest.aliases_of(pair.target),
            )
            for pair in to_verify
        )
    )
    for pair, result in zip(to_verify, results, strict=True):
        _apply(harvest, pair, result, report)


def _not_wanted(harvest: Harvest, pair: Pair) -> str | None:
    """Why a pair is not even fetched, or None."""
    if harvest.entry_url(pair.target) is None:
        return f"{pair.target} is not an entry of this site"
    decision = harvest.state.refused(pair.source, pair.target)
    if decision is not None and pair.via != "manual":
        return f"was {decision.reason or 'removed'} on {decision.date:%Y-%m-%d}"
    domain = urlsplit(pair.source).hostname or ""
    if matches(domain, harvest.blocked):
        return f"{domain} is blocked"
    return None


def _apply(harvest: Harvest, pair: Pair, result: Verification, report: PullReport) -> None:
    target = harvest.entry_url(pair.target) or pair.target
    known = harvest.archive.get(pair.source, target)
    if not (result.temporary and known is None):
        harvest.drop_retry(pair)  # settled, one way or the other
    if result.outcome is Outcome.VERIFIED and result.response is not None:
        response = result.response
        if known is not None:
            response = replace(
                response,
                status=known.status,
                received=known.received,
                via=known.via,
                author=_keep_avatar(response, known),
            )
            if response != known:
                harvest.archive.put(response)
                report.updated.append(response)
            return
        status = (
            ResponseStatus.APPROVED
            if pair.via == "manual"
            else intake_status(response, harvest.config, harvest.archive)
        )
        response = replace(response, status=status)
        harvest.archive.put(response)
        report.stored.append(response)
    elif result.outcome in (Outcome.GONE, Outcome.NO_LINK) and known is not None:
        harvest.archive.remove(pair.source, target)
        decision = Decision(pair.source, target, harvest.now, f"deleted: {result.reason}")
        harvest.state = harvest.state.with_decision("deleted", decision)
        report.removed.append((pair.source, target, result.reason))
    elif result.temporary and known is None:
        if harvest.queue_retry(pair, result.reason):
            report.retrying.append((pair.source, target, result.reason))
        else:
            report.skipped.append((pair.source, target, f"{result.reason} ({MAX_ATTEMPTS} tries)"))
    elif known is None:
        report.skipped.append((pair.source, target, result.reason))
    elif result.outcome is Outcome.FAILED:
        report.notes.append(f"kept {pair.source}: {result.reason}")


def _keep_avatar(response: Response, known: Response) -> Author:
    author = response.author
    if known.author.avatar and known.author.photo == author.photo:
        author = replace(author, avatar=known.author.avatar)
    return author


async def _download_avatars(harvest: Harvest, client: GuardedClient) -> None:
    wanted = {
        r.author.photo: r
        for r in harvest.archive.responses()
        if r.author.photo and not r.author.avatar
    }
    folder = harvest.archive.folder / AVATARS_DIR
    names = await asyncio.gather(*(store_avatar(client, photo, folder) for photo in wanted))
    found = dict(zip(wanted, names, strict=True))
    for response in harvest.archive.responses():
        name = found.get(response.author.photo or "")
        if name and response.author.avatar != name:
            harvest.archive.put(replace(response, author=replace(response.author, avatar=name)))


def _unique(pairs: list[Pair]) -> list[Pair]:
    """One check per (source, target): the first reason to check it wins, hints are kept."""
    seen: dict[tuple[str, str], Pair] = {}
    for pair in pairs:
        key = (pair.source, bare(pair.target))
        if key not in seen:
            seen[key] = pair
        elif pair.hint is not None and seen[key].hint is None:
            seen[key] = replace(seen[key], hint=pair.hint)
    return list(seen.values())
