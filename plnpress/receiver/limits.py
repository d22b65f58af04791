"""Rate limits: a token bucket per key (a client address, a source host).

A bucket holds up to `per_minute` tokens and gains ``per_minute / 60`` each second; a request
takes one. An empty bucket means "429, try again in N seconds", N being when the next token
arrives. Buckets live in memory: a restart forgives everyone, which is fine for limits meant to
blunt floods, not to count.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from ipaddress import IPv6Address, ip_address, ip_network

_PRUNE_AT = 10_000
"""Buckets kept before full (idle) ones are forgotten, so many addresses cannot fill memory."""


class RateLimiter:
    """`take(key)` for each request; None if allowed, else the seconds to wait."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}
        """key -> (tokens, when they were counted)."""

    def take(self, key: str) -> int | None:
        now = self._clock()
        tokens, then = self._buckets.get(key, (self.capacity, now))
        tokens = min(self.capacity, tokens + (now - then) * self.rate)
        if tokens < 1.0:
            self._buckets[key] = (tokens, now)
            return max(1, math.ceil((1.0 - tokens) / self.rate))
        self._buckets[key] = (tokens - 1.0, now)
        if len(self._buckets) > _PRUNE_AT:
            self._prune(now)
        return None

    def _prune(self, now: float) -> None:
        full = [
            key
            for key, (tokens, then) in self._buckets.items()
            if tokens + (now - then) * self.rate >= self.capacity
        ]
        for key in full:
            del self._buckets[key]


def client_key(host: str | None) -> str:
    """The key for a client address: itself, or its /64 for IPv6 (one household or server
    usually holds a whole /64, and would otherwise have endless addresses)."""
    if not host:
        return "unknown"
    try:
        address = ip_address(host)
    except ValueError:
        return host  # a Unix socket path or a name an ASGI server gave
    if isinstance(address, IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ip_network(f"{address}/64", strict=False))
    return str(address)
