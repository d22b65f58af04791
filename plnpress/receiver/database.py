"""A store on its own thread: the event loop never waits on the disk, and one thread owns the
one SQLite connection (sqlite3 connections must not be shared between threads).

The receiver's `MentionStore` runs on one; ``plnpress server`` runs its sign-in store
(`plnpress.indieauth.store.AuthStore`) on another, over the same file."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar, cast, overload

from plnpress.receiver.store import MentionStore

T = TypeVar("T")


class Store(Protocol):
    def close(self) -> None: ...


S = TypeVar("S", bound=Store)


class StoreThread(Generic[S]):
    """Runs calls on a store one at a time on a dedicated thread.

    ``await db.run(MentionStore.queued)`` calls ``store.queued()`` there. `open` creates the
    store on that thread (``opener(path)``, a `MentionStore` by default); `close` closes it
    there and ends the thread.
    """

    @overload
    def __init__(self: StoreThread[MentionStore], path: Path) -> None: ...

    @overload
    def __init__(self, path: Path, opener: Callable[[Path], S]) -> None: ...

    def __init__(self, path: Path, opener: Callable[[Path], S] | None = None) -> None:
        self.path = path
        self._opener = opener or cast(Callable[[Path], S], MentionStore)
        self._executor = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="plnpress-receiver-db"
        )
        self._store: S | None = None

    async def open(self) -> None:
        def create() -> None:
            self._store = self._opener(self.path)

        await asyncio.get_running_loop().run_in_executor(self._executor, create)

    async def run(self, call: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``call(store, *args, **kwargs)`` on the store's thread."""

        def job() -> T:
            if self._store is None:
                raise RuntimeError("the store is not open")
            return call(self._store, *args, **kwargs)

        return await asyncio.get_running_loop().run_in_executor(self._executor, job)

    async def close(self) -> None:
        """Close the connection and end the thread (waiting for calls already made)."""

        def shut() -> None:
            if self._store is not None:
                self._store.close()
                self._store = None

        try:
            await asyncio.get_running_loop().run_in_executor(self._executor, shut)
        finally:
            self._executor.shutdown(wait=True)
