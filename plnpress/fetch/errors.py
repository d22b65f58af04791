"""What can go wrong when plnpress fetches a URL from the outside world.

Every failure of the guarded client is a `FetchError` whose message names the URL and what went
wrong, so a sender or harvester can log ``str(error)`` and be understood.
"""

from __future__ import annotations


class FetchError(Exception):
    """A fetch of an outside URL did not produce a response."""

    def __init__(self, message: str, *, url: str) -> None:
        super().__init__(message)
        self.url = url
        """The URL being fetched when it failed (after any redirects so far)."""


class FetchRefused(FetchError):
    """The guard would not fetch this URL: bad scheme, or an address we must not reach."""

    def __init__(self, message: str, *, url: str, reason: str, address: str | None = None) -> None:
        super().__init__(message, url=url)
        self.reason = reason
        """Why, as a phrase: e.g. ``"loopback address in 127.0.0.0/8"``."""
        self.address = address
        """The refused IP address, when the refusal is about one."""


class UnsupportedScheme(FetchRefused):
    """The URL (or a redirect) is not http or https."""


class InvalidURL(FetchError):
    """The URL (or a redirect's Location) cannot be parsed or has no host."""


class FetchTimeout(FetchError):
    """Connecting, reading, or the whole fetch took longer than the policy allows."""


class TooManyRedirects(FetchError):
    """The redirect chain is longer than the policy's ``max_redirects``."""


class RedirectLoop(TooManyRedirects):
    """A redirect pointed back at a URL already visited in this fetch."""


class NetworkError(FetchError):
    """DNS failure, connection refused or reset, or a malformed HTTP response."""


class BadResponse(FetchError):
    """The response arrived but its body cannot be decoded (e.g. an unknown Content-Encoding)."""
