"""The receiver's memory while it verifies big and hostile sources at once (issue 15, point 2).

`measure` runs ``plnpress webmention receive`` as its own process (the real command, uvicorn),
sends it one Webmention per source, each source on a host of its own so that all are checked at
once, and samples memory every 20 ms until every one is settled: the receiver's own resident
set, and the proportional set (PSS) of its whole process tree (the fork server and the readers
it starts), each as growth over the idle receiver. Shared by the test and by
``bench/receiver_memory.py``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench.memory import tree_memory_kib
from tests.receiver.test_durability import start_command
from tests.webmention.servers import LocalServer, Reply


@dataclass(frozen=True, slots=True)
class Growth:
    """Peak growth over the idle receiver, in MB, and how each check ended."""

    receiver_rss: float
    """The receiver's own process (RSS)."""
    tree_pss: float
    """The receiver and every process it started (PSS: shared pages counted once)."""
    outcomes: Mapping[str, dict[str, str]]


def measure(
    site_root: Path,
    db: Path,
    make_server: Callable[[str], LocalServer],
    sources: Mapping[str, Reply],
    target: str,
    timeout: float = 120.0,
) -> Growth:
    """Send one Webmention to `target` per source (each on its own 127.0.0.x host) at once."""
    process, endpoint = start_command(site_root, db)
    try:
        http = httpx.Client(trust_env=False, timeout=30)
        time.sleep(1.0)  # let the receiver settle (the fork server starts with it)
        idle_rss, (_, idle_pss) = _rss_kib(process.pid), tree_memory_kib(process.pid)
        urls = {
            name: make_server(f"127.0.0.{index + 2}").route(f"/{name}", reply)
            for index, (name, reply) in enumerate(sources.items())
        }
        locations = {
            name: http.post(endpoint, data={"source": url, "target": target}).headers["location"]
            for name, url in urls.items()
        }
        base = endpoint.removesuffix("/webmention")
        peak_rss, peak_pss = idle_rss, idle_pss
        outcomes: dict[str, dict[str, str]] = {}
        deadline = time.monotonic() + timeout
        while len(outcomes) < len(locations) and time.monotonic() < deadline:
            peak_rss = max(peak_rss, _rss_kib(process.pid))
            peak_pss = max(peak_pss, tree_memory_kib(process.pid)[1])
            for name, where in locations.items():
                if name not in outcomes:
                    record = http.get(base + where, headers={"Accept": "application/json"}).json()
                    if record["status"] != "queued":
                        outcomes[name] = record
            time.sleep(0.02)
        http.close()
    finally:
        process.kill()
        process.wait()
        assert process.stdout is not None
        process.stdout.close()
    return Growth((peak_rss - idle_rss) / 1024, (peak_pss - idle_pss) / 1024, outcomes)


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


__all__ = ["Growth", "measure"]
