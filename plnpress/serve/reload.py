"""The reload channel: which open pages a rebuild changed, told to them over Server-Sent Events.

The rebuild thread publishes a :class:`Change` after every build that changed something. Each open
page holds one event stream (``/__plnpress/events?path=...&since=...``) in the server's event loop
and is sent ``reload`` only when the change touches the file it shows, so editing one post does not
reload the writer's other tabs. ``since`` is the version of the site the page was served from; a
page that connects after a rebuild it missed (saving twice in quick succession) reloads at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import threading
from collections import deque
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field

HEARTBEAT_SECONDS = 15.0
"""A comment line this often lets the server notice pages that went away."""
HISTORY = 100
"""How many past changes are kept for pages that connect late."""
RETRY_MILLISECONDS = 500
"""How soon a page reconnects after the stream drops (a restarted server, a reload)."""

PageResolver = Callable[[], str | None]
"""Returns the output file a page shows now (``2024/05/hello/index.html``), or None."""


@dataclass(frozen=True, slots=True)
class Change:
    """What one rebuild changed, as open pages see it."""

    generation: int
    """Counts rebuilds that changed something, from 1."""
    files: frozenset[str] = field(default_factory=frozenset)
    """Output files written, relative to the output folder (``2024/05/hello/index.html``)."""
    everything: bool = False
    """Every open page reloads: a stylesheet or image changed, or the build failed or recovered."""

    def affects(self, shown_before: str | None, shown_now: str | None) -> bool:
        """Does a page that showed ``shown_before`` when it connected need to reload?"""
        return self.everything or shown_before != shown_now or shown_now in self.files


@dataclass(eq=False, slots=True)
class _Subscriber:
    loop: asyncio.AbstractEventLoop
    queue: asyncio.Queue[Change | None]


class ReloadChannel:
    """Thread-safe: :meth:`publish` from any thread, :meth:`stream` in the server's event loop."""

    def __init__(self) -> None:
        self.run_id = secrets.token_hex(4)
        """Tells this server's versions from a previous run's: a restart reloads open pages."""
        self._lock = threading.Lock()
        self._generation = 0
        self._history: deque[Change] = deque(maxlen=HISTORY)
        self._subscribers: set[_Subscriber] = set()
        self._closed = False

    @property
    def version(self) -> str:
        """The site's current version, sent with every page (``Server-Timing``)."""
        with self._lock:
            return f"{self.run_id}.{self._generation}"

    @property
    def listeners(self) -> int:
        """How many pages are connected."""
        with self._lock:
            return len(self._subscribers)

    def publish(self, files: frozenset[str], everything: bool) -> Change:
        """Record a rebuild's change and tell every connected page."""
        with self._lock:
            self._generation += 1
            change = Change(self._generation, files, everything)
            self._history.append(change)
            subscribers = list(self._subscribers)
        for subscriber in subscribers:
            _deliver(subscriber, change)
        return change

    def close(self) -> None:
        """End every stream (the server is stopping); later streams end at once."""
        with self._lock:
            self._closed = True
            subscribers = list(self._subscribers)
        for subscriber in subscribers:
            _deliver(subscriber, None)

    async def stream(self, resolve: PageResolver, since: str | None) -> AsyncIterator[str]:
        """The event stream of one open page: at most one ``reload`` event, then the end."""
        subscriber = _Subscriber(asyncio.get_running_loop(), asyncio.Queue())
        shown = resolve()
        with self._lock:
            if self._closed:
                return
            self._subscribers.add(subscriber)
            missed = self._missed(since)
        try:
            yield f"retry: {RETRY_MILLISECONDS}\n: connected\n\n"
            if missed is None or any(c.affects(shown, resolve()) for c in missed):
                yield _reload_event(self._generation)
                return
            while True:
                try:
                    change = await asyncio.wait_for(subscriber.queue.get(), HEARTBEAT_SECONDS)
                except TimeoutError:
                    yield ": keep-alive\n\n"
                    continue
                if change is None:
                    return
                if change.affects(shown, resolve()):
                    yield _reload_event(change.generation)
                    return
        finally:
            with self._lock:
                self._subscribers.discard(subscriber)

    def _missed(self, since: str | None) -> list[Change] | None:
        """Changes after version ``since``; None when unknown (another run, or too long ago)."""
        if since is None:
            return []
        run_id, _, number = since.partition(".")
        if run_id != self.run_id or not number.isdigit():
            return None
        generation = int(number)
        if generation >= self._generation:
            return []
        oldest = self._history[0].generation if self._history else self._generation + 1
        if generation + 1 < oldest:
            return None
        return [change for change in self._history if change.generation > generation]


def _deliver(subscriber: _Subscriber, item: Change | None) -> None:
    with contextlib.suppress(RuntimeError):  # the server's loop has already closed
        subscriber.loop.call_soon_threadsafe(subscriber.queue.put_nowait, item)


def _reload_event(generation: int) -> str:
    """``data`` names the rebuild that caused it (the script ignores it; tests read it)."""
    return f"event: reload\ndata: {generation}\n\n"
