"""Reading a fetched page is bounded like fetching it (issue 15, point 1): a page nested 100,000
deep is refused at once, a page slow to read is stopped when the fetch's time budget runs out,
and the receiver keeps checking other sites' sources meanwhile."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from plnpress.fetch.policy import FetchPolicy
from tests.harvest.conftest import FIRST, SECOND, MakeBlog
from tests.harvest.sources import entry_page
from tests.hostile.sources import deep_nesting, gzip_bomb, slow_to_read, tokenizer_trap
from tests.receiver.conftest import StartReceiver, wait_until
from tests.webmention.servers import LocalServer, Reply, html

MakeServer = Callable[..., LocalServer]


def test_webmention_add_refuses_a_page_nested_100000_deep(
    local_server: LocalServer, make_blog: MakeBlog
) -> None:
    root = make_blog()
    source = local_server.route("/deep", deep_nesting(FIRST))
    command = [sys.executable, "-m", "plnpress", "-C", str(root)]
    ran = subprocess.run(
        [*command, "webmention", "add", source, FIRST],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert ran.returncode == 1
    assert "Traceback" not in ran.stderr
    assert ran.stderr.strip() == (
        f"Error: {source}: cannot read {source}: it is nested more than 256 elements deep"
    )


def test_blogroll_discovery_and_new_link_read_within_the_budget_too(
    local_server: LocalServer, make_blog: MakeBlog
) -> None:
    """Siblings: the commands that read a fetched page with the standard library's tokenizer
    read it in a reader too, stopped when the fetch's time budget runs out."""
    trap = local_server.route(
        "/trap", tokenizer_trap('<link rel="alternate" type="application/atom+xml" href="/f">')
    )
    root = make_blog(files={"content/blogroll.yaml": f"- name: Trap\n  url: {trap}\n"})
    command = [sys.executable, "-m", "plnpress", "-C", str(root)]
    both = [
        subprocess.Popen(
            [*command, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for args in (["blogroll", "discover"], ["new", "link", trap])
    ]
    (discover_out, discover_err), (link_out, link_err) = (p.communicate(timeout=60) for p in both)
    assert "Traceback" not in discover_err + link_err
    assert f"reading {trap} took longer than the" in discover_out + discover_err
    assert both[1].returncode == 0, link_err  # the bookmark is made, titled with its address
    said = " ".join((link_out + link_err).split())
    assert f"Could not read the page's title (reading {trap} took longer than the" in said


def test_the_receiver_keeps_checking_other_sites_while_hostile_pages_are_read(
    receiver: StartReceiver, local_server: LocalServer, make_server: MakeServer
) -> None:
    rx = receiver(
        workers=4, fetch=FetchPolicy(allow_private_addresses=True, read_timeout=2, total_timeout=4)
    )
    hostile = {
        "slow-1": slow_to_read(FIRST),
        "slow-2": slow_to_read(FIRST),
        "deep": deep_nesting(FIRST),
        "bomb": gzip_bomb(),
    }
    answers = {
        name: rx.send(local_server.route(f"/{name}", reply), FIRST)
        for name, reply in hostile.items()
    }
    wait_until("two hostile pages to be fetched", lambda: len(local_server.requests) >= 2)
    friendly = make_server("127.0.0.2").route("/reply", html(entry_page(SECOND)))
    answer = rx.send(friendly, SECOND)
    assert answer.status_code == 201  # still answering while pages are read

    assert rx.wait_for_state(answer, "verified", timeout=30)["status"] == "verified"
    still = [name for name, sent in answers.items() if rx.status(sent)["status"] == "queued"]
    assert "slow-1" in still and "slow-2" in still  # the friendly one did not wait for them

    reasons = {
        name: rx.wait_for_state(sent, "rejected", timeout=60)["reason"]
        for name, sent in answers.items()
    }
    for name in ("slow-1", "slow-2"):
        assert "took longer than the" in reasons[name], reasons
        assert "left of the time for fetching and reading it" in reasons[name]
    assert reasons["deep"].endswith("it is nested more than 256 elements deep"), reasons
    assert "does not link to" in reasons["bomb"] and "first megabyte" in reasons["bomb"]


def test_a_reader_that_outlives_its_budget_is_stopped(
    receiver: StartReceiver, local_server: LocalServer, tmp_path: Path
) -> None:
    """No reader process is left behind: the slow page's reader is killed, not abandoned."""
    rx = receiver(fetch=FetchPolicy(allow_private_addresses=True, total_timeout=2))
    sent = rx.send(local_server.route("/slow", slow_to_read(FIRST)), FIRST)
    rx.wait_for_state(sent, "rejected", timeout=30)
    assert _children_of(_forkserver_pid()) == []


def _forkserver_pid() -> int:
    from multiprocessing import forkserver

    server: Any = forkserver._forkserver
    return int(server._forkserver_pid)


def _children_of(pid: int) -> list[int]:
    found = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def test_reading_answering_and_following_read_hostile_pages_within_limits(
    local_server: LocalServer, make_blog: MakeBlog
) -> None:
    """Siblings in the reading and answering commands: a feed page, a site to follow and a page
    to answer, each nested 100,000 deep, are refused quickly with the reason; the friendly feed
    beside them is still read."""
    deep = local_server.route("/deep", deep_nesting(FIRST))
    deep_site = local_server.route("/deep-site/", deep_nesting(FIRST))
    atom = local_server.route(
        "/atom.xml",
        Reply(
            200,
            [("Content-Type", "application/atom+xml")],
            '<?xml version="1.0" encoding="utf-8"?>'
            '<feed xmlns="http://www.w3.org/2005/Atom"><title>Friendly</title>'
            "<id>urn:friendly</id><updated>2025-05-01T00:00:00Z</updated>"
            "<entry><title>A friendly entry</title><id>urn:friendly:1</id>"
            f'<link href="{local_server.url("/friendly/1")}"/>'
            "<updated>2025-05-01T00:00:00Z</updated></entry></feed>".encode(),
        ),
    )
    people = (
        f"- name: Deep\n  url: {deep}\n  feed: {deep}\n"
        f"- name: Friendly\n  url: {local_server.url()}\n  feed: {atom}\n"
    )
    root = make_blog(files={"content/blogroll.yaml": people})
    command = [sys.executable, "-m", "plnpress", "-C", str(root)]
    runs = {
        name: subprocess.run(
            [*command, *args], capture_output=True, text=True, check=False, timeout=60
        )
        for name, args in {
            "read": ["read"],
            "add": ["blogroll", "add", deep_site],
            "reply": ["new", "reply", deep],
        }.items()
    }
    for ran in runs.values():
        assert "Traceback" not in ran.stdout + ran.stderr
    said = {name: " ".join((ran.stdout + ran.stderr).split()) for name, ran in runs.items()}
    nested = "nested more than 256 elements deep"
    assert runs["read"].returncode == 0, said["read"]
    assert "A friendly entry" in said["read"] and nested in said["read"]
    assert runs["add"].returncode == 1 and nested in said["add"]
    assert runs["reply"].returncode == 0 and nested in said["reply"]
    assert (root / "content/blogroll.yaml").read_text() == people
