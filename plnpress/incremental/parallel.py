"""Markdown rendering spread over every core, for cold builds with many bodies.

A pool of worker processes renders chunks of bodies. With the ``fork`` start method (Linux, when
the build runs on the main thread and no other thread could hold a lock) the workers inherit the
bodies and only the results travel back; otherwise they are started fresh and sent their chunk.
Few bodies (a warm build) are rendered in this process: starting workers would cost more.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Sequence

from plnpress.content.loader import render_sequentially
from plnpress.render.rendered import RenderedMarkdown

PARALLEL_FROM = 200
"""Fewer bodies than this are rendered in this process."""
CHUNK = 40
"""Bodies per task: small enough to balance the load, large enough to keep the overhead low."""

_inherited: Sequence[str] = ()
"""The bodies, for forked workers to read instead of being sent them."""


def render_in_parallel(bodies: Sequence[str], base_path: str) -> list[RenderedMarkdown]:
    """Render ``bodies`` as :func:`~plnpress.content.loader.render_sequentially` does, in
    parallel when there are many and more than one core."""
    workers = min(_cores(), -(-len(bodies) // CHUNK))
    if len(bodies) < PARALLEL_FROM or workers < 2:
        return render_sequentially(bodies, base_path)
    ranges = [(start, min(start + CHUNK, len(bodies))) for start in range(0, len(bodies), CHUNK)]
    global _inherited
    if _can_fork():
        _inherited = bodies
        try:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                tasks = [(start, end, base_path) for start, end in ranges]
                chunks = pool.map(_render_inherited, tasks, chunksize=1)
        finally:
            _inherited = ()
    else:
        with multiprocessing.get_context("spawn").Pool(workers) as pool:
            tasks_sent = [(list(bodies[start:end]), base_path) for start, end in ranges]
            chunks = pool.map(_render_sent, tasks_sent, chunksize=1)
    return [result for chunk in chunks for result in chunk]


def _render_inherited(task: tuple[int, int, str]) -> list[RenderedMarkdown]:
    start, end, base_path = task
    return render_sequentially(_inherited[start:end], base_path)


def _render_sent(task: tuple[list[str], str]) -> list[RenderedMarkdown]:
    bodies, base_path = task
    return render_sequentially(bodies, base_path)


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _can_fork() -> bool:
    # Forking a process with other threads running can copy a lock another thread holds.
    return (
        "fork" in multiprocessing.get_all_start_methods()
        and threading.current_thread() is threading.main_thread()
        and threading.active_count() == 1
    )
