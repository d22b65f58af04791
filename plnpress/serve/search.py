"""The search index of a served blog, made in a thread of its own.

A big blog's index takes seconds (about ten at 10,000 posts), too long to hold up the reload
after every save. ``plnpress serve`` builds with ``search_later``: a build that needs a new index
publishes the one it had and hands back the work (:attr:`BuildResult.index_later`); this makes
it, one at a time and always the newest asked for, then asks the rebuild loop for a build that
publishes it (through the output writer, as every build does). Pages are not told to reload for
a new index alone.
"""

from __future__ import annotations

import threading
from collections.abc import Callable


class BackgroundIndex:
    """Runs index work one at a time, the latest asked for, then calls ``done``."""

    def __init__(self, done: Callable[[], None]) -> None:
        self._done = done
        self._lock = threading.Lock()
        self._job: Callable[[], None] | None = None
        self._thread: threading.Thread | None = None

    def request(self, job: Callable[[], None]) -> None:
        """Make an index with ``job`` soon (replacing any job still waiting)."""
        with self._lock:
            self._job = job
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="plnpress-search")
                self._thread.daemon = True
                self._thread.start()

    def stop(self) -> None:
        """Drop any waiting job and wait for the one running (the server is stopping)."""
        with self._lock:
            self._job = None
            thread = self._thread
        if thread is not None:
            thread.join()

    def _run(self) -> None:
        while True:
            with self._lock:
                job, self._job = self._job, None
                if job is None:
                    self._thread = None
                    return
            job()
            self._done()
