"""Limits against abuse: 429 with Retry-After per client and per source host, 503 when the queue
is full, forwarded client addresses trusted only from the proxy, 500 when the receiver fails."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

import httpx

from plnpress.receiver.limits import RateLimiter, client_key
from plnpress.receiver.server import Listen
from tests.harvest.sources import entry_page
from tests.receiver.conftest import (
    FIRST,
    OPEN_LIMITS,
    SECOND,
    UNREACHABLE,
    StartReceiver,
    wait_until,
)
from tests.webmention.servers import LocalServer, Reply, html

SOURCE = UNREACHABLE + "notes/"


def test_one_client_over_its_rate_gets_429_with_retry_after(receiver: StartReceiver) -> None:
    rx = receiver(limits=replace(OPEN_LIMITS, per_client=3))
    answers = [rx.send(f"{SOURCE}{n}", FIRST) for n in range(3)]
    assert [a.status_code for a in answers] == [201, 201, 201]

    refused = rx.send(f"{SOURCE}4", FIRST)
    invalid = rx.send("not a url", FIRST)  # bad requests count too, and are not even read

    assert refused.status_code == 429 and invalid.status_code == 429
    assert 15 <= int(refused.headers["retry-after"]) <= 20  # 3 a minute: one every 20 s
    assert "Too many requests from 127.0.0.1" in refused.text
    assert len(rx.rows()) == 3


def test_one_source_host_over_its_rate_gets_429(receiver: StartReceiver) -> None:
    rx = receiver(limits=replace(OPEN_LIMITS, per_source_host=2))
    assert rx.send(f"{SOURCE}1", FIRST).status_code == 201
    assert rx.send(f"{SOURCE}2", SECOND).status_code == 201
    refused = rx.send(f"{SOURCE}3", FIRST)
    assert refused.status_code == 429 and 25 <= int(refused.headers["retry-after"]) <= 30
    assert "Too many Webmentions from 127.0.0.1" in refused.text
    assert rx.send("http://127.0.0.2:1/post", FIRST).status_code == 201


def test_a_full_queue_answers_503_and_a_queued_pair_may_be_sent_again(
    receiver: StartReceiver, local_server: LocalServer
) -> None:
    slow = Reply(200, [("Content-Type", "text/html")], entry_page(FIRST).encode(), delay=30)
    for name in ("a", "b", "c"):
        local_server.route(f"/{name}", slow)
    rx = receiver(limits=replace(OPEN_LIMITS, queue_size=2), workers=1)
    first, second = (rx.send(local_server.url(f"/{n}"), FIRST) for n in ("a", "b"))
    assert (first.status_code, second.status_code) == (201, 201)

    full = rx.send(local_server.url("/c"), FIRST)
    again = rx.send(local_server.url("/b"), FIRST)

    assert full.status_code == 503 and full.headers["retry-after"] == "60"
    assert "Too many Webmentions wait to be checked" in full.text
    assert again.status_code == 201 and again.headers["location"] == second.headers["location"]
    assert [row["source"] for row in rx.rows()] == [local_server.url(f"/{n}") for n in "ab"]


def test_forwarded_addresses_count_only_from_a_trusted_proxy(receiver: StartReceiver) -> None:
    limits = replace(OPEN_LIMITS, per_client=1)
    behind_proxy = receiver(limits=limits, listen=Listen("127.0.0.1", 0, "127.0.0.1"))
    exposed = receiver(
        limits=limits, listen=Listen("127.0.0.1", 0, "127.0.0.9"), db=behind_proxy.db.with_name("b")
    )

    def send(rx: object, n: int, client: str) -> int:
        assert hasattr(rx, "http")
        answer: httpx.Response = rx.http.post(
            "/webmention",
            data={"source": f"{SOURCE}{n}", "target": FIRST},
            headers={"X-Forwarded-For": client},
        )
        return answer.status_code

    # The proxy (127.0.0.1 is trusted) says who the client is: two clients, one request each.
    assert [send(behind_proxy, 1, "203.0.113.5"), send(behind_proxy, 2, "203.0.113.6")] == [
        201,
        201,
    ]
    assert send(behind_proxy, 3, "203.0.113.5") == 429
    # Without a trusted proxy the header is the client's own claim: ignored.
    assert [send(exposed, 1, "203.0.113.5"), send(exposed, 2, "203.0.113.6")] == [201, 429]


def test_an_error_of_the_receiver_answers_500(receiver: StartReceiver) -> None:
    rx = receiver()
    assert rx.send(f"{SOURCE}1", FIRST).status_code == 201
    connection = sqlite3.connect(rx.db)
    connection.execute("DROP TABLE mentions")
    connection.commit()
    connection.close()

    answer = rx.send(f"{SOURCE}2", FIRST)

    assert answer.status_code == 500
    assert answer.text == "The receiver failed to handle this request; try again later.\n"


def test_the_token_bucket_refills_with_time() -> None:
    now = [0.0]
    limiter = RateLimiter(per_minute=2, clock=lambda: now[0])
    assert [limiter.take("a"), limiter.take("a"), limiter.take("a")] == [None, None, 30]
    assert limiter.take("b") is None
    now[0] = 29.0
    assert limiter.take("a") == 1
    now[0] = 30.0
    assert limiter.take("a") is None


def test_ipv6_clients_share_a_limit_per_64() -> None:
    assert (
        client_key("2001:db8:1:2::1") == client_key("2001:db8:1:2:ffff::9") == "2001:db8:1:2::/64"
    )
    assert client_key("::ffff:192.0.2.7") == "192.0.2.7"
    assert client_key("192.0.2.7") == "192.0.2.7"
    assert client_key(None) == "unknown"


def test_the_source_fetch_in_flight_does_not_block_answers(
    receiver: StartReceiver, local_server: LocalServer
) -> None:
    slow = Reply(200, [("Content-Type", "text/html")], entry_page(FIRST).encode(), delay=30)
    local_server.route("/slow", slow)
    rx = receiver(workers=1)
    rx.send(local_server.url("/slow"), FIRST)
    wait_until("the slow fetch", lambda: local_server.requests_to("/slow"))
    quick = local_server.route("/quick", html(entry_page(SECOND)))
    answer = rx.send(quick, SECOND)
    assert answer.status_code == 201
    assert rx.status(answer)["status"] == "queued"  # waits for the one worker; answered at once
