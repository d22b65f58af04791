"""The build hook: called after a response is verified or deleted, at most once per interval."""

from __future__ import annotations

from tests.harvest.sources import entry_page
from tests.receiver.conftest import FIRST, SECOND, StartReceiver, wait_until
from tests.webmention.servers import LocalServer, Reply, chain, html


def test_a_burst_of_responses_calls_the_hook_once_per_interval(
    receiver: StartReceiver, local_server: LocalServer
) -> None:
    hook = local_server.route("/build_hooks/5f3a", Reply(200))
    rx = receiver(build_hook=hook, build_hook_interval=3600)
    sources = [local_server.route(f"/r{n}", html(entry_page(FIRST))) for n in range(3)]
    answers = [rx.send(source, FIRST) for source in sources]
    for answer in answers:
        rx.wait_for_state(answer, "verified")
    wait_until("the hook", lambda: local_server.requests_to("/build_hooks/5f3a"))

    # The next call may come an hour after the first: until then, exactly one.
    [call] = local_server.requests_to("/build_hooks/5f3a")
    assert call.method == "POST" and call.body == b"{}"


def test_each_change_after_the_interval_calls_again_and_nothing_else_does(
    receiver: StartReceiver, local_server: LocalServer
) -> None:
    hook = local_server.route("/hook", Reply(200))
    rx = receiver(build_hook=hook, build_hook_interval=0)
    page = html(entry_page(SECOND))
    source = local_server.route("/reply", chain([page, page, html("gone", status=410)]))
    other = local_server.route("/other", html(entry_page("https://x.example/")))

    rx.wait_for_state(rx.send(source, SECOND), "verified")
    wait_until("the first call", lambda: len(local_server.requests_to("/hook")) == 1)
    rx.wait_for_state(rx.send(source, SECOND), "verified")  # unchanged: no build needed
    rx.wait_for_state(rx.send(other, SECOND), "rejected")  # nothing to show: no build
    rx.wait_for_state(rx.send(source, SECOND), "deleted")
    wait_until("the second call", lambda: len(local_server.requests_to("/hook")) == 2)

    paths = [request.path for request in local_server.requests]
    assert paths == ["/reply", "/hook", "/reply", "/other", "/reply", "/hook"]


def test_a_failing_hook_does_not_stop_the_receiver(
    receiver: StartReceiver, local_server: LocalServer
) -> None:
    hook = local_server.route("/hook", Reply(500))
    rx = receiver(build_hook=hook, build_hook_interval=0)
    first = local_server.route("/a", html(entry_page(FIRST)))
    rx.wait_for_state(rx.send(first, FIRST), "verified")
    wait_until("the first call", lambda: len(local_server.requests_to("/hook")) == 1)
    second = local_server.route("/b", html(entry_page(FIRST)))
    rx.wait_for_state(rx.send(second, FIRST), "verified")
    wait_until("the second call", lambda: len(local_server.requests_to("/hook")) == 2)
