"""After each change: publish it (``micropub.publish``).

- ``git-push``: commit the files the change wrote, with a message that says what it was, and
  push. A push that fails (the remote is down, the network is out) leaves the commit where it is
  and is tried again after each of `RETRY_DELAYS`, then every half hour; ``q=source`` and the log
  say so. Nothing is lost: the post is committed in the blog's own repository.
- ``build-hook``: call the build hook (the receiver's, ``PLNPRESS_RECEIVER_BUILD_HOOK``).
- ``none``: nothing; the writer publishes as they like.

Git runs on a thread of its own, one command at a time, so answers never wait for a push.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from plnpress.micropub import git

log = logging.getLogger("plnpress.micropub")
RETRY_DELAYS = (10.0, 60.0, 300.0, 1800.0)


@dataclass(frozen=True, slots=True)
class Job:
    paths: tuple[Path, ...]
    message: str


class Publisher:
    """`publish(paths, message)` after each change; `state_of(path)` for ``q=source``."""

    def __init__(
        self,
        mode: str,
        root: Path,
        identity: tuple[str, str] = ("plnpress", "plnpress@localhost"),
        retry_delays: Sequence[float] = RETRY_DELAYS,
        build_hook: Callable[[], None] | None = None,
    ) -> None:
        self.mode = mode
        self.root = root
        self.identity = identity
        self.retry_delays = tuple(retry_delays) or RETRY_DELAYS
        self._build_hook = build_hook
        self._jobs: queue.Queue[Job | None] = queue.Queue()
        self._lock = threading.Lock()
        self._commits: dict[Path, str] = {}
        self._unpushed: set[str] = set()
        self._push_due: float | None = None
        self._failures = 0
        self._last_error = ""
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self.mode != "git-push":
            return
        if not git.is_repository(self.root):
            raise git.GitError(
                f"micropub.publish is git-push, but {self.root} is not in a git repository "
                "(git init, and add a remote named origin)"
            )
        if git.unpushed(self.root):
            self._push_due = time.monotonic()
        self._thread = threading.Thread(target=self._run, name="plnpress-publish", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._thread is not None:
            self._jobs.put(None)
            self._thread.join()
            self._thread = None

    def publish(self, paths: Sequence[Path], message: str) -> None:
        if not paths:
            return
        if self.mode == "build-hook" and self._build_hook is not None:
            self._build_hook()
        elif self.mode == "git-push":
            self._jobs.put(Job(tuple(paths), message))

    def state_of(self, path: Path) -> dict[str, str] | None:
        """How the last change of `path` is published, for ``q=source``; None if unknown."""
        with self._lock:
            commit = self._commits.get(path)
            if commit is None:
                return None
            if commit not in self._unpushed:
                return {"status": "pushed", "commit": commit}
            wait = max(0, round((self._push_due or time.monotonic()) - time.monotonic()))
            return {
                "status": "committed, not pushed yet",
                "commit": commit,
                "error": self._last_error,
                "retry-in-seconds": str(wait),
            }

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Block until every job so far is committed (tests); True if it was in time."""
        deadline = time.monotonic() + timeout
        while self._jobs.unfinished_tasks and time.monotonic() < deadline:
            time.sleep(0.02)
        return not self._jobs.unfinished_tasks

    def _run(self) -> None:
        while True:
            timeout = None
            if self._push_due is not None:
                timeout = max(0.0, self._push_due - time.monotonic())
            try:
                job = self._jobs.get(timeout=timeout)
            except queue.Empty:
                job = False  # type: ignore[assignment]
            if job is None:
                self._jobs.task_done()
                return
            if job:
                self._commit(job)
            if self._push_due is not None and self._push_due <= time.monotonic():
                self._push()
            if job:
                self._jobs.task_done()

    def _commit(self, job: Job) -> None:
        try:
            commit = git.commit(self.root, job.paths, job.message, self.identity)
        except git.GitError as exc:
            log.error("could not commit %s: %s", ", ".join(map(str, job.paths)), exc)
            return
        log.info("committed %s: %s", commit[:12], job.message)
        with self._lock:
            for path in job.paths:
                self._commits[path] = commit
            self._unpushed.add(commit)
            self._push_due = time.monotonic()

    def _push(self) -> None:
        try:
            git.push(self.root)
        except git.GitError as exc:
            delay = self.retry_delays[min(self._failures, len(self.retry_delays) - 1)]
            self._failures += 1
            with self._lock:
                self._last_error = str(exc)
                self._push_due = time.monotonic() + delay
            log.warning(
                "the push failed (%s); the commits are kept; trying again in %g s", exc, delay
            )
            return
        log.info("pushed")
        with self._lock:
            self._unpushed.clear()
            self._push_due = None
            self._failures = 0
            self._last_error = ""
