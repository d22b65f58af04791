"""The sent log: every notification the blog has sent, per source and target, oldest first.

It is what lets the sender do the right thing later (Webmention §3.1.4 and §3.1.5): re-send to
every target an entry ever linked to when it changes or is deleted, and send nothing when nothing
changed. `plnpress.webmention.send.sent_log_yaml` reads and writes it as
``content/mentions/_sent.yaml``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

Pair = tuple[str, str]
"""A (source, target) pair of URLs."""


class Result(StrEnum):
    """How one attempt to notify a target ended, as written in the log."""

    SENT = "sent"
    """The target's endpoint (or Pingback server) accepted the notification."""
    NO_ENDPOINT = "no endpoint"
    """The target advertises no Webmention endpoint or Pingback server (or is gone)."""
    FAILED = "failed"
    """It did not get through for now (network, timeout, 429, 5xx); the next run tries again."""
    REFUSED = "refused"
    """The endpoint said no (a 4xx), or the address is not allowed; not tried again until the
    entry changes."""


@dataclass(frozen=True, slots=True)
class Attempt:
    """One attempt to notify one target from one source."""

    at: datetime
    """When, in UTC, to the second."""
    entry_hash: str
    """`plnpress.webmention.entry_hash.entry_fingerprint` of the entry as it was sent."""
    result: Result
    endpoint: str | None = None
    """The Webmention endpoint it was sent to, if there was one."""
    pingback: str | None = None
    """The Pingback server it was sent to instead, if the target had only that."""
    status: int | None = None
    """The HTTP status of the final answer, if one came."""
    location: str | None = None
    """The ``Location`` the endpoint answered with (a status page), if any."""
    message: str | None = None
    """What went wrong, or why there was nowhere to send."""
    syndication: str | None = None
    """For a Bridgy Publish target: the address of the copy Bridgy made."""

    @property
    def retry_next_run(self) -> bool:
        """True if the next run should try again although the entry has not changed."""
        return self.result is Result.FAILED


@dataclass(frozen=True, slots=True)
class SentLog:
    """Every attempt ever recorded, per (source, target) pair, oldest first."""

    history: Mapping[Pair, tuple[Attempt, ...]] = field(default_factory=dict)

    def last(self, source: str, target: str) -> Attempt | None:
        """The latest attempt for the pair, or None if it was never tried."""
        attempts = self.history.get((source, target))
        return attempts[-1] if attempts else None

    def targets_of(self, source: str) -> tuple[str, ...]:
        """Every target ever tried from `source`, in URL order."""
        return tuple(sorted(target for (src, target) in self.history if src == source))

    def with_attempts(self, new: Iterable[tuple[Pair, Attempt]]) -> SentLog:
        """This log with `new` attempts added after the ones already recorded."""
        history = dict(self.history)  # one copy of the index, none of the attempts
        for pair, attempt in new:
            history[pair] = (*history.get(pair, ()), attempt)
        return SentLog(history)

    def __len__(self) -> int:
        return sum(len(attempts) for attempts in self.history.values())
