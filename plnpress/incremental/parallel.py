"""Work spread over every core: this process and forked workers take chunks from one counter.

A cold build has two big pieces of work, loading thousands of content files (Markdown is most of
it) and rendering thousands of pages. Both are split into chunks of a range of indexes. Workers
are forked, so they inherit everything the build has made so far (config, model, templates) and
only each chunk's result travels back, through a queue whose feeder thread never blocks the
worker. This process works on chunks too and hands each result to ``consume`` as it arrives, so
results are not all held at once.

Forking is used only where it is safe: on the main thread with no other thread running (a fork
copies locks other threads might hold). Elsewhere, and for little work, everything runs here.
What exists when the workers are forked is frozen out of the garbage collector's reach meanwhile,
so that a collection in a worker does not write to (and so copy) every inherited object.
"""

from __future__ import annotations

import contextlib
import gc
import os
import queue
import traceback
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from plnpress.forking import can_fork

if TYPE_CHECKING:  # multiprocessing is imported when there are workers to start
    import multiprocessing
    from multiprocessing.sharedctypes import Synchronized

Result = TypeVar("Result")

_DONE = "done"
_FAILED = "failed"


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def processes_for(count: int, requested: int | None, worth_it_from: int) -> int:
    """How many processes to use for ``count`` items: ``requested`` if given (tests ask for two
    on small blogs), else one per core once there are ``worth_it_from`` items; one if forking is
    not safe."""
    if requested is None and count < worth_it_from:
        return 1
    if not can_fork():
        return 1
    if requested is not None:
        return max(1, requested)
    return cores()


class WorkerFailed(RuntimeError):
    """A worker process raised (the traceback is in the message) or died."""


def fork_map(
    work: Callable[[int, int], Result],
    count: int,
    chunk: int,
    processes: int,
    consume: Callable[[int, Result], None],
    meanwhile: Callable[[], None] | None = None,
) -> None:
    """Run ``work(start, end)`` over ``range(count)`` in chunks of at most ``chunk`` (fewer when
    there is little work, so that every process gets some), in ``processes`` processes (this one
    included); ``consume(start, result)`` runs here for every chunk, in the order the chunks
    finish. ``meanwhile()`` runs here while the workers start on the first chunks (work that
    cannot be split, done alongside). An exception in any process is raised here once the workers
    are stopped."""
    chunk = max(1, min(chunk, -(-count // (processes * 4))))
    if processes <= 1 or count <= chunk:
        if meanwhile is not None:
            meanwhile()
        for first in range(0, count, chunk):
            consume(first, work(first, min(first + chunk, count)))
        return
    import multiprocessing

    context = multiprocessing.get_context("fork")
    counter: Synchronized[int] = context.Value("q", 0)
    results: multiprocessing.Queue[tuple[str, Any]] = context.Queue()
    claim = _Claims(counter, count, chunk)
    workers = [
        context.Process(target=_work_in_child, args=(work, claim, results), daemon=True)
        for _ in range(min(processes, -(-count // chunk)) - 1)
    ]
    gc.freeze()
    for worker in workers:
        worker.start()
    try:
        running = len(workers)
        if meanwhile is not None:
            meanwhile()
        while (start := claim.next()) is not None:
            consume(start, work(start, min(start + chunk, count)))
            while running and (message := _get(results, block=False)) is not None:
                running -= _handle(message, consume)
        while running:
            message = _get(results, block=True)
            if message is None:
                _check_alive(workers)
                continue
            running -= _handle(message, consume)
    except BaseException:
        for worker in workers:
            worker.terminate()
        raise
    finally:
        for worker in workers:
            worker.join()
        results.close()
        gc.unfreeze()


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect cyclic garbage less often meanwhile, for work that makes cycles (a parsed page is
    one: ``plnpress check``) among millions of short-lived objects: the default thresholds
    spend about a twentieth of the time collecting."""
    thresholds = gc.get_threshold()
    gc.set_threshold(50_000, 20, 20)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


@contextlib.contextmanager
def without_collections() -> Iterator[None]:
    """No cyclic garbage collection meanwhile (the forked workers inherit that). A build makes
    millions of objects and next to no cycles: a cold build of 2,000 posts leaves 39 objects in
    cycles behind, and collecting as it goes cost a fortieth of its time; a warm build spent a
    twentieth of its time scanning the state it had just loaded. Objects are freed as ever when
    their last reference goes; the collector takes up the few cycles once it runs again."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # What the build made and kept joins the oldest generation: taken as young, the first
        # collection after would scan every object of it at once (a tenth of a second).
        gc.freeze()
        gc.unfreeze()
        if was_on:
            gc.enable()


class _Claims:
    """The next chunk to work on, shared by every process through one locked counter."""

    def __init__(self, counter: Synchronized[int], count: int, chunk: int) -> None:
        self._counter = counter
        self._count = count
        self._chunk = chunk

    def next(self) -> int | None:
        with self._counter.get_lock():
            start = self._counter.value
            if start >= self._count:
                return None
            self._counter.value = start + self._chunk
        return start

    def end(self, start: int) -> int:
        return min(start + self._chunk, self._count)


def _work_in_child(
    work: Callable[[int, int], Any],
    claim: _Claims,
    results: multiprocessing.Queue[tuple[str, Any]],
) -> None:
    try:
        while (start := claim.next()) is not None:
            results.put(("chunk", (start, work(start, claim.end(start)))))
        results.put((_DONE, None))
    except BaseException:
        results.put((_FAILED, traceback.format_exc()))


def _get(results: multiprocessing.Queue[tuple[str, Any]], block: bool) -> tuple[str, Any] | None:
    try:
        return results.get(block=block, timeout=0.5 if block else None)
    except queue.Empty:
        return None


def _handle(message: tuple[str, Any], consume: Callable[[int, Any], None]) -> int:
    """Pass on a chunk's result; 1 when a worker is done."""
    kind, payload = message
    if kind == _FAILED:
        raise WorkerFailed(f"a build worker failed:\n{payload}")
    if kind == _DONE:
        return 1
    start, result = payload
    consume(start, result)
    return 0


def _check_alive(workers: Sequence[multiprocessing.process.BaseProcess]) -> None:
    for worker in workers:
        if worker.exitcode not in (None, 0):
            raise WorkerFailed(f"a build worker died (exit code {worker.exitcode})")
