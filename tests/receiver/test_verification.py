"""The background worker: sources checked with `verify_mention` against local pages, updates,
deletions, idempotent repeats and retries (Webmention §3.2.2 and §3.2.4)."""

from __future__ import annotations

from plnpress.fetch.policy import FetchPolicy
from tests.harvest.sources import entry_page, h_card, plain_page
from tests.receiver.conftest import FIRST, LINK, SECOND, StartReceiver, wait_until
from tests.webmention.servers import LocalServer, Reply, chain, html, text


def test_a_reply_is_verified_and_read_with_the_harvesting_code(
    receiver: StartReceiver, local_server: LocalServer
) -> None:
    rx = receiver()
    page = entry_page(
        FIRST,
        author=h_card("Jo Example", "/jo", photo=None),
        content="<p>Great post!<script>alert(1)</script></p>",
    )
    source = local_server.route("/reply", html(page))

    answer = rx.send(source, FIRST)
    record = rx.wait_for_state(answer, "verified")

    assert record["reason"] == ""
    [entry] = rx.export()["children"]
    assert entry["wm-source"] == source and entry["wm-target"] == FIRST
    assert entry["wm-property"] == "in-reply-to" and entry["in-reply-to"] == [FIRST]
    assert entry["author"]["name"] == "Jo Example"
    assert entry["author"]["url"] == local_server.url("/jo")
    assert entry["content"]["html"] == "<p>Great post!</p>"  # sanitised like pull does
    assert entry["published"] == "2025-05-02T09:30:00+00:00"
    [request] = local_server.requests_to("/reply")
    assert "text/html" in (request.header("Accept") or "")
    assert "Webmention" in (request.header("User-Agent") or "")


def test_likes_bookmarks_and_plain_mentions_keep_their_kind(
    receiver: StartReceiver, local_server: LocalServer
) -> None:
    rx = receiver()
    like = local_server.route("/like", html(entry_page(FIRST, "like-of")))
    bookmark = local_server.route("/bookmark", html(entry_page(LINK, "bookmark-of")))
    mention = local_server.route(
        "/mention", html(plain_page(f"<p>I read <a href='{SECOND}'>this post</a> today.</p>"))
    )
    answers = [rx.send(like, FIRST), rx.send(bookmark, LINK), rx.send(mention, SECOND)]
    for answer in answers:
        rx.wait_for_state(answer, "verified")
    by_source = {entry["wm-source"]: entry for entry in rx.export()["children"]}
    assert by_source[like]["wm-property"] == "like-of" and by_source[like]["like-of"] == FIRST
    assert by_source[bookmark]["wm-property"] == "bookmark-of"
    assert by_source[mention]["wm-property"] == "mention-of"
    assert by_source[mention]["summary"] == "I read this post today."


def test_a_source_without_the_link_is_rejected_with_the_reason(
    receiver: StartReceiver, local_server: LocalServer
) -> None:
    rx = receiver()
    source = local_server.route("/elsewhere", html(entry_page("https://x.example/post")))
    record = rx.wait_for_state(rx.send(source, FIRST), "rejected")
    assert record["reason"] == f"the source does not link to {FIRST}"
    assert rx.export() == rx.export(since=0) and rx.export()["children"] == []


def test_sources_that_cannot_be_used_are_rejected(
    receiver: StartReceiver, local_server: LocalServer
) -> None:
    rx = receiver()
    missing = local_server.url("/missing")
    style = local_server.route("/style.css", text("a {}", content_type="text/css"))
    loop = local_server.route("/loop", html("", status=302, headers=[("Location", "/loop2")]))
    local_server.route("/loop2", html("", status=302, headers=[("Location", "/loop")]))
    reasons = {
        missing: "the source answered 404",
        style: "the source is text/css, not a web page",
        loop: "could not check the source: " + loop + " redirects in a loop",
    }
    answers = {source: rx.send(source, FIRST) for source in reasons}
    for source, reason in reasons.items():
        assert rx.wait_for_state(answers[source], "rejected")["reason"].startswith(reason)


def test_a_source_too_slow_to_answer_is_given_up(
    receiver: StartReceiver, local_server: LocalServer
) -> None:
    rx = receiver(
        fetch=FetchPolicy(allow_private_addresses=True, read_timeout=0.2, total_timeout=0.5),
        retry_delays=(),
    )
    page = entry_page(FIRST).encode()
    source = local_server.route("/slow", Reply(200, [("Content-Type", "text/html")], page, delay=5))
    record = rx.wait_for_state(rx.send(source, FIRST), "rejected")
    assert record["reason"] == (
        f"could not check the source: timed out after 0.2s waiting for data from {source}"
    )


def test_a_private_address_is_refused_by_the_guarded_client(
    receiver: StartReceiver, local_server: LocalServer
) -> None:
    rx = receiver(fetch=FetchPolicy())  # the address guard on, as in production
    source = local_server.route("/reply", html(entry_page(FIRST)))
    record = rx.wait_for_state(rx.send(source, FIRST), "rejected")
    assert "refused to fetch" in record["reason"] and "127.0.0.1" in record["reason"]
    assert local_server.requests == []


def test_a_resent_pair_updates_in_place_and_the_export_reports_the_change(
    receiver: StartReceiver, local_server: LocalServer
) -> None:
    rx = receiver()
    first = html(entry_page(FIRST, content="<p>First thoughts.</p>"))
    second = html(entry_page(FIRST, content="<p>Second thoughts.</p>"))
    source = local_server.route("/reply", chain([first, second]))
    answer = rx.send(source, FIRST)
    rx.wait_for_state(answer, "verified")
    feed = rx.export()
    [before] = feed["children"]

    again = rx.send(source, FIRST)

    assert again.headers["location"] == answer.headers["location"]
    assert "Thanks again" in again.text
    wait_until("the second check", lambda: len(local_server.requests_to("/reply")) == 2)
    rx.wait_for_state(again, "verified")
    news = rx.export(since=feed["last"])
    [after] = news["children"]
    assert after["content"]["html"] == "<p>Second thoughts.</p>"
    assert after["wm-id"] > before["wm-id"] and news["last"] == after["wm-id"]
    assert after["wm-received"] == before["wm-received"]  # first received, kept
    assert len(rx.rows()) == 1 and rx.rows()[0]["requests"] == 2


def test_repeats_without_changes_are_idempotent(
    receiver: StartReceiver, local_server: LocalServer
) -> None:
    rx = receiver()
    source = local_server.route("/reply", html(entry_page(FIRST)))
    answers = [rx.send(source, FIRST) for _ in range(3)]
    assert len({a.headers["location"] for a in answers}) == 1
    rx.wait_for_state(answers[0], "verified")
    feed = rx.export()
    assert len(feed["children"]) == 1

    repeat = rx.send(source, FIRST + "#again")  # queued again at once, so this waits for it
    rx.wait_for_state(repeat, "verified")

    assert rx.export(since=feed["last"])["children"] == []  # nothing new to report
    assert rx.export()["children"][0]["wm-id"] == feed["children"][0]["wm-id"]
    assert len(rx.rows()) == 1


def test_a_source_that_answers_410_deletes_the_response(
    receiver: StartReceiver, local_server: LocalServer
) -> None:
    rx = receiver()
    page = html(entry_page(FIRST))
    source = local_server.route("/reply", chain([page, html("Gone", status=410)]))
    answer = rx.send(source, FIRST)
    rx.wait_for_state(answer, "verified")
    last = rx.export()["last"]

    record = rx.wait_for_state(rx.send(source, FIRST), "deleted")

    assert record["reason"] == "the source answered 410 Gone"
    feed = rx.export(since=last)
    assert feed["children"] == []
    [deletion] = feed["deleted"]
    assert deletion["wm-source"] == source and deletion["wm-target"] == FIRST
    assert deletion["wm-id"] > last and deletion["wm-reason"] == "the source answered 410 Gone"
    assert rx.export()["children"] == []  # from the start: it is deleted now


def test_a_source_that_stops_linking_deletes_the_response(
    receiver: StartReceiver, local_server: LocalServer
) -> None:
    rx = receiver()
    page = html(entry_page(SECOND))
    tombstone = html(entry_page(None, None, content="<p>Deleted</p>"))
    meta_gone = html('<html><head><meta http-equiv="Status" content="410 Gone"></head></html>')
    edited = local_server.route("/edited", chain([page, tombstone]))
    removed = local_server.route("/removed", chain([page, meta_gone]))
    for source in (edited, removed):
        rx.wait_for_state(rx.send(source, SECOND), "verified")
    reasons = {
        edited: f"the source does not link to {SECOND}",
        removed: "the source says 410 Gone in its <meta> status",
    }
    for source, reason in reasons.items():
        assert rx.wait_for_state(rx.send(source, SECOND), "deleted")["reason"] == reason
    assert {d["wm-source"] for d in rx.export()["deleted"]} == {edited, removed}


def test_a_source_down_for_now_is_tried_again(
    receiver: StartReceiver, local_server: LocalServer
) -> None:
    rx = receiver(retry_delays=(0.05, 0.05))
    busy = html("busy", status=503)
    recovers = local_server.route("/recovers", chain([busy, html(entry_page(FIRST))]))
    never = local_server.route("/never", busy)

    assert rx.wait_for_state(rx.send(recovers, FIRST), "verified")
    record = rx.wait_for_state(rx.send(never, FIRST), "rejected")

    assert len(local_server.requests_to("/recovers")) == 2
    assert len(local_server.requests_to("/never")) == 3  # the first try and two retries
    assert record["reason"] == "the source answered 503"


def test_the_status_page_reads_as_text_for_people(
    receiver: StartReceiver, local_server: LocalServer
) -> None:
    rx = receiver()
    source = local_server.route("/elsewhere", html(entry_page("https://x.example/")))
    answer = rx.send(source, FIRST)
    rx.wait_for_state(answer, "rejected")
    page = rx.http.get(answer.headers["location"])
    assert page.headers["content-type"].startswith("text/plain")
    assert page.text.splitlines()[:4] == [
        "status: rejected",
        f"reason: the source does not link to {FIRST}",
        f"source: {source}",
        f"target: {FIRST}",
    ]
    assert rx.http.get("/webmention/status/nothing-here").status_code == 404
