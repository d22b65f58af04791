"""``plnpress webmention send`` end to end: retries, Pingback, the address guard, --wait-live,
one discovery per target per run, and what is never sent.

The blog is served from its built ``site/`` folder on 127.0.0.1; targets and endpoints live on
other local servers. Nothing is mocked between the command and the sockets.
"""

from __future__ import annotations

import threading
import xmlrpc.client
from collections.abc import Callable
from datetime import date

from plnpress.webmention.send.sent_log import Result
from tests.webmention.blogs import SendBlog, summary
from tests.webmention.rocks import ACCEPTED, RocksReceiver, layout
from tests.webmention.servers import (
    LocalServer,
    RecordedRequest,
    Reply,
    chain,
    html,
    static_site,
    text,
)

MakeServer = Callable[..., LocalServer]


def endpoint_page(server: LocalServer, path: str, endpoint: str = "/wm") -> str:
    """A target page at `path` advertising `endpoint` in a <link>; returns its URL."""
    return server.route(path, html(layout(head=f'<link rel="webmention" href="{endpoint}">')))


def posts_to(server: LocalServer, path: str) -> list[RecordedRequest]:
    return server.requests_to(path, "POST")


# --- retrying ----------------------------------------------------------------------------------


def test_429_is_retried_after_the_wait_it_asks_for(
    send_blog: SendBlog, make_server: MakeServer
) -> None:
    them = make_server("127.0.0.2")
    target = endpoint_page(them, "/busy")
    busy = Reply(429, [("Retry-After", "1"), ("Content-Type", "text/plain")], b"slow down")
    them.route("/wm", chain([busy, ACCEPTED]))
    post = send_blog.post("patient", f"[busy]({target})")
    send_blog.deploy()

    ran = send_blog.send()

    assert ran.code == 0, ran.output
    assert len(posts_to(them, "/wm")) == 2
    (attempt,) = send_blog.attempts(post, target)
    assert (attempt.result, attempt.status) == (Result.SENT, 202)


def test_what_still_fails_is_recorded_and_retried_next_run(
    send_blog: SendBlog, make_server: MakeServer
) -> None:
    them = make_server("127.0.0.2")
    target = endpoint_page(them, "/down")
    # Asked to come back in an hour: longer than a run waits, so it is left for the next run.
    them.route("/wm", Reply(503, [("Retry-After", "3600")], b"down for maintenance"))
    post = send_blog.post("persistent", f"[down]({target})")
    send_blog.deploy()

    ran = send_blog.send()

    assert ran.code == 1
    assert summary(ran)["failed"] == 1
    assert "down for maintenance" in ran.out
    (failed,) = send_blog.attempts(post, target)
    assert (failed.result, failed.status) == (Result.FAILED, 503)
    assert failed.endpoint == them.url("/wm")
    assert "down for maintenance" in (failed.message or "")

    them.route("/wm", ACCEPTED)
    ran = send_blog.send()

    assert ran.code == 0, ran.output
    assert [a.result for a in send_blog.attempts(post, target)] == [Result.FAILED, Result.SENT]
    assert len(posts_to(them, "/wm")) == 2
    assert send_blog.send().code == 0
    assert len(posts_to(them, "/wm")) == 2


def test_a_4xx_is_not_retried_now_or_next_run(send_blog: SendBlog, make_server: MakeServer) -> None:
    them = make_server("127.0.0.2")
    target = endpoint_page(them, "/strict")
    them.route("/wm", text("source does not link here", status=400))
    post = send_blog.post("refused", f"[strict]({target})")
    send_blog.deploy()

    ran = send_blog.send()

    assert ran.code == 1
    assert "source does not link here" in ran.out
    assert send_blog.attempts(post, target)[0].result is Result.REFUSED
    assert send_blog.send().code == 0
    assert len(posts_to(them, "/wm")) == 1


# --- Pingback ----------------------------------------------------------------------------------


def test_pingback_when_there_is_no_webmention_endpoint(
    send_blog: SendBlog, make_server: MakeServer
) -> None:
    old = make_server("127.0.0.2")
    target = old.route("/article", html(layout(), headers=[("X-Pingback", old.url("/xmlrpc"))]))
    answer = xmlrpc.client.dumps(("Thanks for the ping",), methodresponse=True)
    old.route("/xmlrpc", text(answer, content_type="text/xml"))
    faulty = old.route(
        "/other", html(layout(head=f'<link rel="pingback" href="{old.url("/faults")}">'))
    )
    fault = xmlrpc.client.dumps(xmlrpc.client.Fault(0x21, "no"), methodresponse=True)
    old.route("/faults", text(fault, content_type="text/xml"))
    post = send_blog.post("pinging", f"[article]({target}) and [other]({faulty})")
    send_blog.deploy()

    ran = send_blog.send()

    (call,) = posts_to(old, "/xmlrpc")
    assert xmlrpc.client.loads(call.body) == ((post, target), "pingback.ping")
    (sent,) = send_blog.attempts(post, target)
    assert (sent.result, sent.pingback, sent.endpoint) == (Result.SENT, old.url("/xmlrpc"), None)
    (refused,) = send_blog.attempts(post, faulty)
    assert refused.result is Result.REFUSED
    assert "the specified target URI cannot be used as a target" in (refused.message or "")
    assert ran.code == 1


# --- safety ------------------------------------------------------------------------------------


def test_the_guard_refuses_local_addresses_when_the_switch_is_off(
    send_blog: SendBlog, make_server: MakeServer
) -> None:
    them = make_server("127.0.0.1")
    target = endpoint_page(them, "/local")
    them.route("/wm", ACCEPTED)
    send_blog.configure(allow_private_addresses=False)
    post = send_blog.post("careful", f"[local]({target})")
    send_blog.deploy()

    ran = send_blog.send()

    assert ran.code == 1
    assert them.requests == []
    (refused,) = send_blog.attempts(post, target)
    assert refused.result is Result.REFUSED
    assert "loopback" in (refused.message or "")


# --- --wait-live -------------------------------------------------------------------------------


def deploy_after(blog: SendBlog, path: str, misses: int) -> None:
    """Answer 404 for `path` the first `misses` times, as if the deploy were still going on."""
    site = static_site(blog.root / "site")
    blog.server.route(path, _then(chain([text("not yet", status=404)] * misses), misses, site))


def _then(
    first: Callable[[RecordedRequest], Reply],
    count: int,
    after: Callable[[RecordedRequest], Reply],
) -> Callable[[RecordedRequest], Reply]:
    served = [0]

    def handler(request: RecordedRequest) -> Reply:
        served[0] += 1
        return first(request) if served[0] <= count else after(request)

    return handler


def test_wait_live_sends_once_the_page_links_to_the_target(
    send_blog: SendBlog, make_server: MakeServer
) -> None:
    rocks = RocksReceiver(make_server("127.0.0.2"))
    target = rocks.page("/verifies")
    send_blog.post("live", f"[you]({target})")
    send_blog.deploy()
    deploy_after(send_blog, "/2025/06/live/", misses=2)

    ran = send_blog.send("--wait-live")

    assert ran.code == 0, ran.output
    assert rocks.verdicts(target) == ["linked"]
    fetched = send_blog.server.requests_to("/2025/06/live/")
    assert len(fetched) == 4, "two misses, the live page, then the receiver's check"


def test_wait_live_gives_up_and_sends_nothing(send_blog: SendBlog, make_server: MakeServer) -> None:
    rocks = RocksReceiver(make_server("127.0.0.2"))
    target = rocks.page("/never")
    send_blog.post("never-live", "The version that is live, without the link.")
    send_blog.deploy()
    post = send_blog.post("never-live", f"The version not deployed yet links to [you]({target}).")

    ran = send_blog.send("--wait-live", "--timeout", "1")

    assert ran.code == 1
    assert f"does not link to {target} yet" in ran.out
    assert rocks.server.requests == []
    assert not send_blog.log_path.exists()
    assert post in ran.out


# --- which pairs are sent ----------------------------------------------------------------------


def test_a_target_linked_from_several_entries_is_discovered_once(
    send_blog: SendBlog, make_server: MakeServer
) -> None:
    them = make_server("127.0.0.2")
    target = endpoint_page(them, "/popular")
    them.route("/wm", ACCEPTED)
    sources = [
        send_blog.post(f"fan-{n}", f"[popular]({target}) and [again]({target}#comments)")
        for n in range(3)
    ]
    send_blog.deploy()

    ran = send_blog.send()

    assert ran.code == 0, ran.output
    assert len(them.requests_to("/popular", "GET")) == 1
    notified = sorted((p.form["source"][0], p.form["target"][0]) for p in posts_to(them, "/wm"))
    expected = [(s, t) for s in sources for t in (target, target + "#comments")]
    assert notified == sorted(expected)


def test_what_is_never_sent(send_blog: SendBlog, make_server: MakeServer) -> None:
    them = make_server("127.0.0.2")
    muted = make_server("127.0.0.3")
    for server in (them, muted):
        server.route("/wm", ACCEPTED)
    wanted = endpoint_page(them, "/wanted")
    send_blog.configure(allow_private_addresses=True, never_send_to=["127.0.0.3"])
    own = send_blog.post("own", "An older post of mine.", day=date(2025, 5, 1))
    send_blog.post("draft", f"[t]({endpoint_page(them, '/by-draft')})", draft=True)
    send_blog.post("future", f"[t]({endpoint_page(them, '/by-future')})", day=date(2027, 1, 1))
    send_blog.post("quiet", f"[t]({endpoint_page(them, '/by-quiet')})", webmentions=False)
    post = send_blog.post(
        "linking",
        f"[wanted]({wanted}), [muted]({endpoint_page(muted, '/muted')}), [mine]({own})",
        in_reply_to=[endpoint_page(them, "/replied")],
        like_of=[endpoint_page(them, "/liked")],
        repost_of=[endpoint_page(them, "/reposted")],
    )
    bookmark = send_blog.root / "content/links/2025-06-03-worth-reading.md"
    bookmark.parent.mkdir(parents=True)
    bookmarked = endpoint_page(them, "/bookmarked")
    bookmark.write_text(f"---\nbookmark_of: {bookmarked}\n---\nWorth reading.\n")
    send_blog.deploy()

    ran = send_blog.send("--wait-live")  # the page shows the reply, like and repost links

    assert ran.code == 0, ran.output
    assert muted.requests == []
    asked = sorted(r.path for r in them.requests if r.method == "GET")
    assert asked == ["/bookmarked", "/liked", "/replied", "/reposted", "/wanted"]
    link = send_blog.server.url("/links/2025/worth-reading/")
    assert {p.form["source"][0] for p in posts_to(them, "/wm")} == {post, link}
    assert summary(ran) == {"sent": 5, "no endpoint": 0, "failed": 0, "skipped": 3, "unchanged": 0}


def test_send_internal_notifies_the_blogs_own_pages(
    send_blog: SendBlog,
) -> None:
    blog = send_blog.server
    blog.route("/webmention", ACCEPTED)
    send_blog.configure(
        allow_private_addresses=True, send_internal=True, endpoint=blog.url("/webmention")
    )
    older = send_blog.post("older", "The first post.", day=date(2025, 5, 1))
    newer = send_blog.post("newer", f"Following up on [my older post]({older}).")
    send_blog.deploy()

    ran = send_blog.send()

    assert ran.code == 0, ran.output
    (mention,) = posts_to(blog, "/webmention")
    assert mention.form == {"source": [newer], "target": [older]}


def test_fan_out_is_concurrent_within_the_per_host_limit(
    send_blog: SendBlog, make_server: MakeServer
) -> None:
    them = make_server("127.0.0.2")
    changed, in_flight, most = threading.Condition(), [0], [0]

    def slow(request: RecordedRequest) -> Reply:
        with changed:
            in_flight[0] += 1
            most[0] = max(most[0], in_flight[0])
            changed.notify_all()
            # Held until another request is in flight: only a concurrent fan-out gets past
            # (however busy the machine); then a moment more, in which a third request would
            # show up if the per-host limit let one through.
            changed.wait_for(lambda: most[0] >= 2, timeout=30)
            changed.wait(timeout=0.1)
            in_flight[0] -= 1
        page = html(layout(head='<link rel="webmention" href="/wm">'))
        return ACCEPTED if request.method == "POST" else page

    them.route("/wm", slow)
    targets = [them.route(f"/t/{n}", slow) for n in range(6)]
    send_blog.post("many", " ".join(f"[{n}]({url})" for n, url in enumerate(targets)))
    send_blog.deploy()

    ran = send_blog.send()

    assert ran.code == 0, ran.output
    assert len(them.requests) == 12
    assert most[0] == 2, "concurrent, and never more than two requests at a time to one host"
