"""``plnpress webmention review``: approve, reject or block, on the files in content/mentions/.

Decisions are data: approving sets ``status: approved`` in the response's file; rejecting takes it
out of its file and records the pair in ``_harvest.yaml`` so a later pull never brings it back;
blocking a domain records it there too and rejects the domain's pending responses (its approved
ones stay stored but are no longer shown; unblocking brings them back).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from plnpress.config import Config
from plnpress.errors import PlnpressError
from plnpress.mentions.files import read_mentions, write_mentions
from plnpress.mentions.moderation import blocked_domains, matches, normalise_domain
from plnpress.mentions.state import Decision, HarvestState
from plnpress.mentions.store import Archive
from plnpress.model.response import Response, ResponseStatus


@dataclass
class Review:
    """The archive and state being moderated; `save` writes what changed."""

    config: Config
    archive: Archive
    state: HarvestState
    now: datetime

    @property
    def pending(self) -> list[Response]:
        """Responses waiting for a decision, oldest first (blocked domains left out)."""
        blocked = blocked_domains(self.config, self.state)
        return [
            r
            for r in self.archive.responses()
            if r.status is ResponseStatus.PENDING and not matches(r.domain, blocked)
        ]

    def approve(self, source: str) -> list[Response]:
        """Approve every stored response from `source`; return them."""
        found = self._from(source)
        for response in found:
            self.archive.put(replace(response, status=ResponseStatus.APPROVED))
        return found

    def reject(self, source: str, reason: str = "rejected in review") -> list[Response]:
        """Remove every stored response from `source` and remember not to take it again."""
        found = self._from(source)
        for response in found:
            self.archive.remove(response.source, response.target)
            decision = Decision(response.source, response.target, self.now, reason)
            self.state = self.state.with_decision("rejected", decision)
        return found

    def block(self, domain: str) -> list[Response]:
        """Block `domain` (and its subdomains); reject its pending responses; return them."""
        name = normalise_domain(domain)
        if not name or "/" in name or " " in name:
            raise PlnpressError(f"{domain!r} is not a domain name such as spam.example.com")
        if name not in self.state.blocked:
            self.state = replace(self.state, blocked=(*self.state.blocked, name))
        rejected = []
        for response in self.archive.responses():
            if response.status is ResponseStatus.PENDING and matches(response.domain, [name]):
                rejected += self.reject(response.source, f"{name} blocked in review")
        return rejected

    def save(self) -> list[str]:
        return write_mentions(self.config, self.archive, self.state)

    def _from(self, source: str) -> list[Response]:
        found = [r for r in self.archive.responses() if r.source == source]
        if not found:
            raise PlnpressError(f"no stored response comes from {source}")
        return found


def open_review(config: Config, now: datetime) -> Review:
    """Read the archive and the state; a broken file stops here with ``file:line``."""
    archive, state = read_mentions(config)
    return Review(config, archive, state, now)
