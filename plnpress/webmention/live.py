"""``--wait-live``: wait until the deployed pages show what is about to be announced.

A receiver checks the source when the notification arrives (spec §3.2.2), so sending before the
deploy is live makes it find the old page, or none. For each source with something to send, the
live page is fetched again and again (through the guarded client, asking caches for a fresh copy)
until it links to every target being notified because of a link, and no longer links to the targets
notified because a link was removed or its entry deleted. A deleted entry's page may answer 410 Gone
(hosts that read ``_redirects``) or be the "Deleted" page that links to none of them: receivers take
either as a deletion (W3C Webmention 3.2.4). Links are compared as receivers do: the ``href`` of an
``<a>`` must be exactly the target.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html.parser import HTMLParser

from plnpress.fetch.client import GuardedClient
from plnpress.fetch.errors import FetchError
from plnpress.fetch.htmlrels import RAW_TEXT_ELEMENTS
from plnpress.fetch.result import FetchResult
from plnpress.webmention.notification import Sleep


@dataclass(frozen=True, slots=True)
class LiveCheck:
    """What one source's live page must show before its notifications go out."""

    url: str
    linked: frozenset[str]
    """Targets the page must link to."""
    unlinked: frozenset[str]
    """Targets the page must no longer link to."""
    gone: bool
    """A deleted entry: 410 Gone is an answer too, not an error."""


@dataclass(frozen=True, slots=True)
class Polling:
    """How long and how often to poll: the first pause, doubling up to the longest."""

    timeout: float = 120.0
    first_delay: float = 0.5
    max_delay: float = 5.0


async def wait_until_live(
    client: GuardedClient,
    checks: Iterable[LiveCheck],
    polling: Polling,
    *,
    sleep: Sleep = asyncio.sleep,
    on_live: Callable[[], None] | None = None,
) -> dict[str, str | None]:
    """Poll every check's page until it passes or `polling.timeout` runs out.

    Returns, for each page, None if it went live, or what it still showed when time ran out.
    """

    async def one(check: LiveCheck) -> tuple[str, str | None]:
        problem = await _poll(client, check, polling, sleep)
        if on_live is not None:
            on_live()
        return check.url, problem

    return dict(await asyncio.gather(*(one(check) for check in checks)))


async def _poll(
    client: GuardedClient, check: LiveCheck, polling: Polling, sleep: Sleep
) -> str | None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + polling.timeout
    delay = polling.first_delay
    while True:
        try:
            response = await client.fetch(
                check.url, headers={"Accept": "text/html", "Cache-Control": "no-cache"}
            )
            problem = page_problem(check, response)
        except FetchError as exc:
            problem = str(exc)
        if problem is None:
            return None
        left = deadline - loop.time()
        if left <= 0:
            return f"not live after {polling.timeout:g} s: {problem}"
        await sleep(min(delay, left))
        delay = min(delay * 2, polling.max_delay)


def page_problem(check: LiveCheck, response: FetchResult) -> str | None:
    """What keeps `response` from being the page `check` waits for, or None if it is."""
    facts = _PageFacts.of(response.text if response.is_html else "")
    if not (response.ok or (check.gone and response.status == 410)):
        return f"{check.url} answered {response.status}"
    missing = sorted(check.linked - facts.hrefs)
    if missing:
        return f"{check.url} does not link to {missing[0]} yet"
    stale = sorted(check.unlinked & facts.hrefs)
    if stale:
        return f"{check.url} still links to {stale[0]}"
    return None


class _PageFacts(HTMLParser):
    """The ``<a href>`` values of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: set[str] = set()

    @classmethod
    def of(cls, markup: str) -> _PageFacts:
        parser = cls()
        parser.feed(markup)
        parser.close()
        return parser

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in RAW_TEXT_ELEMENTS:
            self.set_cdata_mode(tag)
        values = dict(reversed(attrs))  # the first of repeated attributes counts
        if tag == "a" and values.get("href"):
            self.hrefs.add((values["href"] or "").strip())

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
