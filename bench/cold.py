"""Timing cold full builds so that only the build is timed.

Each timed build writes into a folder that never existed, and nothing is deleted between timed
builds: the outputs are removed once all cold builds are done. Two reasons. Deleting the last
build's output (tens of thousands of files) took seconds and was timed as part of the next
build. And on ext4 without a journal, as on the bench machine, the file system avoids reusing an
inode freed in the last 30 seconds or so: making thousands of files right after deleting
thousands made every tool's next build several seconds slower (`perf` showed the time in
ext4's `recently_deleted`). A timed build therefore also starts at least ``SETTLE_SECONDS``
after the last deletion the harness made.
"""

from __future__ import annotations

import resource
import shutil
import time
from collections.abc import Callable
from pathlib import Path

SETTLE_SECONDS = 35.0


class Outputs:
    """Fresh output folders for timed builds, removed together afterwards."""

    def __init__(self) -> None:
        self._made: list[Path] = []
        self._deleted_at = 0.0

    def fresh(self, base: Path) -> Path:
        path = base.with_name(f"{base.name}-cold{len(self._made) + 1}")
        self._made.append(path)
        return path

    def remove_leftovers(self, folder: Path) -> None:
        """Remove outputs an earlier bench run left in ``folder``."""
        for path in folder.glob("out-*-cold*"):
            shutil.rmtree(path, ignore_errors=True)
            self._deleted_at = time.monotonic()

    def remove_all(self) -> None:
        for path in self._made:
            shutil.rmtree(path, ignore_errors=True)
        self._made.clear()
        self._deleted_at = time.monotonic()

    def settle(self) -> None:
        """Wait until the last deletion is old enough not to slow the next build."""
        wait = self._deleted_at + SETTLE_SECONDS - time.monotonic()
        if self._deleted_at and wait > 0:
            time.sleep(wait)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_cold_build(
    outputs: Outputs,
    base: Path,
    build: Callable[[Path], None],
    prepare: Callable[[], None] | None = None,
) -> tuple[float, float]:
    """Wall and CPU seconds of one build into a fresh folder next to ``base`` (``prepare`` runs
    untimed before it). CPU is the build's processes' (user and system, children waited for)."""
    output = outputs.fresh(base)
    if prepare is not None:
        prepare()
    outputs.settle()
    cpu = _children_cpu()
    started = time.perf_counter()
    build(output)
    return time.perf_counter() - started, _children_cpu() - cpu
