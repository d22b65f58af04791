"""Load on ``plnpress webmention receive``: concurrent senders over loopback.

A blog of POSTS posts is built into ``bench/.work/receiver-load/``; the receiver runs as its own
process (the real command, uvicorn) with a fresh SQLite file. CLIENTS concurrent senders POST
REQUESTS Webmentions over keep-alive connections: about three in four valid (a source page on
127.0.0.2 that replies to one of the posts, some sent twice), the rest invalid in the ways the
spec digest lists (not a URL, a mailto: source, an unknown page, the home page, source equal to
target, a missing parameter). Reported: requests per second while sending, the answers by
status, how long the worker took to check every queued source afterwards, and a check that every
request answered 201 is in the store under the key its Location names.

The rate limits are lifted (set them with --per-client / --per-source-host to see 429s) and
the queue holds QUEUE (a smaller --queue shows 503s).

    python bench/receiver_load.py [--requests 2000] [--clients 50] [--queue 10000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.command import run_plnpress
from tests.harvest.sources import entry_page
from tests.webmention.blogs import blog_config, post_file
from tests.webmention.servers import LocalServer, RecordedRequest, Reply, html, text

WORK = Path(__file__).resolve().parent / ".work" / "receiver-load"
BLOG = "https://blog.example.org/"
POSTS = 20


def make_blog() -> tuple[Path, list[str]]:
    """A built blog of POSTS posts; its folder and the posts' addresses."""
    shutil.rmtree(WORK, ignore_errors=True)
    root = WORK / "blog"
    (root / "content/posts").mkdir(parents=True)
    (root / "plnpress.yaml").write_text(blog_config(BLOG))
    for number in range(POSTS):
        name = f"content/posts/2025-06-{number + 1:02d}-post-{number}.md"
        (root / name).write_text(post_file(f"post-{number}", "Some text."))
    run_plnpress(root, "build")
    return root, [f"{BLOG}2025/06/post-{n}/" for n in range(POSTS)]


def source_pages(posts: list[str]) -> LocalServer:
    """Sources on 127.0.0.2: ``/s/<n>`` replies to post n % POSTS."""

    def page(request: RecordedRequest) -> Reply:
        found = re.fullmatch(r"/s/(\d+)", request.path)
        if not found:
            return text("not found", status=404)
        return html(entry_page(posts[int(found.group(1)) % len(posts)]))

    server = LocalServer(host="127.0.0.2")
    server.fallback = page
    return server.start()


def start_receiver(
    root: Path, db: Path, args: argparse.Namespace
) -> tuple[subprocess.Popen[str], str]:
    env = {
        **os.environ,
        "PYTHONUNBUFFERED": "1",
        "PLNPRESS_RECEIVER_TOKEN": "bench",
        "PLNPRESS_RECEIVER_PER_CLIENT": str(args.per_client),
        "PLNPRESS_RECEIVER_PER_SOURCE_HOST": str(args.per_source_host),
        "PLNPRESS_RECEIVER_QUEUE_SIZE": str(args.queue),
    }
    command = ["webmention", "receive", "--port", "0", "--db", str(db)]
    process = subprocess.Popen(
        [sys.executable, "-m", "plnpress", "-C", str(root), *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    found = re.search(r" at (http://\S+/webmention)$", process.stdout.readline().strip())
    if not found:
        process.kill()
        raise SystemExit("the receiver did not start")
    return process, found.group(1)


def requests_to_send(count: int, posts: list[str], sources: LocalServer) -> list[dict[str, str]]:
    """About 3 in 4 valid (one in ten of those a repeat), the rest invalid, shuffled."""
    rng = random.Random(7)
    invalid = [
        {"source": "not a url", "target": posts[0]},
        {"source": "mailto:someone@example.net", "target": posts[1]},
        {"source": sources.url("/s/1"), "target": BLOG + "2025/06/no-such-post/"},
        {"source": sources.url("/s/2"), "target": BLOG},
        {"source": posts[3], "target": posts[3]},
        {"target": posts[4]},
    ]
    forms = []
    for n in range(count):
        if n % 4 == 3:
            forms.append(dict(invalid[n % len(invalid)]))
        else:
            source = n % 100 if n % 10 == 5 and n >= 100 else n  # a repeat of an earlier pair
            forms.append({"source": sources.url(f"/s/{source}"), "target": posts[source % POSTS]})
    rng.shuffle(forms)
    return forms


@dataclass(frozen=True)
class Answer:
    status: int
    location: str | None


async def send_all(
    endpoint: str, forms: list[dict[str, str]], clients: int
) -> tuple[float, list[Answer]]:
    """POST every form, `clients` keep-alive connections at a time; the time taken and the
    answers.

    A few lines of HTTP/1.1 on asyncio streams rather than httpx: on this machine httpx's async
    client tops out at a few hundred requests a second, far below the server, and would measure
    itself."""
    parts = urlsplit(endpoint)
    waiting = list(reversed(forms))
    answers: list[Answer] = []

    async def connection() -> None:
        reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
        try:
            while waiting:
                body = urlencode(waiting.pop()).encode()
                writer.write(
                    f"POST {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
                    "Content-Type: application/x-www-form-urlencoded\r\n"
                    f"Content-Length: {len(body)}\r\n\r\n".encode()
                    + body
                )
                head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
                headers = {
                    name.strip().lower(): value.strip()
                    for name, _, value in (line.partition(":") for line in head[1:] if line)
                }
                await reader.readexactly(int(headers.get("content-length", "0")))
                answers.append(Answer(int(head[0].split()[1]), headers.get("location")))
        finally:
            writer.close()
            await writer.wait_closed()

    started = time.perf_counter()
    await asyncio.gather(*(connection() for _ in range(clients)))
    return time.perf_counter() - started, answers


def wait_for_checks(db: Path, timeout: float = 600) -> tuple[float, Counter[str]]:
    """Seconds until nothing is queued any more, and the rows by state."""
    started = time.perf_counter()
    while True:
        states = read_states(db)
        if states["queued"] == 0 or time.perf_counter() - started > timeout:
            return time.perf_counter() - started, states
        time.sleep(0.05)


def read_states(db: Path) -> Counter[str]:
    with sqlite3.connect(db) as connection:
        return Counter(
            dict(connection.execute("SELECT state, count(*) FROM mentions GROUP BY state"))
        )


def stored_keys(db: Path) -> set[str]:
    with sqlite3.connect(db) as connection:
        return {key for (key,) in connection.execute("SELECT key FROM mentions")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--queue", type=int, default=10_000, help="the receiver's queue size")
    parser.add_argument("--per-client", type=int, default=1_000_000, help="requests/minute")
    parser.add_argument("--per-source-host", type=int, default=1_000_000, help="requests/minute")
    args = parser.parse_args()

    root, posts = make_blog()
    sources = source_pages(posts)
    db = WORK / "webmentions.sqlite3"
    receiver, endpoint = start_receiver(root, db, args)
    try:
        forms = requests_to_send(args.requests, posts, sources)
        elapsed, answers = asyncio.run(send_all(endpoint, forms, args.clients))
        drain, states = wait_for_checks(db)
        accepted = {
            a.location.rsplit("/", 1)[-1] for a in answers if a.status == 201 and a.location
        }
        missing = accepted - stored_keys(db)
    finally:
        receiver.terminate()
        receiver.wait(timeout=30)
        sources.stop()

    statuses = Counter(a.status for a in answers)
    print(f"{len(answers)} requests from {args.clients} concurrent clients over loopback")
    print(f"  sending: {elapsed:.2f} s, {len(answers) / elapsed:.0f} requests per second")
    print("  answers: " + ", ".join(f"{code}: {n}" for code, n in sorted(statuses.items())))
    print(
        f"  then every queued source checked in {drain:.2f} s: "
        + ", ".join(f"{state} {n}" for state, n in sorted(states.items()))
    )
    print(
        f"  {len(accepted)} distinct pairs accepted (201); missing from the store: {len(missing)}"
    )
    if missing:
        raise SystemExit(f"accepted but not stored: {sorted(missing)[:10]}")


if __name__ == "__main__":
    main()
