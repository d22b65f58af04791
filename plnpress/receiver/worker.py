"""The background worker: check queued Webmentions with the code ``pull`` uses.

It takes the queued rows that are due from the store, fetches each source through the guarded
client with `plnpress.webmention.harvest.verify.verify_mention` (a few at a time), and records what
it found (`plnpress.receiver.outcome.settle`). It sleeps until a request arrives (`wake`), a check
ends, or a retry falls due. Rows are only marked done once checked, so a stop or a crash in the
middle leaves them queued for the next start; `stop` cancels the checks under way. A check that
fails on the receiver's side (a bug) rejects its row instead of being tried in a loop.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Callable
from datetime import datetime

from plnpress.clock import utc_stamp
from plnpress.fetch.client import GuardedClient
from plnpress.receiver.database import StoreThread
from plnpress.receiver.outcome import settle
from plnpress.receiver.store import Mention, MentionStore, Settlement, State
from plnpress.webmention.harvest.verify import verify_mention

log = logging.getLogger("plnpress.receiver")
_LONGEST_SLEEP = 60.0
"""Look at the queue at least this often, whatever the clock did."""


class Worker:
    """Checks queued rows, `concurrency` at a time; `start` it, `wake` it, `stop` it."""

    def __init__(
        self,
        db: StoreThread[MentionStore],
        client: GuardedClient,
        *,
        concurrency: int,
        retry_delays: tuple[float, ...],
        on_change: Callable[[], None] = lambda: None,
    ) -> None:
        self._db = db
        self._client = client
        self._concurrency = concurrency
        self._retry_delays = retry_delays
        self._on_change = on_change
        self._wake = asyncio.Event()
        self._busy: dict[int, asyncio.Task[None]] = {}
        self._held: dict[int, float] = {}
        """Rows whose check failed on our side, left alone until the time given."""
        self._loop_task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._loop_task = asyncio.create_task(self._run(), name="plnpress-receiver-worker")

    def wake(self) -> None:
        """Something was queued: look at the queue now."""
        self._wake.set()

    async def stop(self) -> None:
        """Stop taking work and cancel the checks under way (their rows stay queued)."""
        tasks = [t for t in (self._loop_task, *self._busy.values()) if t is not None]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._busy.clear()

    async def _run(self) -> None:
        while True:
            self._wake.clear()
            try:
                next_due = await self._start_due()
            except Exception:  # a broken store must not end the worker for good
                log.exception("could not read the queue")
                next_due = time.time() + _LONGEST_SLEEP
            wait = _LONGEST_SLEEP if next_due is None else next_due - time.time()
            if wait > 0:
                try:
                    async with asyncio.timeout(min(wait, _LONGEST_SLEEP)):
                        await self._wake.wait()
                except TimeoutError:
                    pass

    async def _start_due(self) -> float | None:
        """Start checks for due rows while there are free slots; when the next row is due."""
        free = self._concurrency - len(self._busy)
        if free <= 0:
            return None  # a finishing check wakes the loop
        now = time.time()
        self._held = {key: until for key, until in self._held.items() if until > now}
        skipped = frozenset(self._busy) | frozenset(self._held)
        due, next_due = await self._db.run(MentionStore.due, now, free, skipped)
        if self._held:
            next_due = min(next_due or math.inf, *self._held.values())
        for mention in due:
            task = asyncio.create_task(self._check(mention), name=f"plnpress-check-{mention.id}")
            self._busy[mention.id] = task
        return next_due

    async def _check(self, mention: Mention) -> None:
        try:
            received = datetime.fromisoformat(mention.received)
            verification = await verify_mention(
                self._client, mention.source, mention.target, received=received, via="receiver"
            )
            settlement = settle(
                mention, verification, now=time.time(), retry_delays=self._retry_delays
            )
            stored = await self._db.run(MentionStore.settle, mention, settlement, now=utc_stamp())
            if stored:
                why = f": {settlement.reason}" if settlement.reason else ""
                log.info("%s %s -> %s%s", settlement.state, mention.source, mention.page, why)
            if stored and settlement.change is not None:
                self._on_change()
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("checking %s -> %s failed", mention.source, mention.target)
            await self._give_up(mention)
        finally:
            self._busy.pop(mention.id, None)
            self._wake.set()

    async def _give_up(self, mention: Mention) -> None:
        """An error of ours (a bug, a page that breaks a parser): reject the row rather than
        fail on it again and again; if even that fails, leave it alone for a while."""
        reason = "the receiver failed to check the source; send the Webmention again later"
        try:
            await self._db.run(
                MentionStore.settle, mention, Settlement(State.REJECTED, reason), now=utc_stamp()
            )
        except Exception:
            log.exception("could not record the failure")
            self._held[mention.id] = time.time() + _LONGEST_SLEEP
