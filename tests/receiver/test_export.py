"""``GET /webmention/export``: token-protected JF2 of what changed since N, and ``plnpress
webmention pull`` reading it from anywhere into ``content/mentions/``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from plnpress.config import load_config
from plnpress.webmention.harvest.receiver_export import RECEIVER_TOKEN_ENV
from plnpress.webmention.harvest.run import PullReport, pull
from plnpress.webmention.harvest.webmention_io import TOKEN_ENV
from tests.conftest import MakeSite
from tests.harvest.conftest import blog_config, run_with_client
from tests.harvest.sources import entry_page, h_card
from tests.receiver.conftest import (
    BLOG_FILES,
    FIRST,
    SECOND,
    TOKEN,
    RunningReceiver,
    StartReceiver,
)
from tests.webmention.servers import LocalServer, chain, html


def test_the_export_needs_the_token(receiver: StartReceiver) -> None:
    rx = receiver()
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}):
        answer = rx.http.get("/webmention/export", headers=headers)
        assert answer.status_code == 401
        assert answer.headers["www-authenticate"].startswith("Bearer")
    assert rx.http.get("/webmention/export?token=" + TOKEN).status_code == 401
    closed = receiver(token=None, db=rx.db.with_name("closed.sqlite3"))
    answer = closed.http.get("/webmention/export", headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 403 and "PLNPRESS_RECEIVER_TOKEN" in answer.text


def test_the_export_pages_through_changes_in_order(
    receiver: StartReceiver, local_server: LocalServer
) -> None:
    rx = receiver()
    sources = [local_server.route(f"/r{n}", html(entry_page(FIRST))) for n in range(5)]
    for source in sources:
        rx.wait_for_state(rx.send(source, FIRST), "verified")

    pages, since = [], 0
    while True:
        page = rx.export(since=since, limit=2)
        if page["last"] == since:
            break
        pages.append([child["wm-id"] for child in page["children"]])
        since = page["last"]

    assert pages == [[1, 2], [3, 4], [5]]
    assert rx.export(since=5) == {
        "type": "feed",
        "name": f"Webmentions received for {FIRST.split('/2025')[0]}/",
        "since": 5,
        "last": 5,
        "newest": 5,
        "children": [],
        "deleted": [],
    }
    bad = rx.http.get("/webmention/export?since=x", headers={"Authorization": f"Bearer {TOKEN}"})
    assert bad.status_code == 400


def blog_reading(make_site: MakeSite, rx: RunningReceiver) -> Path:
    """A blog folder (not built) whose config points ``pull`` at the receiver `rx`."""
    config = blog_config(extra=f"  receiver: {rx.url}/\n")
    return make_site({"plnpress.yaml": config, **BLOG_FILES})


def do_pull(root: Path, **options: object) -> PullReport:
    config = load_config(root)
    return run_with_client(lambda client: pull(config, client, **options))  # type: ignore[arg-type]


def run_pull(root: Path, token: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in (TOKEN_ENV, RECEIVER_TOKEN_ENV)}
    if token is not None:
        env[RECEIVER_TOKEN_ENV] = token
    return subprocess.run(
        [sys.executable, "-m", "plnpress", "-C", str(root), "webmention", "pull"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_pull_reads_the_export_and_remembers_where_it_stopped(
    receiver: StartReceiver, local_server: LocalServer, make_site: MakeSite
) -> None:
    rx = receiver()
    reply = local_server.route("/reply", html(entry_page(FIRST, author=h_card("Jo", "/jo"))))
    like = local_server.route("/like", html(entry_page(SECOND, "like-of")))
    for source, target in ((reply, FIRST), (like, SECOND)):
        rx.wait_for_state(rx.send(source, target), "verified")
    root = blog_reading(make_site, rx)

    result = run_pull(root, TOKEN)

    assert result.returncode == 0, result.stderr
    assert "receiver: 2 new or changed since last pull" in result.stderr
    assert "Responses: 2 new (0 waiting for review)" in result.stdout
    first = (root / "content/mentions/2025-04-first-post.yaml").read_text()
    assert f"- source: {reply}\n" in first and "via: receiver" in first
    assert "name: Jo\n" in first
    second = (root / "content/mentions/2025-05-second-post.yaml").read_text()
    assert f"- source: {like}\n" in second and "kind: like" in second
    state = (root / "content/mentions/_harvest.yaml").read_text()
    assert "receiver:\n  since: 2\n" in state
    assert TOKEN not in first + second + state + result.stdout + result.stderr

    again = run_pull(root, TOKEN)
    assert "receiver: 0 new or changed since last pull" in again.stderr
    assert "Responses: 0 new" in again.stdout
    assert len(local_server.requests_to("/reply")) == 2  # the receiver's check and pull's


def test_pull_removes_what_the_receiver_deleted(
    receiver: StartReceiver, local_server: LocalServer, make_site: MakeSite
) -> None:
    rx = receiver()
    page = html(entry_page(FIRST))
    source = local_server.route("/reply", chain([page, page, html("gone", status=410)]))
    rx.wait_for_state(rx.send(source, FIRST), "verified")
    root = blog_reading(make_site, rx)
    assert len(do_pull(root, receiver_token=TOKEN).stored) == 1

    rx.wait_for_state(rx.send(source, FIRST), "deleted")
    report = do_pull(root, receiver_token=TOKEN)

    assert report.removed == [(source, FIRST, "answered 410 Gone")]
    assert not (root / "content/mentions/2025-04-first-post.yaml").exists()
    state = (root / "content/mentions/_harvest.yaml").read_text()
    assert f"source: {source}" in state and "since: 2" in state


def test_pull_reads_a_replaced_database_from_the_start(
    receiver: StartReceiver, local_server: LocalServer, make_site: MakeSite
) -> None:
    rx = receiver()
    source = local_server.route("/reply", html(entry_page(FIRST)))
    rx.wait_for_state(rx.send(source, FIRST), "verified")
    root = blog_reading(make_site, rx)
    (root / "content/mentions").mkdir(parents=True)
    (root / "content/mentions/_harvest.yaml").write_text("receiver:\n  since: 40\n")

    report = do_pull(root, receiver_token=TOKEN)

    assert [r.source for r in report.stored] == [source]
    assert "its database must be new or restored, so it was read from the start" in report.notes[0]
    assert "since: 1\n" in (root / "content/mentions/_harvest.yaml").read_text()


def test_pull_does_not_trust_the_export(
    receiver: StartReceiver, local_server: LocalServer, make_site: MakeSite
) -> None:
    rx = receiver()
    page = html(entry_page(FIRST))
    moved = html(entry_page("https://x.example/"))
    source = local_server.route("/reply", chain([page, moved]))
    rx.wait_for_state(rx.send(source, FIRST), "verified")
    root = blog_reading(make_site, rx)

    report = do_pull(root, receiver_token=TOKEN)

    assert report.stored == []
    assert report.skipped == [(source, FIRST, f"does not link to {FIRST}")]


def test_pull_without_the_token_says_so_and_a_wrong_one_stops_it(
    receiver: StartReceiver, make_site: MakeSite
) -> None:
    rx = receiver()
    root = blog_reading(make_site, rx)

    missing = run_pull(root, None)
    wrong = run_pull(root, "not-the-token")

    assert missing.returncode == 0
    assert f"PLNPRESS_RECEIVER_TOKEN is not set, so {rx.url}/ was not asked" in missing.stderr
    assert wrong.returncode == 1
    assert "refused the token (401); set the receiver's token in PLNPRESS_RECEIVER_TOKEN" in (
        wrong.stderr
    )
