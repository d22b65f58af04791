"""The running receiver: the parts the routes use, started and stopped together.

Started by the app's lifespan: the store's thread, the list of pages (and the task that fetches
it again), and the background thread with the worker and the build hook. Stopped in the reverse
order, so no check is left writing to a closed store and no task or thread outlives the app.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

from plnpress.fetch.client import GuardedClient
from plnpress.fetch.policy import FetchPolicy
from plnpress.receiver.background import Background
from plnpress.receiver.database import StoreThread
from plnpress.receiver.limits import RateLimiter
from plnpress.receiver.pages import SitePages
from plnpress.receiver.settings import ReceiverSettings
from plnpress.receiver.store import MentionStore

log = logging.getLogger("plnpress.receiver")
SITEMAP_MAX_BYTES = 50_000_000
"""The sitemap protocol's own limit: a big blog's sitemap is larger than a source page may be."""


class Receiver:
    """Everything one running receiver holds; make it with `start`, end it with `stop`."""

    def __init__(self, settings: ReceiverSettings) -> None:
        self.settings = settings
        self.db: StoreThread[MentionStore] = StoreThread(settings.db)
        self.pages = SitePages(settings)
        self.per_client = RateLimiter(settings.limits.per_client)
        self.per_source_host = RateLimiter(settings.limits.per_source_host)
        self.background = Background(settings, self.db)
        self._tasks: list[asyncio.Task[None]] = []

    @classmethod
    async def start(cls, settings: ReceiverSettings) -> Receiver:
        receiver = cls(settings)
        try:
            await receiver.db.open()
            if settings.site_dir is None:
                await receiver._fetch_sitemap()
                receiver._spawn(receiver._refresh_sitemap(), "plnpress-receiver-sitemap")
            elif receiver.pages.known is None:
                log.warning("no list of pages in %s yet: run plnpress build", settings.site_dir)
            receiver.background.start()
        except BaseException:
            await receiver.stop()
            raise
        queued = await receiver.db.run(MentionStore.queued)
        log.info("receiving for %s; %d Webmentions wait to be checked", settings.base_url, queued)
        return receiver

    async def stop(self) -> None:
        """Stop the background thread and the tasks, then close the store."""
        self.background.stop()  # blocks for as long as cancelling the checks takes: briefly
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()
        await self.db.close()

    def _spawn(self, work: Coroutine[Any, Any, None], name: str) -> None:
        self._tasks.append(asyncio.create_task(work, name=name))

    async def _fetch_sitemap(self) -> None:
        policy = FetchPolicy(
            allow_private_addresses=self.settings.fetch.allow_private_addresses,
            max_bytes=SITEMAP_MAX_BYTES,
            total_timeout=60.0,
        )
        async with GuardedClient(policy) as client:
            if await self.pages.fetch(client):
                known = self.pages.known
                log.info(
                    "read %d pages from %s",
                    len(known.pages) if known else 0,
                    self.settings.public_sitemap,
                )

    async def _refresh_sitemap(self) -> None:
        interval = max(self.settings.sitemap_refresh, 1.0)
        while True:
            # Until a first list is read, ask again sooner: without it nothing is accepted.
            await asyncio.sleep(interval if self.pages.known is not None else min(interval, 10.0))
            try:
                await self._fetch_sitemap()
            except Exception:  # keep the list we have, and the task alive
                log.exception("could not fetch the sitemap")
