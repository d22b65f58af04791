"""Wall time of ``plnpress webmention send --wait-live`` fanning out to many targets.

A blog of 10 posts links to HOSTS x TARGETS pages on local servers (127.0.0.2, .3, ...), each
page advertising one endpoint that answers 202 at once. The blog is built and served from its
``site/`` folder on 127.0.0.1, then the real command runs twice: the first run waits for the
pages to be live, discovers every target and sends every notification; the second finds nothing
changed. Prints the time of each run (median of RUNS fresh blogs). Servers answer instantly, so
this measures plnpress's own overhead and its concurrency limits (10 at a time, 2 per host).

    python bench/send_fanout.py [--hosts 4] [--targets 50] [--runs 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.command import run_plnpress
from tests.webmention.blogs import blog_config, post_file
from tests.webmention.servers import LocalServer, Reply, html, static_site

WORK = Path(__file__).resolve().parent / ".work"
POSTS = 10


def run_once(hosts: int, targets: int) -> tuple[float, float]:
    blog = LocalServer().start()
    servers = [LocalServer(host=f"127.0.0.{n}").start() for n in range(2, hosts + 2)]
    try:
        urls = []
        for server in servers:
            server.route("/wm", Reply(202, [], b"accepted"))
            page = html('<link rel="webmention" href="/wm">')
            urls += [server.route(f"/page/{n}", page) for n in range(targets)]
        root = WORK / "send-fanout"
        shutil.rmtree(root, ignore_errors=True)
        (root / "content/posts").mkdir(parents=True)
        (root / "plnpress.yaml").write_text(blog_config(blog.url("/")))
        for number in range(POSTS):
            links = " ".join(f"[{n}]({url})" for n, url in enumerate(urls[number::POSTS]))
            name = f"content/posts/2025-06-{number + 1:02d}-post-{number}.md"
            (root / name).write_text(post_file(f"post-{number}", links))
        blog.fallback = static_site(root / "site")
        run_plnpress(root, "build")
        return timed(root), timed(root)
    finally:
        for server in (blog, *servers):
            server.stop()


def timed(root: Path) -> float:
    started = time.perf_counter()
    run_plnpress(root, "webmention", "send", "--wait-live")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hosts", type=int, default=4)
    parser.add_argument("--targets", type=int, default=50, help="pages per host")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    results = [run_once(args.hosts, args.targets) for _ in range(args.runs)]
    total = args.hosts * args.targets
    first = statistics.median(r[0] for r in results)
    second = statistics.median(r[1] for r in results)
    print(f"{total} notifications from {POSTS} posts to {args.hosts} hosts, {args.runs} runs:")
    print(f"  first run (wait live, discover, send): median {first:.2f} s")
    print(f"  second run (nothing changed):          median {second:.2f} s")


if __name__ == "__main__":
    main()
