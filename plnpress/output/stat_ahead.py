"""The size and time of many files, asked for by a forked process while this one works on.

A warm build asks the system about every content file (has it changed?) and every page it keeps
and every folder of the site (is each as the last build left it:
:meth:`~plnpress.output.writer.Manifest.intact`,
:meth:`~plnpress.output.behind.Behind.changed_folders`)? At 10,000 posts that is some 37,000
``stat`` calls, a tenth of a second and more when the file system's caches are cold, each one
waited for. :class:`StatsAhead` forks a process that makes them all on the other core while
the build loads its state, and hands back each file's size and modification time; the build
then reads the answers instead of asking. A second process asks about the spare tree's folders,
whose times the swap notes once the spare has become the site (:mod:`plnpress.output.behind`).

An answer is what ``os.stat`` said when the build started: a file changed after that changed
during the build, which no build can promise to see (asking later only moves the moment). Where
forking is not safe (other threads: ``plnpress serve``), for a few files, or if anything goes
wrong in the other process, the build asks itself, as before.
"""

from __future__ import annotations

import os
import time
import weakref
from array import array
from collections.abc import Sequence
from pathlib import Path

from plnpress.forking import can_fork

WORTH_IT_FROM = 2_000
"""Fewer files are asked about here: forking costs about as much as a couple of thousand
``stat`` calls."""

SizeAndTime = tuple[int, int]
"""``st_size`` and ``st_mtime_ns``."""

_NOT_ASKED: SizeAndTime = (-1, -1)
"""What :meth:`StatsAhead.get` finds for a path it was not given (no file has a size of -1)."""


class StatsAhead:
    """The :data:`SizeAndTime` of each of ``paths`` (None for a path that is not there) and of
    every file under the folders ``under``, found meanwhile in another process; the first
    :meth:`get` waits for them."""

    def __init__(self, paths: Sequence[str], under: Sequence[str] = ()) -> None:
        self._paths = paths
        self._under = under
        self._found: dict[str, SizeAndTime | None] | None = None
        self.since_ns: int | None = None
        """When the other process began asking (None: there is none): an answer is what the
        system said then or a little later."""
        if len(paths) >= WORTH_IT_FROM and hasattr(os, "memfd_create") and can_fork():
            self.since_ns = time.time_ns()
            self._start()
        else:
            self._found = {}

    def get(self, path: str) -> SizeAndTime | None:
        """``path``'s size and time as the other process found them, or asked now if it
        was not among the paths (or the other process failed); None if it is not there."""
        found = self._found
        if found is None:
            found = self._found = self._collect()
        answer = found.get(path, _NOT_ASKED)
        return size_and_time(path) if answer is _NOT_ASKED else answer

    def _start(self) -> None:
        answers = os.memfd_create("plnpress-stats")
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child (its work is checked through get())
            _answer(self._paths, self._under, answers)
        # Waited for when the answers are first read, or else when this object goes: never a
        # process left over (a zombie), however the build ends.
        self._waiting = weakref.finalize(self, _wait_for, pid, answers)

    def _collect(self) -> dict[str, SizeAndTime | None]:
        waiting = self._waiting.detach()
        if waiting is None:
            return {}
        _, _, (pid, answers), _ = waiting
        try:
            ok = _wait_for(pid, answers, read=True)
        except OSError:
            return {}
        if ok is None:
            return {}
        numbers, walked = ok
        paths = [*self._paths, *walked]
        if len(numbers) != 2 * len(paths):
            return {}
        found: dict[str, SizeAndTime | None] = {}
        for index, path in enumerate(paths):
            size = numbers[2 * index]
            found[path] = None if size < 0 else (size, numbers[2 * index + 1])
        return found


def prefix_of(folder: Path) -> str:
    """``folder`` with a separator after it, to put before relative paths inside it: answers are
    found by the very string asked about, so everything asks by paths made this way (plain
    strings: tens of thousands of them, and a ``Path`` or ``os.path.join`` each costs more than
    the system call)."""
    return os.path.join(folder, "")  # noqa: PTH118


def size_and_time(path: str) -> SizeAndTime | None:
    """``path``'s size and time, asked now (None if it is not there)."""
    try:
        stat = os.stat(path)  # noqa: PTH116 - plain strings: tens of thousands of them
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def _answer(paths: Sequence[str], under: Sequence[str], answers: int) -> None:
    """In the forked process: the size and time of every path, then of every file found under
    the folders ``under``, into ``answers`` (the numbers, then the files found, NUL-separated),
    then leave at once (nothing of the parent's is flushed, closed or run on the way out)."""
    code = 1
    try:
        numbers = array("q")
        for path in paths:
            known = size_and_time(path)
            numbers.extend(known if known is not None else (-1, -1))
        walked = []
        for top in under:
            for folder, _, files in os.walk(top):
                for name in files:
                    path = os.path.join(folder, name)  # noqa: PTH118 - as discovery names it
                    known = size_and_time(path)
                    if known is not None:
                        walked.append(path)
                        numbers.extend(known)
        names = "\0".join(walked).encode("utf-8", "surrogateescape")
        data = len(numbers).to_bytes(8, "little") + numbers.tobytes() + names
        view = memoryview(data)
        while view:
            view = view[os.write(answers, view) :]
        code = 0
    finally:
        os._exit(code)


def _wait_for(pid: int, answers: int, read: bool = False) -> tuple[array[int], list[str]] | None:
    """Wait for the other process; with ``read``, its answers if it finished well: the numbers
    and the files it found under the folders it walked."""
    if pid == 0:
        return None
    try:
        _, status = os.waitpid(pid, 0)
        if not read or not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
            return None
        data = os.pread(answers, os.fstat(answers).st_size, 0)
        count = int.from_bytes(data[:8], "little")
        end = 8 + 8 * count
        numbers = array("q")
        numbers.frombytes(data[8:end])
        names = data[end:].decode("utf-8", "surrogateescape")
        return numbers, names.split("\0") if names else []
    finally:
        os.close(answers)
