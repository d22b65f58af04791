"""Peak memory of a command and every process it starts, sampled from /proc (Linux).

Two sums over the process tree, sampled together every 20 ms:

- RSS (resident set size): every page each process has mapped. A worker forked from the build
  shares the pages it inherited with its parent until either writes to them, and RSS counts such
  a shared page once in every process that maps it, so the sum overstates what the tree uses.
- PSS (proportional set size, ``/proc/PID/smaps_rollup``): each page divided among the processes
  that share it, so the sum is the memory the tree really occupies.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def _rss_pss_kib(pid: int) -> tuple[int, int]:
    rss = pss = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1])
            elif line.startswith("Pss:"):
                pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


def tree_memory_kib(root: int) -> tuple[int, int]:
    """RSS and PSS of ``root`` and all its descendants, each added up."""
    tree = _children()
    rss = pss = 0
    stack = [root]
    while stack:
        pid = stack.pop()
        one_rss, one_pss = _rss_pss_kib(pid)
        rss, pss = rss + one_rss, pss + one_pss
        stack += tree.get(pid, [])
    return rss, pss


@dataclass(frozen=True)
class PeakMemory:
    """Peaks of one run, in MB (each sum's own peak: they need not be at the same moment)."""

    tree_rss: float
    tree_pss: float
    main_rss: float
    """The command's own process alone (``ru_maxrss``, exact rather than sampled)."""


def peak_memory(command: Sequence[str], cwd: Path | None = None) -> PeakMemory:
    """Run ``command`` and sample its process tree every 20 ms (see the module docstring)."""
    # The build's warnings (thousands, for the real corpus) would bury the report: kept in a
    # file, and shown only if the build fails.
    with tempfile.TemporaryFile() as said:
        process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=said)
        peak_rss = peak_pss = 0
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            rss, pss = tree_memory_kib(process.pid)
            peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
            time.sleep(0.02)
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            said.seek(0)
            raise subprocess.CalledProcessError(process.returncode, command, stderr=said.read())
    return PeakMemory(peak_rss / 1024, peak_pss / 1024, usage.ru_maxrss / 1024)
