"""Who gets shown: ``webmention.moderation``, ``webmention.allow`` and blocked domains.

- ``open``: every verified response is shown at once;
- ``first-time`` (the default): a domain's first response waits for approval; once one of its
  responses is approved, the domain's later ones are shown at once;
- ``all``: every response waits.

Domains in ``webmention.allow`` never wait; blocked domains (``webmention.block`` and those
blocked in review) are never stored or shown, whatever else says. A domain matches itself and
its subdomains. Domains are the source's host, which verification proved; never the author's
claimed URL.
"""

from __future__ import annotations

from collections.abc import Iterable

from plnpress.config import Config
from plnpress.mentions.state import HarvestState
from plnpress.mentions.store import Archive
from plnpress.model.response import Response, ResponseStatus, source_domain


def normalise_domain(value: str) -> str:
    """``https://www.Example.org/x`` or ``Example.org`` -> ``example.org``."""
    text = value.strip().lower()
    if "://" in text:
        text = source_domain(text)
    return text.strip(".").removeprefix("www.")


def matches(domain: str, patterns: Iterable[str]) -> bool:
    """True if `domain` is one of `patterns` or a subdomain of one."""
    domain = normalise_domain(domain)
    for pattern in patterns:
        wanted = normalise_domain(pattern)
        if wanted and (domain == wanted or domain.endswith("." + wanted)):
            return True
    return False


def blocked_domains(config: Config, state: HarvestState) -> tuple[str, ...]:
    """The config's block list and the review's, together."""
    return (*config.site.webmention.block, *state.blocked)


def is_blocked(response: Response, config: Config, state: HarvestState) -> bool:
    return matches(response.domain, blocked_domains(config, state))


def is_shown(response: Response, config: Config, state: HarvestState) -> bool:
    """Approved and not from a blocked domain."""
    return response.status is ResponseStatus.APPROVED and not is_blocked(response, config, state)


def intake_status(response: Response, config: Config, archive: Archive) -> ResponseStatus:
    """The status a newly verified response gets (blocked ones are not stored at all)."""
    settings = config.site.webmention
    if settings.moderation == "open" or matches(response.domain, settings.allow):
        return ResponseStatus.APPROVED
    if settings.moderation == "all":
        return ResponseStatus.PENDING
    trusted = any(
        r.status is ResponseStatus.APPROVED and r.domain == response.domain
        for r in archive.responses()
    )
    return ResponseStatus.APPROVED if trusted else ResponseStatus.PENDING
