"""How far an outside fetch may go: the limits every fetch of an outside URL runs under."""

from __future__ import annotations

from dataclasses import dataclass

from plnpress import __version__
from plnpress.config import Config

DEFAULT_USER_AGENT = f"plnpress/{__version__} (Webmention sender and receiver)"


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """Limits for fetching outside URLs; the defaults follow the Webmention spec's §4.2 advice."""

    allow_private_addresses: bool = False
    """Lift the address guard, so tests and local conformance kits can use 127.0.0.1."""
    connect_timeout: float = 5.0
    """Seconds to resolve and connect, per hop."""
    read_timeout: float = 5.0
    """Seconds to wait for each piece of the response (and to send the request), per hop."""
    max_bytes: int = 1_000_000
    """Most decoded body bytes to keep; more sets ``truncated``."""
    max_redirects: int = 10
    """Most redirects to follow before giving up."""
    user_agent: str = DEFAULT_USER_AGENT
    """Sent on every request; names plnpress, its version and "Webmention" (spec §3.1.2)."""
    total_timeout: float = 15.0
    """Seconds for the whole fetch, all redirect hops and the whole body included.

    Time spent queueing for a concurrency slot does not count."""

    def __post_init__(self) -> None:
        for name in ("connect_timeout", "read_timeout", "total_timeout"):
            if getattr(self, name) <= 0:
                raise ValueError(f"FetchPolicy.{name} must be positive, not {getattr(self, name)}")
        if self.max_bytes < 1:
            raise ValueError(f"FetchPolicy.max_bytes must be at least 1, not {self.max_bytes}")
        if self.max_redirects < 0:
            raise ValueError(
                f"FetchPolicy.max_redirects must not be negative, not {self.max_redirects}"
            )


def policy_for(config: Config, **limits: float) -> FetchPolicy:
    """The policy a blog's config asks for (``webmention.allow_private_addresses``), with
    optional tighter limits for interactive use (``connect_timeout=3``, ...)."""
    return FetchPolicy(
        allow_private_addresses=config.site.webmention.allow_private_addresses,
        **limits,  # type: ignore[arg-type]
    )
