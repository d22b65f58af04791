"""Webmention (and Pingback) endpoint discovery, as the Webmention spec §3.1.2 defines it.

One GET of the target through the guarded client, following redirects. Then, from the final
response only (a Link header on a redirect is not the target's):

1. the first HTTP ``Link`` with the rel token ``webmention``, over every Link header in order;
2. if the document is HTML, the first ``<link>`` or ``<a>`` in document order whose rel has the
   token ``webmention`` and which has an ``href`` (an empty href means the page itself).

A relative endpoint is resolved against the final URL, and its query string is kept. Pingback is
discovered from the same response: ``X-Pingback`` first, else ``<link rel="pingback">``.

The target is fetched once, with no HEAD first (the spec allows HEAD, but webmention.rocks #23
serves its final page only once), and without consulting caches: the spec makes senders
re-discover on every send (§3.1.4).

``<base href>`` is not applied: the spec says "relative to the target URL", and webmention.rocks
agrees; whether HTML's base should win is an open question in the community.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from plnpress.fetch import parsing
from plnpress.fetch.client import FetchResult, GuardedClient
from plnpress.fetch.htmlrels import RelLink, find_rel_links
from plnpress.fetch.linkheader import parse_link_headers
from plnpress.fetch.parsing import read_fetched

parsing.preload(__name__)

DISCOVERY_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"
"""What discovery asks for: HTML, where endpoints live, but anything will do for Link headers."""


@dataclass(frozen=True, slots=True)
class Discovery:
    """What fetching a target told us about where to send notifications."""

    target: str
    """The target URL as given (what the notification's ``target`` must be)."""
    final_url: str
    """The URL the target redirected to; relative endpoints were resolved against it."""
    status: int
    """The final response's status. Endpoints are looked for only in a 2xx response."""
    is_html: bool
    """True if the final response was HTML, so its markup was searched."""
    webmention: str | None
    """The absolute Webmention endpoint URL, or None if the target advertises none."""
    pingback: str | None
    """The Pingback XML-RPC server URL, or None."""
    truncated: bool = False
    """True if the body was longer than the fetch cap and only its start was searched."""

    @property
    def found(self) -> bool:
        """True if there is somewhere to send: a Webmention endpoint or a Pingback server."""
        return self.webmention is not None or self.pingback is not None


async def discover(client: GuardedClient, target: str) -> Discovery:
    """Fetch `target` once and find its Webmention endpoint and Pingback server.

    Raises `plnpress.fetch.errors.FetchError` if the target cannot be fetched at all.
    """
    response = await client.get(target, accept=DISCOVERY_ACCEPT)
    return await read_endpoints(client, target, response)


async def read_endpoints(client: GuardedClient, target: str, response: FetchResult) -> Discovery:
    """`endpoints_from`, in a reader process when there is markup to search: within what the
    fetch left of the client's time budget (`plnpress.fetch.parsing`). Raises
    `plnpress.fetch.parsing.UnreadablePage` when the page cannot be read within it."""
    if not (response.ok and response.is_html):
        return endpoints_from(target, response)
    return await read_fetched(client.policy, response, endpoints_from, target, response)


def endpoints_from(target: str, response: FetchResult) -> Discovery:
    """Find the endpoints in an already fetched response for `target` (parses its HTML: run it
    in a reader, as `read_endpoints` does)."""
    is_html = response.is_html
    webmention: str | None = None
    pingback: str | None = None
    if response.ok:
        base = response.final_url
        elements = _rel_elements(response) if is_html else []
        webmention = _from_link_headers(response, base) or _from_elements(
            elements, "webmention", ("link", "a"), base
        )
        header = (response.header("x-pingback") or "").strip()
        pingback = _resolve(base, header) if header else None
        pingback = pingback or _from_elements(elements, "pingback", ("link",), base)
    return Discovery(
        target=target,
        final_url=response.final_url,
        status=response.status,
        is_html=is_html,
        webmention=webmention,
        pingback=pingback,
        truncated=response.truncated,
    )


def _from_link_headers(response: FetchResult, base: str) -> str | None:
    for link in parse_link_headers(response.header_values("link")):
        if link.has_rel("webmention"):
            return _resolve(base, link.target)
    return None


def _rel_elements(response: FetchResult) -> list[RelLink]:
    return find_rel_links(response.text, frozenset({"link", "a"}))


def _from_elements(
    elements: list[RelLink], rel: str, tags: tuple[str, ...], base: str
) -> str | None:
    for element in elements:
        # An element without href is skipped, not taken as "this page" (webmention.rocks #20).
        if element.tag in tags and rel in element.rels and element.href is not None:
            return _resolve(base, element.href)
    return None


def _resolve(base: str, reference: str) -> str:
    """`reference` resolved against `base` by RFC 3986 §5 (which the URL standard agrees with for
    http(s)), so ``../`` and ``?query`` work and the query string is kept as written."""
    try:
        return str(httpx.URL(base).join(reference))
    except httpx.InvalidURL:
        # Keep the raw value: the client will refuse it with a message naming it.
        return reference
