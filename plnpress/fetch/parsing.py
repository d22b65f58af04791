"""Reading what was fetched, in a worker process that can be stopped: the parse's half of the
budget that the fetch's limits start.

A fetch is bounded in time and size by the client; reading the page is bounded here. Every
fetched page (a Webmention source, a target searched for its endpoint, a blogroll site, the
title of ``new link``, a live page polled by ``--wait-live``, a published sitemap) is read by a
plain function run in a child process forked from a server that has already imported the
parsers, so starting one costs milliseconds. The child

- gets what is left of the fetch's time budget (`FetchPolicy.total_timeout` covers the fetch and
  the reading together) and is killed when it runs out;
- may use at most `PARSE_MEMORY_MB` of memory more than it started with, so a page that would
  take gigabytes ends in a refusal, not in a swapping machine;
- hands back at most `MAX_RESULT_BYTES` of result, so what it read cannot fill the caller.

The caller's process never holds the page's tree: a receiver verifying big pages grows only by
what they say. Whatever goes wrong is an `UnreadablePage`, a `FetchError`, so every caller that
reports a failed fetch reports this one the same way.

The functions run must be importable by name (module-level), and so must their arguments and
results (plain data, frozen dataclasses): they are pickled to and from the child.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import multiprocessing
import pickle
import resource
import sys
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any, TypeVar, cast

from plnpress.fetch.errors import FetchError
from plnpress.fetch.policy import FetchPolicy
from plnpress.fetch.result import FetchResult

R = TypeVar("R")

PARSE_MEMORY_MB = 200
"""Memory a reading may use beyond what its process starts with (a few times a legit page)."""
MAX_RESULT_BYTES = 16_000_000
"""The most a reading may hand back (pickled): what a 1 MB page says fits many times over."""
_RECURSION_LIMIT = 20_000
"""Parsers walk trees recursively; `plnpress.fetch.html` keeps trees shallower than this needs."""
_PRELOAD = ["plnpress.fetch.html", "bs4", "html5lib", "mf2py", "mf2util", "html.parser"]
"""Imported once by the fork server, so a child starts with them ready."""

_context = multiprocessing.get_context("forkserver")
_context.set_forkserver_preload(_PRELOAD)


class UnreadablePage(FetchError):
    """The page was fetched, but reading it went beyond the limits (time, nesting, size,
    memory), or the reader failed on it."""


class TooComplex(Exception):
    """Raised by a reading function for a page beyond its own limits; the message says which
    (e.g. "it is nested more than 256 elements deep")."""


def preload(module: str) -> None:
    """Have the fork server import `module` (a reader's own), so no child imports it again;
    call it when the module is imported, before the first reading."""
    if module not in _PRELOAD:
        _PRELOAD.append(module)
        _context.set_forkserver_preload(_PRELOAD)


async def read_fetched(
    policy: FetchPolicy, result: FetchResult, function: Callable[..., R], *args: Any
) -> R:
    """``function(*args)`` in a reader, within what the fetch of `result` left of
    ``policy.total_timeout``: one budget for fetching and reading."""
    return await read(result.final_url, policy.total_timeout - result.elapsed, function, *args)


def read_fetched_sync(
    policy: FetchPolicy, result: FetchResult, function: Callable[..., R], *args: Any
) -> R:
    """`read_fetched` for code without an event loop (``plnpress new link``)."""
    return read_sync(result.final_url, policy.total_timeout - result.elapsed, function, *args)


def start_workers() -> None:
    """Start the fork server now rather than at the first page (a receiver does this at start,
    so its first reading is as quick as the others)."""
    from multiprocessing import forkserver

    forkserver.ensure_running()


def read_sync(url: str, seconds: float, function: Callable[..., R], *args: Any) -> R:
    """``function(*args)`` in a worker, waiting at most `seconds`; raises `UnreadablePage`
    (naming `url`) when it cannot finish."""
    process, connection = _start(function, args)
    try:
        ready = connection.poll(max(seconds, 0.0))
        return cast(R, _result(process, connection, ready, url, seconds))
    finally:
        _end(process, connection)


async def read(url: str, seconds: float, function: Callable[..., R], *args: Any) -> R:
    """`read_sync` for an event loop: the loop keeps running while the worker reads."""
    loop = asyncio.get_running_loop()
    process, connection = _start(function, args)
    done = loop.create_future()

    def readable() -> None:
        if not done.done():
            done.set_result(None)

    loop.add_reader(connection.fileno(), readable)
    try:
        ready = True
        try:
            async with asyncio.timeout(max(seconds, 0.0)):
                await done
        except TimeoutError:
            ready = False
        return cast(R, _result(process, connection, ready, url, seconds))
    finally:
        loop.remove_reader(connection.fileno())
        _end(process, connection)


def _start(function: Callable[..., Any], args: tuple[Any, ...]) -> tuple[BaseProcess, Connection]:
    receiving, sending = _context.Pipe(duplex=False)
    process = _context.Process(
        target=_child, args=(sending, function, args), name="plnpress-reader", daemon=True
    )
    process.start()
    sending.close()
    return process, receiving


def _result(
    process: BaseProcess, connection: Connection, ready: bool, url: str, seconds: float
) -> Any:
    if not ready:
        raise UnreadablePage(
            f"reading {url} took longer than the {seconds:.1f} s left of the time for fetching"
            " and reading it",
            url=url,
        )
    try:
        data = connection.recv_bytes(MAX_RESULT_BYTES + 1024)
    except (EOFError, OSError):
        process.join(1.0)
        raise UnreadablePage(
            f"reading {url} failed: the reader stopped (exit status {process.exitcode})", url=url
        ) from None
    outcome, value = pickle.loads(data)
    if outcome == "ok":
        return value
    raise UnreadablePage(f"cannot read {url}: {value}", url=url)


def _end(process: BaseProcess, connection: Connection) -> None:
    connection.close()
    if process.is_alive():
        process.kill()
    process.join()
    process.close()


def _child(
    connection: Connection,
    function: Callable[..., Any],
    args: tuple[Any, ...],
) -> None:
    """The worker: limit itself, run `function`, send back ("ok", result) or (why, message)."""
    # No cyclic collection in a process that lives for one page: a collection walks every
    # object inherited from the fork server, copying the pages they sit on.
    gc.disable()
    _limit_memory(PARSE_MEMORY_MB)
    sys.setrecursionlimit(_RECURSION_LIMIT)
    outcome: tuple[str, Any]
    try:
        outcome = ("ok", function(*args))
    except TooComplex as exc:
        outcome = ("refused", str(exc))
    except MemoryError:
        outcome = ("refused", f"reading it needs more than {PARSE_MEMORY_MB} MB of memory")
    except RecursionError:
        outcome = ("refused", "it is nested too deeply to read")
    except Exception as exc:  # a bug in a reader, or a page that breaks a parser
        outcome = ("failed", f"the reader failed ({type(exc).__name__}: {exc})")
    try:
        data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        data = pickle.dumps(("refused", "what it says is too large to hand back"))
    if len(data) > MAX_RESULT_BYTES:
        data = pickle.dumps(("refused", f"what it says is over {MAX_RESULT_BYTES:,} bytes"))
    with contextlib.suppress(OSError):  # the caller gave up waiting
        connection.send_bytes(data)
    connection.close()


def _limit_memory(megabytes: int) -> None:
    """Cap the data segment (heap and anonymous mappings, Linux >= 4.7) at what this process
    uses now plus `megabytes`."""
    used = 0
    with contextlib.suppress(OSError), Path("/proc/self/status").open(encoding="ascii") as status:
        for line in status:
            if line.startswith("VmData:"):
                used = int(line.split()[1]) * 1024
    if used:
        limit = used + megabytes * 1024 * 1024
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
