"""The background work on a thread of its own: the worker that checks sources, and the build hook.

Reading a source page (html5lib, then microformats) is slow Python: a page near the 1 MB cap takes
seconds. On the event loop that answers requests, one such page would hold up every answer; on
a thread of its own with its own event loop, the answering loop still gets its turns (Python
switches threads every few milliseconds), so the endpoint stays quick while sources are read.
"""

from __future__ import annotations

import asyncio
import threading

from plnpress.fetch.client import GuardedClient
from plnpress.receiver.buildhook import BuildHook
from plnpress.receiver.database import StoreThread
from plnpress.receiver.settings import ReceiverSettings
from plnpress.receiver.store import MentionStore
from plnpress.receiver.worker import Worker


class Background:
    """`start` the thread, `wake` it when something was queued, `stop` it (from any loop)."""

    def __init__(self, settings: ReceiverSettings, db: StoreThread[MentionStore]) -> None:
        self.settings = settings
        self._db = db
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._failure: BaseException | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None
        self._worker: Worker | None = None
        self.build_hook: BuildHook | None = None

    def start(self) -> None:
        """Start the thread; return once its worker runs (or raise what stopped it)."""
        self._thread = threading.Thread(target=self._run, name="plnpress-receiver-worker")
        self._thread.start()
        self._ready.wait()
        if self._failure is not None:
            self._thread.join()
            self._thread = None
            raise self._failure

    def wake(self) -> None:
        """Something was queued: the worker looks at the queue now. Safe from any thread."""
        loop, worker = self._loop, self._worker
        if loop is not None and worker is not None and not loop.is_closed():
            loop.call_soon_threadsafe(worker.wake)

    def request_build(self) -> None:
        """Ask the build hook for a build (``plnpress server`` after a post). Safe from any
        thread; nothing happens without a build hook."""
        loop, hook = self._loop, self.build_hook
        if loop is not None and hook is not None and not loop.is_closed():
            loop.call_soon_threadsafe(hook.poke)

    def stop(self) -> None:
        """Stop the worker (checks under way are cancelled; their rows stay queued), the build
        hook and the client, and end the thread. Blocks until it has ended."""
        loop, stopping = self._loop, self._stopping
        if self._thread is None or loop is None or stopping is None:
            return
        loop.call_soon_threadsafe(stopping.set)
        self._thread.join()
        self._thread = None

    def _run(self) -> None:
        asyncio.run(self._main())

    async def _main(self) -> None:
        try:
            client, worker, hook_task = self._begin()
        except BaseException as exc:  # handed to start(), which raises it
            self._failure = exc
            self._ready.set()
            return
        self._ready.set()
        try:
            assert self._stopping is not None
            await self._stopping.wait()
        finally:
            await worker.stop()
            if hook_task is not None:
                hook_task.cancel()
                await asyncio.gather(hook_task, return_exceptions=True)
            await client.aclose()

    def _begin(self) -> tuple[GuardedClient, Worker, asyncio.Task[None] | None]:
        """Make the client, the build hook and the worker on this thread's loop."""
        settings = self.settings
        self._loop = asyncio.get_running_loop()
        self._stopping = asyncio.Event()
        client = GuardedClient(settings.fetch, max_concurrency=settings.workers + 1, max_per_host=2)
        hook_task = None
        if settings.build_hook:
            self.build_hook = BuildHook(settings.build_hook, settings.build_hook_interval, client)
            hook_task = asyncio.create_task(self.build_hook.run(), name="plnpress-build-hook")
        worker = Worker(
            self._db,
            client,
            concurrency=settings.workers,
            retry_delays=settings.retry_delays,
            on_change=self.build_hook.poke if self.build_hook else lambda: None,
        )
        worker.start()
        self._worker = worker
        return client, worker, hook_task
