"""Nothing accepted is lost: a request is stored before its answer, a killed or stopped receiver
finds its queue again on the next start, and a stop leaves no thread behind."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import httpx

from tests.harvest.sources import entry_page
from tests.receiver.conftest import FIRST, LINK, SECOND, StartReceiver, read_rows, wait_until
from tests.webmention.servers import LocalServer, Reply, html


def slow(target: str) -> Reply:
    """A source page that takes longer to answer than any test waits."""
    return Reply(200, [("Content-Type", "text/html")], entry_page(target).encode(), delay=30)


def start_command(root: Path, db: Path) -> tuple[subprocess.Popen[str], str]:
    """``plnpress webmention receive`` in the blog folder `root`; returns it and its endpoint."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PLNPRESS_RECEIVER_TOKEN": "t"}
    command = ["webmention", "receive", "--port", "0", "--db", str(db)]
    process = subprocess.Popen(
        [sys.executable, "-m", "plnpress", "-C", str(root), *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    first = process.stdout.readline()
    found = re.search(r" at (http://127\.0\.0\.1:\d+/webmention)$", first.strip())
    assert found, first + process.stdout.read()
    return process, found.group(1)


def test_a_request_is_stored_before_the_answer_and_survives_a_kill(
    receiver: StartReceiver, local_server: LocalServer, built_site: Path, tmp_path: Path
) -> None:
    db = tmp_path / "kill.sqlite3"
    local_server.route("/reply", slow(FIRST))
    process, endpoint = start_command(built_site.parent, db)
    try:
        answer = httpx.post(
            endpoint,
            data={"source": local_server.url("/reply"), "target": FIRST},
            timeout=20,
            trust_env=False,
        )
        process.kill()  # at once: no shutdown, no chance to write anything more
    finally:
        process.kill()
        process.wait()
        assert process.stdout is not None
        process.stdout.close()
    assert answer.status_code == 201, answer.text

    [row] = read_rows(db)
    assert (row["source"], row["target"], row["state"]) == (
        local_server.url("/reply"),
        FIRST,
        "queued",
    )
    assert answer.headers["location"].endswith("/" + row["key"])

    local_server.route("/reply", html(entry_page(FIRST)))
    rx = receiver(db=db)
    assert rx.wait_for_state(answer.headers["location"], "verified")["source"].endswith("/reply")


def test_a_restart_checks_what_was_still_queued(
    receiver: StartReceiver, local_server: LocalServer
) -> None:
    targets = {"a": FIRST, "b": SECOND, "c": LINK}
    for name, target in targets.items():
        local_server.route(f"/{name}", slow(target))
    rx = receiver(workers=1)
    answers = [rx.send(local_server.url(f"/{name}"), t) for name, t in targets.items()]
    wait_until("the first check to start", lambda: local_server.requests_to("/a"))

    rx.stop()  # one check under way, two waiting

    assert [row["state"] for row in rx.rows()] == ["queued"] * 3
    for name, target in targets.items():
        local_server.route(f"/{name}", html(entry_page(target)))
    again = receiver(db=rx.db)
    for answer in answers:
        again.wait_for_state(answer, "verified")
    assert len(again.export()["children"]) == 3


def test_a_stop_ends_every_thread_the_receiver_started(
    receiver: StartReceiver, local_server: LocalServer
) -> None:
    local_server.route("/slow", slow(FIRST))
    rx = receiver()
    rx.send(local_server.url("/slow"), FIRST)
    wait_until("the check to start", lambda: local_server.requests_to("/slow"))
    assert any(t.name.startswith("plnpress-receiver") for t in threading.enumerate())

    rx.stop()

    left = [t.name for t in threading.enumerate() if t.name.startswith("plnpress-receiver")]
    assert left == []
