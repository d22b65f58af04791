"""What a fetch of an outside URL gives back: the final response, its body read and capped."""

from __future__ import annotations

from dataclasses import dataclass, field

from plnpress.fetch.body import decode_text, media_type

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


@dataclass(frozen=True, slots=True)
class FetchResult:
    """The final response of a fetch, with its body read (and possibly capped)."""

    url: str
    """The URL asked for, as given."""
    final_url: str
    """The URL that gave this response, after redirects."""
    status: int
    """The final response's status code (a 3xx only when that redirect was not followed)."""
    headers: tuple[tuple[str, str], ...]
    """The final response's headers in order, names as the server spelled them."""
    body: bytes
    """The decoded body, at most ``FetchPolicy.max_bytes`` long."""
    truncated: bool = False
    """True if the body went on beyond the cap and was cut."""
    redirects: tuple[str, ...] = field(default=())
    """Every URL that answered with a followed redirect, in order; empty if there was none."""
    elapsed: float = 0.0
    """Seconds the fetch took (every hop, the body included), out of the policy's
    ``total_timeout``: reading the page gets the rest (`plnpress.fetch.parsing`)."""

    def header(self, name: str) -> str | None:
        """The first value of header `name` (any case), or None."""
        values = self.header_values(name)
        return values[0] if values else None

    def header_values(self, name: str) -> tuple[str, ...]:
        """Every value of header `name` (any case), in the order received."""
        wanted = name.lower()
        return tuple(value for key, value in self.headers if key.lower() == wanted)

    @property
    def ok(self) -> bool:
        """True for a 2xx status."""
        return 200 <= self.status < 300

    @property
    def content_type(self) -> str | None:
        """The lowercased media type (``text/html``), without parameters, or None."""
        return media_type(self.header("content-type"))

    @property
    def is_html(self) -> bool:
        """True if the response says it is HTML (or XHTML)."""
        return self.content_type in HTML_TYPES

    @property
    def text(self) -> str:
        """The body as text, decoded with the declared or sniffed charset (UTF-8 otherwise)."""
        return decode_text(self.body, self.header("content-type"))
