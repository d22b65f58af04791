"""Deciding what a send run notifies: new links, updates, deletions and retries (spec §3.1.4-5).

For every source, the targets to consider are those it links to now plus every target it was
ever sent to (from the sent log), so a link removed in an edit, or an entry deleted, still reaches
the page that was told about it before. Each pair is then sent, skipped or left alone:

- never tried: sent (``new``);
- tried, but the entry's hash has changed since: sent again, re-discovering the endpoint
  (``changed``, ``removed`` if the entry no longer links there, ``deleted`` for a tombstone);
- the last attempt failed for now (network, 429, 5xx): sent again (``retry``);
- otherwise: unchanged, nothing sent.

Bridgy Publish targets (``syndicate_to:``) go to the known endpoint, without discovery, and are
sent once: Bridgy cannot update a copy, so an edit sends nothing, and neither does dropping the
silo from ``syndicate_to``. A deleted entry tells Bridgy to delete the copy it made. A copy that
was refused (say, the account was not connected yet) is tried again when the entry changes, or
at once when the writer asks (``republish``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from plnpress.webmention.live import LiveCheck
from plnpress.webmention.send.sent_log import Result, SentLog
from plnpress.webmention.send.targets import Source, TargetRules


class Reason(StrEnum):
    """Why a pair is sent in this run."""

    NEW = "new link"
    CHANGED = "entry changed"
    REMOVED = "link removed"
    DELETED = "entry deleted"
    RETRY = "retry"
    REPUBLISH = "asked to publish again"


@dataclass(frozen=True, slots=True)
class PlannedSend:
    """One notification this run sends."""

    source: Source
    target: str
    reason: Reason
    endpoint: str | None = None
    """Where to send it without discovery (Bridgy Publish); None means discover it."""


@dataclass(frozen=True, slots=True)
class Skipped:
    """A pair left out on the writer's wish (config or ``webmentions: false``)."""

    source: Source
    target: str
    why: str


@dataclass(frozen=True, slots=True)
class SendPlan:
    """Every pair the run considered, by what happens to it."""

    sends: tuple[PlannedSend, ...]
    skipped: tuple[Skipped, ...]
    unchanged: int
    """Pairs already sent with the entry as it is now."""

    def sources(self) -> list[Source]:
        """The sources with something to send, in order."""
        return list({send.source.url: send.source for send in self.sends}.values())


def plan_sends(
    sources: Iterable[Source], log: SentLog, rules: TargetRules, *, republish: bool = False
) -> SendPlan:
    """What to send for `sources`, given what `log` says was sent before; with `republish`,
    also every Bridgy Publish target the entries still name."""
    sends: list[PlannedSend] = []
    skipped: list[Skipped] = []
    unchanged = 0
    for source in sources:
        linked = set(source.targets)
        known = log.targets_of(source.url)
        for target in dict.fromkeys((*source.targets, *known)):
            why = "webmentions: false" if source.opted_out else rules.skip_reason(source, target)
            if why is not None:
                skipped.append(Skipped(source, target, why))
                continue
            if rules.is_publish(target):
                reason = _publish_reason(source, target, target in linked, log, republish)
                endpoint: str | None = rules.publish_endpoint
            else:
                reason, endpoint = _reason(source, target, target in linked, log), None
            if reason is None:
                unchanged += 1
            else:
                sends.append(PlannedSend(source, target, reason, endpoint))
    return SendPlan(tuple(sends), tuple(skipped), unchanged)


def _reason(source: Source, target: str, linked: bool, log: SentLog) -> Reason | None:
    last = log.last(source.url, target)
    if last is None:
        return Reason.NEW
    if last.entry_hash != source.fingerprint:
        if source.deleted:
            return Reason.DELETED
        return Reason.CHANGED if linked else Reason.REMOVED
    if last.retry_next_run:
        return Reason.RETRY
    return None


def _publish_reason(
    source: Source, target: str, linked: bool, log: SentLog, republish: bool
) -> Reason | None:
    last = log.last(source.url, target)
    if source.deleted:
        # Only a copy Bridgy made can be deleted; the delete itself is retried like any send.
        attempts = log.history.get((source.url, target), ())
        if last is None or not any(a.result is Result.SENT for a in attempts):
            return None
        if last.entry_hash != source.fingerprint:
            return Reason.DELETED
        return Reason.RETRY if last.retry_next_run else None
    if not linked:
        return None
    if republish:
        return Reason.REPUBLISH
    if last is None:
        return Reason.NEW
    if last.retry_next_run:
        return Reason.RETRY
    if last.result is not Result.SENT and last.entry_hash != source.fingerprint:
        return Reason.CHANGED
    return None


_NO_LONGER_LINKED = (Reason.REMOVED, Reason.DELETED)


def live_checks(plan: SendPlan) -> list[LiveCheck]:
    """One check per source with something to send in `plan`."""
    checks = []
    for source in plan.sources():
        sends = [send for send in plan.sends if send.source is source]
        checks.append(
            LiveCheck(
                url=source.url,
                linked=frozenset(s.target for s in sends if s.target in source.targets),
                unlinked=frozenset(s.target for s in sends if s.reason in _NO_LONGER_LINKED),
                gone=source.deleted,
            )
        )
    return checks
