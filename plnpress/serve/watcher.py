"""Watching the blog's files with watchdog, and turning bursts of events into one rebuild.

An editor's save is rarely one event: it writes a temporary file, renames it over the old one,
touches a backup. :class:`ChangeQueue` waits until the folder has been quiet for a moment (or a
longest wait has passed, so a busy folder still rebuilds) and hands over every path that changed.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch

from plnpress.errors import PlnpressError

QUIET_SECONDS = 0.1
"""A burst of events is over once the folders have been quiet this long."""
LONGEST_WAIT_SECONDS = 1.0
"""Rebuild after this long even if events keep coming."""

# Reading a file (the build itself does) raises open and close-without-write events: never watched.
_WATCHED_EVENTS: list[type[FileSystemEvent]] = [
    FileCreatedEvent,
    FileModifiedEvent,
    FileDeletedEvent,
    FileMovedEvent,
    FileClosedEvent,
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
]


_DROPPING_ENDINGS = (
    "~",
    ".swp",
    ".swx",
    ".swpx",
    ".tmp",
    ".kate-swp",
    "___jb_tmp___",
    "___jb_old___",
)


_TEMPORARY_NAMES = re.compile(
    r"sed[A-Za-z0-9]{6}"  # sed -i
    r"|tmp[a-z0-9_]{8}"  # Python's tempfile, and tools written with it
    r"|.*\.sb-[0-9a-f]{8}-[A-Za-z0-9]{6}"  # macOS "safe save"
    r"|\.dat\.nosync.*"  # macOS
    r"|.*\.(crswap|part|tmp\.\d+)"  # browsers' and others' files being written
)


def is_editor_dropping(name: str) -> bool:
    """Swap, backup and temporary files editors and tools write beside the file being saved."""
    return (
        name.startswith((".#", "#", "~$", ".goutputstream-"))
        or name.endswith(_DROPPING_ENDINGS)
        or name == "4913"  # vim checks that it may write in the folder
        or name in {".DS_Store", "Thumbs.db"}
        or _TEMPORARY_NAMES.fullmatch(name) is not None
    )


class ChangeQueue:
    """Changed paths collected from the watcher thread, taken in coalesced batches."""

    def __init__(
        self, quiet: float = QUIET_SECONDS, longest_wait: float = LONGEST_WAIT_SECONDS
    ) -> None:
        self.quiet = quiet
        self.longest_wait = longest_wait
        self._condition = threading.Condition()
        self._pending: set[Path] = set()
        self._first = 0.0
        self._last = 0.0
        self._closed = False

    def put(self, paths: Iterable[Path]) -> None:
        with self._condition:
            now = time.monotonic()
            if not self._pending:
                self._first = now
            self._pending.update(paths)
            self._last = now
            self._condition.notify_all()

    def take(self) -> frozenset[Path] | None:
        """Block until a burst of changes is over; return its paths, or None once closed."""
        with self._condition:
            while not self._closed:
                if not self._pending:
                    self._condition.wait()
                    continue
                now = time.monotonic()
                ready_at = min(self._last + self.quiet, self._first + self.longest_wait)
                if now >= ready_at:
                    batch = frozenset(self._pending)
                    self._pending.clear()
                    return batch
                self._condition.wait(ready_at - now)
            return None

    def close(self) -> None:
        with self._condition:
            self._closed = True
            self._condition.notify_all()


@dataclass(frozen=True, slots=True)
class WatchPlan:
    """What to watch: folders in full, and single files or folders that may appear in ``root``."""

    root: Path
    folders: tuple[Path, ...]
    """Watched with everything below them (``content/``, ``templates/``, the theme)."""
    root_names: frozenset[str]
    """Names directly in ``root`` that matter (``plnpress.yaml``, ``content``, ``templates``)."""
    ignored: tuple[Path, ...] = ()
    """Folders whose events are never changes (the served output, if it lies in a watched one)."""

    def wants(self, path: Path) -> bool:
        if is_editor_dropping(path.name):
            return False
        if any(path == folder or folder in path.parents for folder in self.ignored):
            return False
        if path.parent == self.root:
            return path.name in self.root_names
        return any(folder in path.parents or path == folder for folder in self.folders)

    def changed_since(self, moment_ns: int) -> list[Path]:
        """What the plan covers that changed at or after ``moment_ns`` (``time.time_ns()``): files
        saved, and folders in which a file was added, removed or renamed."""
        candidates = [self.root / name for name in self.root_names]
        for folder in self.folders:
            candidates += [folder, *folder.rglob("*")]
        changed = []
        for path in candidates:
            try:
                modified = path.stat().st_mtime_ns
            except OSError:  # gone again, or never there
                continue
            if modified >= moment_ns and self.wants(path):
                changed.append(path)
        return changed


class Watcher:
    """A watchdog observer feeding a :class:`ChangeQueue`; :meth:`watch` can change the plan."""

    def __init__(self, queue: ChangeQueue) -> None:
        self._queue = queue
        self._observer: BaseObserver | None = None
        """Made by :meth:`start`: watchdog's observer starts a thread as soon as it exists, and
        the first build must run before any thread does (so that it may fork workers)."""
        self._handler = _Handler(self)
        self._plan: WatchPlan | None = None
        self._watches: dict[tuple[Path, bool], ObservedWatch] = {}
        self._lock = threading.Lock()
        self._stopped = False

    @property
    def plan(self) -> WatchPlan | None:
        return self._plan

    def start(self) -> None:
        with self._lock:
            if self._stopped:
                return
            self._observer = Observer()
            self._observer.name = "plnpress-watch"
        self._observer.start()

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            observer = self._observer
        if observer is not None and observer.is_alive():
            observer.stop()
            observer.join()

    def watch(self, plan: WatchPlan, catch_up: bool = False) -> None:
        """Watch what ``plan`` names (folders that do not exist yet are picked up by the root).

        With ``catch_up``, a folder watched for the first time counts as changed: files saved
        in it before its watch began would otherwise go unseen.
        """
        with self._lock:
            if self._stopped:
                return
            observer = self._observer
            assert observer is not None, "start() the watcher first"
            self._plan = plan
            wanted = {(plan.root, False)} | {(f, True) for f in plan.folders if f.is_dir()}
            for key in set(self._watches) - wanted:
                observer.unschedule(self._watches.pop(key))
            added = sorted(wanted - set(self._watches))
            for folder, recursive in added:
                self._watches[(folder, recursive)] = self._schedule(observer, folder, recursive)
        if catch_up and added:
            self._queue.put(folder for folder, _ in added)

    def _schedule(self, observer: BaseObserver, folder: Path, recursive: bool) -> ObservedWatch:
        try:
            return observer.schedule(
                self._handler, str(folder), recursive=recursive, event_filter=_WATCHED_EVENTS
            )
        except OSError as exc:  # on Linux, typically the limit of inotify watches
            raise PlnpressError(
                f"cannot watch {folder} for changes ({exc.strerror or exc}); on Linux, raise "
                "the limit with: sudo sysctl fs.inotify.max_user_watches=524288"
            ) from None

    def _changed(self, paths: list[Path]) -> None:
        plan = self._plan
        if plan is None:
            return
        wanted = [path for path in paths if plan.wants(path)]
        if wanted:
            self._queue.put(wanted)


class _Handler(FileSystemEventHandler):
    def __init__(self, watcher: Watcher) -> None:
        self._watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        paths = [Path(_text(event.src_path))]
        if event.dest_path:
            paths.append(Path(_text(event.dest_path)))
        self._watcher._changed(paths)


def _text(path: bytes | str) -> str:
    return path.decode() if isinstance(path, bytes) else path
