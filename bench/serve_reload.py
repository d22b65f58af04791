"""Save-to-reload time of ``plnpress serve`` on a generated blog (1,000 posts by default).

The blog is one of bench/kinds.py's corpora (bench/corpus.py's by default). Starts the real
command, then ~20 times: opens a post's reload stream (as the page's script does), saves an
edit to that post's Markdown file, and times until the stream says ``reload``. That is the
whole wait a writer sees: the file watcher, the coalescing pause, the rebuild and the event.
Prints the median (and the spread) and the time of the first build.

    python bench/serve_reload.py [--posts 1000] [--edits 20] [--kind bench|inline-heavy]
"""

from __future__ import annotations

import argparse
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from queue import Queue

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import Post, write_plnpress
from bench.kinds import KINDS

WORK = Path(__file__).resolve().parent / ".work"


def make_blog(posts: int, kind: str = "bench") -> tuple[Path, list[Post]]:
    """A fresh copy of a corpus as a plnpress blog (edits must not leak between runs)."""
    root = WORK / f"serve-{kind}-{posts}"
    if root.exists():
        shutil.rmtree(root)
    corpus = KINDS[kind](posts)
    return write_plnpress(corpus, root), corpus


class Server:
    """``plnpress serve --port 0`` on the corpus, its stdout drained in a thread; its stderr
    (a warning per foreign tag of the real corpus, after every rebuild: tens of thousands of
    lines) kept aside and shown only if it does not start."""

    def __init__(self, root: Path) -> None:
        started = time.perf_counter()
        self.errors = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "plnpress", "-C", str(root), "serve", "--port", "0"],
            stdout=subprocess.PIPE,
            stderr=self.errors,
            text=True,
        )
        self.lines: Queue[str | None] = Queue()
        self._reader = threading.Thread(target=self._read)
        self._reader.start()
        self.url = self._wait_for_url()
        self.startup_seconds = time.perf_counter() - started
        self.origin = re.sub(r"(https?://[^/]+).*", r"\1", self.url)

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def _wait_for_url(self) -> str:
        while (line := self.lines.get(timeout=600)) is not None:
            if found := re.search(r"Serving (http://\S+)", line):
                return found.group(1)
        self.errors.seek(0)
        said = "".join(self.errors.readlines()[-20:])
        raise SystemExit(f"plnpress serve did not start:\n{said}")

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)
        code = self.process.wait(timeout=60)
        self._reader.join()
        assert self.process.stdout is not None
        self.process.stdout.close()
        self.errors.close()
        return code


def time_one_save(client: httpx.Client, server: Server, root: Path, post: Post, edit: int) -> float:
    """Seconds from saving ``post`` to its page being told to reload."""
    page = server.url.rstrip("/") + f"/{post.date:%Y}/{post.date:%m}/{post.slug}/"
    served = client.get(page)
    served.raise_for_status()
    version = re.search(r'desc="([^"]+)"', served.headers["server-timing"])
    assert version is not None
    params = {"path": httpx.URL(page).path, "since": version.group(1)}
    with client.stream("GET", server.origin + "/__plnpress/events", params=params) as events:
        lines = events.iter_lines()
        for line in lines:
            if line == ": connected":
                break
        path = root / "content" / "posts" / f"{post.slug}.md"
        text = path.read_text(encoding="utf-8") + f"\nEdit number {edit}.\n"
        saved = time.perf_counter()
        path.write_text(text, encoding="utf-8")
        for line in lines:
            if line == "event: reload":
                return time.perf_counter() - saved
    raise RuntimeError("the event stream ended without a reload")


def measure(
    posts: int, edits: int, verbose: bool = False, kind: str = "bench"
) -> tuple[float, float]:
    """The median save-to-reload time over ``edits`` saves, and the first build's time."""
    root, corpus = make_blog(posts, kind)
    server = Server(root)
    if verbose:
        print(f"first build and start: {server.startup_seconds:.2f} s ({posts} posts)")
    timings = []
    try:
        with httpx.Client(timeout=120) as client:
            for edit in range(edits):
                number = (edit * 37) % posts
                timings.append(time_one_save(client, server, root, corpus[number], edit))
                if verbose:
                    print(
                        f"  save {edit + 1:2d}: post {number:4d} reloaded after {timings[-1]:.3f} s"
                    )
    finally:
        code = server.stop()
    if verbose:
        print(
            f"save-to-reload over {len(timings)} saves: median {statistics.median(timings):.3f} s "
            f"(min {min(timings):.3f} s, max {max(timings):.3f} s); serve exited {code}"
        )
    return statistics.median(timings), server.startup_seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--kind", default="bench", choices=sorted(KINDS))
    args = parser.parse_args()
    measure(args.posts, args.edits, verbose=True, kind=args.kind)


if __name__ == "__main__":
    main()
