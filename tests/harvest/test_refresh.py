"""``pull --refresh`` and the deletions feed: gone sources leave for good, slow ones stay."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from plnpress.config import load_config
from plnpress.webmention.harvest.run import PullReport, add, pull
from tests.harvest.conftest import FIRST, MakeBlog, run_with_client
from tests.harvest.sources import TOKEN, WebmentionIo, entry_page, jf2
from tests.webmention.servers import LocalServer, Reply, chain, html

MakeServer = Callable[..., LocalServer]
WHEN = datetime(2025, 7, 1, tzinfo=UTC)


def do_pull(root: Path, **options: object) -> PullReport:
    config = load_config(root)
    return run_with_client(lambda client: pull(config, client, now=WHEN, **options))  # type: ignore[arg-type]


def do_add(root: Path, source: str, target: str | None = FIRST) -> PullReport:
    config = load_config(root)
    return run_with_client(lambda client: add(config, client, source, target, now=WHEN))


def stored(root: Path) -> str:
    path = root / "content/mentions/2025-04-first-post.yaml"
    return path.read_text() if path.exists() else ""


def test_refresh_removes_a_gone_source_and_keeps_a_slow_one(
    local_server: LocalServer, make_blog: MakeBlog
) -> None:
    root = make_blog()
    page = html(entry_page(FIRST))
    gone = local_server.route("/gone", chain([page, html("gone", status=410)]))
    slow = local_server.route("/slow", chain([page, Reply(200, page.headers, page.body, delay=3)]))
    moved = local_server.route("/moved", chain([page, html(entry_page("https://x.example/"))]))
    broken = local_server.route("/broken", chain([page, html("oops", status=502)]))
    for source in (gone, slow, moved, broken):
        do_add(root, source)
    assert all(f"- source: {s}\n" in stored(root) for s in (gone, slow, moved, broken))

    report = do_pull(root, refresh=True)

    assert sorted(source for source, _, _ in report.removed) == sorted([gone, moved])
    text = stored(root)
    assert f"- source: {slow}\n" in text and f"- source: {broken}\n" in text
    assert gone not in text and moved not in text
    state = (root / "content/mentions/_harvest.yaml").read_text()
    assert f"source: {gone}" in state and "answered 410 Gone" in state
    assert f"source: {moved}" in state and "does not link" in state


def test_a_deleted_response_never_comes_back(
    local_server: LocalServer, make_server: MakeServer, make_blog: MakeBlog
) -> None:
    service = WebmentionIo(make_server("127.0.0.2"))
    root = make_blog(api=service.api)
    page = html(entry_page(FIRST))
    source = local_server.route("/r", chain([page, html("gone", status=410), page]))
    service.mentions = [jf2(1, source, FIRST, "in-reply-to")]
    assert len(do_pull(root, token=TOKEN).stored) == 1
    assert len(do_pull(root, refresh=True).removed) == 1
    service.mentions.append(jf2(2, source, FIRST, "in-reply-to"))  # sent again, page is back
    report = do_pull(root, token=TOKEN)
    assert report.stored == [] and "was deleted" in report.skipped[0][2]
    assert source not in stored(root)


def test_the_deletions_feed_triggers_a_recheck(
    local_server: LocalServer, make_server: MakeServer, make_blog: MakeBlog
) -> None:
    service = WebmentionIo(make_server("127.0.0.2"))
    root = make_blog(api=service.api)
    page = html(entry_page(FIRST))
    still = local_server.route("/still", page)
    gone = local_server.route("/gone", chain([page, html("gone", status=410)]))
    service.mentions = [jf2(1, still, FIRST), jf2(2, gone, FIRST)]
    do_pull(root, token=TOKEN)
    service.deletions = [
        {"wm-id": 7, "wm-source": s, "wm-target": FIRST, "wm-deleted": "x"} for s in (still, gone)
    ]
    report = do_pull(root, token=TOKEN)
    assert [source for source, _, _ in report.removed] == [gone]
    assert still in stored(root)  # webmention.io forgot it; its page still links here
    assert "deleted_since_id: 7" in (root / "content/mentions/_harvest.yaml").read_text()


def test_a_service_without_a_deletions_feed_is_fine(
    local_server: LocalServer, make_server: MakeServer, make_blog: MakeBlog
) -> None:
    service = WebmentionIo(make_server("127.0.0.2"), deleted_feed=False)
    root = make_blog(api=service.api)
    service.mentions = [jf2(1, local_server.route("/r", html(entry_page(FIRST))), FIRST)]
    assert len(do_pull(root, token=TOKEN).stored) == 1


def test_an_unreachable_new_source_is_retried_then_given_up(
    local_server: LocalServer, make_server: MakeServer, make_blog: MakeBlog
) -> None:
    service = WebmentionIo(make_server("127.0.0.2"))
    root = make_blog(api=service.api)
    source = local_server.route("/down", html("down", status=503))
    service.mentions = [jf2(1, source, FIRST)]
    first = do_pull(root, token=TOKEN)
    assert first.retrying and not first.stored
    assert "attempts: 1" in (root / "content/mentions/_harvest.yaml").read_text()
    for _ in range(4):
        do_pull(root, token=TOKEN)
    last = do_pull(root, token=TOKEN)
    assert not last.retrying and "5 tries" in last.skipped[0][2]
    assert "retry" not in (root / "content/mentions/_harvest.yaml").read_text()
    local_server.route("/down", html(entry_page(FIRST)))
    assert do_pull(root, token=TOKEN).stored == []  # given up means given up


def test_an_updated_source_updates_the_stored_response(
    local_server: LocalServer, make_blog: MakeBlog
) -> None:
    root = make_blog()
    source = local_server.route("/r", html(entry_page(FIRST, content="<p>First words.</p>")))
    do_add(root, source)
    local_server.route("/r", html(entry_page(FIRST, content="<p>Better words.</p>")))
    report = do_pull(root, refresh=True)
    assert len(report.updated) == 1
    assert "Better words" in stored(root) and "First words" not in stored(root)
    assert do_pull(root, refresh=True).updated == []  # idempotent


def test_add_on_the_command_line(local_server: LocalServer, make_blog: MakeBlog) -> None:
    import subprocess
    import sys

    root = make_blog()
    good = local_server.route("/good", html(entry_page(FIRST)))
    unrelated = local_server.route("/other", html(entry_page("https://x.example/")))

    def add_cli(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "plnpress", "-C", str(root), "webmention", "add", *args]
        return subprocess.run(command, capture_output=True, text=True, check=False)

    done = add_cli(good)
    assert done.returncode == 0, done.stderr
    assert f"stored reply from {good} (approved)" in done.stdout
    refused = add_cli(unrelated, FIRST)
    assert refused.returncode == 1 and "does not link to" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert add_cli("javascript:alert(1)").returncode == 2


def test_webmention_io_fields_fill_gaps_and_are_cleaned_the_same_way(
    local_server: LocalServer, make_server: MakeServer, make_blog: MakeBlog
) -> None:
    from tests.harvest.sources import plain_page

    service = WebmentionIo(make_server("127.0.0.2"))
    root = make_blog(api=service.api)
    source = local_server.route("/p", html(plain_page(f"<a href='{FIRST}'>a post</a>")))
    hostile_author = {
        "type": "card",
        "name": "<img src=x onerror=alert(1)>Mal\u202eory",
        "url": "javascript:alert(1)",
        "photo": "data:image/png;base64,AAAA",
    }
    service.mentions = [
        jf2(
            1, source, FIRST, "in-reply-to", author=hostile_author, published="2025-05-05T10:00:00Z"
        )
    ]
    stored_now = do_pull(root, token=TOKEN).stored
    assert len(stored_now) == 1
    author = stored_now[0].author
    assert author.name == "<img src=x onerror=alert(1)>Malory"  # plain text, escaped when shown
    assert (author.url, author.photo) == (None, None)
    assert stored_now[0].published == datetime(2025, 5, 5, 10, tzinfo=UTC)
    assert "javascript" not in stored(root) and "data:image" not in stored(root)
