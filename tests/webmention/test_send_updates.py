"""Updates and deletes through ``plnpress webmention send``: webmention.rocks update 1, update 2
and delete 1, rebuilt with one-time endpoint keys, and a second run that sends nothing.

Every target page advertises ``/webmention?key=<key>`` with a new key each time it is fetched,
and a key works once, so reusing an endpoint stored from an earlier run, or dropping its query
string, is refused. The receiver verifies each notification by fetching the source from the
blog's server, which serves the built site as Netlify would (410 for deleted entries).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from plnpress.webmention.send.sent_log import Result
from tests.modes import SHARED, STRICT_UMASK, mode, share, umask
from tests.webmention.blogs import SendBlog, summary
from tests.webmention.rocks import RocksReceiver
from tests.webmention.servers import LocalServer

MakeServer = Callable[..., LocalServer]


def keys_used(receiver: RocksReceiver, target: str) -> list[str]:
    return [v.key for v in receiver.received if v.target == target]


def test_update_adding_a_link_resends_to_both(send_blog: SendBlog, make_server: MakeServer) -> None:
    rocks = RocksReceiver(make_server("127.0.0.2"))
    first, second = rocks.page("/update/1"), rocks.page("/update/1/part/2")
    post = send_blog.post("updating", f"Replying to [your test]({first}).")
    send_blog.deploy()

    ran = send_blog.send()

    assert ran.code == 0, ran.output
    assert ran.err == "", "no progress bar when stderr is not a terminal"
    assert rocks.verdicts(first) == ["linked"]
    assert rocks.verdicts(second) == []

    send_blog.post("updating", f"Replying to [your test]({first}) and [part 2]({second}).")
    send_blog.deploy()
    ran = send_blog.send()

    assert ran.code == 0, ran.output
    assert rocks.verdicts(first) == ["linked", "linked"]
    assert rocks.verdicts(second) == ["linked"]
    assert {second, first} <= next(v.links for v in rocks.received if v.target == second)
    first_keys = keys_used(rocks, first)
    assert len(set(first_keys)) == 2, "the endpoint was discovered again, with a new key"
    attempts = send_blog.attempts(post, first)
    assert [a.result for a in attempts] == [Result.SENT, Result.SENT]
    assert attempts[0].entry_hash != attempts[1].entry_hash
    assert [a.endpoint for a in attempts] == [
        rocks.server.url(f"/webmention?key={key}") for key in first_keys
    ]


def test_update_removing_a_link_tells_the_page_no_longer_linked(
    send_blog: SendBlog, make_server: MakeServer
) -> None:
    rocks = RocksReceiver(make_server("127.0.0.2"))
    first, second = rocks.page("/update/2"), rocks.page("/update/2/part/2")
    post = send_blog.post("removing", f"See [one]({first}) and [two]({second}).")
    send_blog.deploy()
    assert send_blog.send().code == 0
    assert (rocks.verdicts(first), rocks.verdicts(second)) == (["linked"], ["linked"])

    send_blog.post("removing", f"See [one]({first}) only.")
    send_blog.deploy()
    ran = send_blog.send("--wait-live")

    assert ran.code == 0, ran.output
    assert rocks.verdicts(first) == ["linked", "linked"]
    assert rocks.verdicts(second) == ["linked", "unlinked"]
    last_seen = [v for v in rocks.received if v.target == first][-1]
    assert second not in last_seen.links
    assert f"{post} -> {second}" in ran.out
    assert [a.result for a in send_blog.attempts(post, second)] == [Result.SENT, Result.SENT]


def test_delete_serves_410_and_renotifies_every_target(
    send_blog: SendBlog, make_server: MakeServer
) -> None:
    rocks = RocksReceiver(make_server("127.0.0.2"))
    target = rocks.page("/delete/1")
    post = send_blog.post("deleting", f"About [your post]({target}).")
    send_blog.deploy()
    assert send_blog.send().code == 0
    assert rocks.verdicts(target) == ["linked"]

    send_blog.post("deleting", f"About [your post]({target}).", deleted=True)
    send_blog.deploy()
    ran = send_blog.send("--wait-live")

    assert ran.code == 0, ran.output
    assert rocks.verdicts(target) == ["linked", "deleted"]
    deleted = rocks.received[-1]
    assert deleted.status == 410
    assert target not in deleted.links
    assert send_blog.attempts(post, target)[-1].result is Result.SENT
    assert send_blog.send().code == 0
    assert rocks.verdicts(target) == ["linked", "deleted"], "a deleted entry is announced once"


def test_an_unchanged_second_run_sends_nothing(
    send_blog: SendBlog, make_server: MakeServer
) -> None:
    rocks = RocksReceiver(make_server("127.0.0.2"))
    targets = [rocks.page(f"/post/{n}") for n in range(4)]
    send_blog.post("three", " ".join(f"[{n}]({url})" for n, url in enumerate(targets[:3])))
    send_blog.post("other", f"Also [this]({targets[3]}).", day=date(2025, 6, 2))
    send_blog.deploy()
    assert send_blog.send().code == 0
    assert len(rocks.received) == 4
    logged = send_blog.log_path.read_bytes()
    requests_before = len(rocks.server.requests)

    ran = send_blog.send()

    assert ran.code == 0, ran.output
    assert len(rocks.server.requests) == requests_before
    assert send_blog.log_path.read_bytes() == logged
    assert summary(ran) == {"sent": 0, "no endpoint": 0, "failed": 0, "skipped": 0, "unchanged": 4}
    assert "Nothing to send" in ran.out


def test_the_sent_log_keeps_its_mode_when_a_run_adds_to_it(
    send_blog: SendBlog, make_server: MakeServer
) -> None:
    rocks = RocksReceiver(make_server("127.0.0.2"))
    first, second = rocks.page("/update/1"), rocks.page("/update/1/part/2")
    post = send_blog.post("updating", f"Replying to [your test]({first}).")
    send_blog.deploy()
    assert send_blog.send().code == 0
    share(send_blog.log_path)
    send_blog.post("updating", f"Replying to [your test]({first}) and [part 2]({second}).")
    send_blog.deploy()

    with umask(STRICT_UMASK):
        ran = send_blog.send()

    assert ran.code == 0, ran.output
    assert len(send_blog.attempts(post, first)) == 2
    assert mode(send_blog.log_path) == SHARED
