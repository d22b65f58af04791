"""Start a site build when responses changed: POST to a build hook (a Netlify build hook URL).

The worker calls `BuildHook.poke` after each verified or deleted response. The first poke calls
the hook at once; pokes within `interval` seconds of that call wait and are answered by one
call when the interval is over, so a burst of responses makes one build, and the hook is
never called more often than once per interval.
"""

from __future__ import annotations

import asyncio
import logging

from plnpress.fetch.client import GuardedClient
from plnpress.fetch.errors import FetchError

log = logging.getLogger("plnpress.receiver")


class BuildHook:
    """Calls `url` after pokes, at most once per `interval` seconds; run `run` as a task."""

    def __init__(self, url: str, interval: float, client: GuardedClient) -> None:
        self.url = url
        self.interval = interval
        self._client = client
        self._poked = asyncio.Event()
        self._last: float | None = None

    def poke(self) -> None:
        """Ask for a build (soon, or once the interval since the last call is over)."""
        self._poked.set()

    async def run(self) -> None:
        """Call the hook after each poke, spacing calls; runs until cancelled."""
        loop = asyncio.get_running_loop()
        while True:
            await self._poked.wait()
            if self._last is not None:
                await asyncio.sleep(max(0.0, self._last + self.interval - loop.time()))
            # Pokes until now are answered by this call; later ones wait for the next.
            self._poked.clear()
            self._last = loop.time()
            await self._call()

    async def _call(self) -> None:
        try:
            # What `curl -X POST -d {} URL`, Netlify's documented call, sends.
            result = await self._client.post(
                self.url, b"{}", content_type="application/x-www-form-urlencoded"
            )
        except FetchError as exc:
            log.warning("the build hook failed: %s", _redacted(str(exc), self.url))
            return
        if result.ok:
            log.info("build hook called (%s)", result.status)
        else:
            log.warning("the build hook answered %s", result.status)


def _redacted(message: str, url: str) -> str:
    """`message` without the hook's URL, which works as a password."""
    return message.replace(url, "<build hook>")
