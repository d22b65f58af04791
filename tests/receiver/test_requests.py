"""``POST /webmention``: the synchronous checks of Webmention §3.2.1 over real HTTP, the
webmention.rocks receiver tests, and the edge cases of the spec digest's checklist (§6)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from plnpress.receiver.server import Listen
from tests.harvest.sources import entry_page
from tests.receiver.conftest import (
    ABOUT,
    BLOG,
    FIRST,
    GONE,
    OPEN_LIMITS,
    SECOND,
    UNREACHABLE,
    StartReceiver,
)
from tests.webmention.servers import LocalServer, html

SOURCE = UNREACHABLE + "notes/a-reply"
"""A source for requests that are refused before anything is fetched."""
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def test_rocks_receiver_1_a_valid_request_gets_201_with_a_status_location(
    receiver: StartReceiver, local_server: LocalServer
) -> None:
    rx = receiver()
    source = local_server.route("/receive/1/abc", html(entry_page(FIRST)))

    answer = rx.send(source, FIRST)

    assert answer.status_code == 201
    location = answer.headers["location"]
    assert location.startswith("/webmention/status/") and len(location) > len("/webmention/status/")
    assert location in answer.text
    record = rx.status(answer)
    assert record["source"] == source and record["target"] == FIRST
    assert record["status"] in ("queued", "verified")


def test_200_and_202_never_carry_location_and_every_error_is_plain_text(
    receiver: StartReceiver,
) -> None:
    rx = receiver()
    answer = rx.send("not a url", FIRST)
    assert answer.status_code == 400
    assert "location" not in answer.headers
    assert answer.headers["content-type"].startswith("text/plain")
    about = rx.http.get("/webmention")
    assert about.status_code == 200 and "location" not in about.headers
    assert BLOG in about.text


@pytest.mark.parametrize(
    ("source", "target", "reason"),
    [
        ("zsdfkwe8r7 not a URL", FIRST, "Source 'zsdfkwe8r7 not a URL' is not an absolute"),
        (SOURCE, "kjhsdf89 not a URL", "Target 'kjhsdf89 not a URL' is not an absolute"),
        (
            "q9w8e7r6",
            "p0o9i8u7",
            "Source 'q9w8e7r6' is not an absolute http or https URL, and target",
        ),
    ],
    ids=["invalid-source", "invalid-target", "both-invalid"],
)
def test_rocks_receiver_2_invalid_urls_get_400(
    receiver: StartReceiver, source: str, target: str, reason: str
) -> None:
    answer = receiver().send(source, target)
    assert answer.status_code == 400
    assert reason in answer.text


@pytest.mark.parametrize(
    ("body", "headers", "reason"),
    [
        (
            b'{"source": "x", "target": "y"}',
            {"Content-Type": "application/json"},
            "not application/json",
        ),
        (b"source=a&target=b", {}, "the request has no Content-Type"),
        (f"target={FIRST}".encode(), FORM, "Source is missing"),
        (f"source={SOURCE}".encode(), FORM, "Target is missing"),
        (f"source=&target={FIRST}".encode(), FORM, "Source is empty"),
        (f"source={SOURCE}&target=%20".encode(), FORM, "Target is empty"),
        (
            f"source={SOURCE}&source={SOURCE}2&target={FIRST}".encode(),
            FORM,
            "Source is given 2 times",
        ),
        (
            f"source={SOURCE}&target={FIRST}&target={SECOND}".encode(),
            FORM,
            "Target is given 2 times",
        ),
        (b"source=%FF%FE&target=x", FORM, "not URL-encoded UTF-8"),
    ],
    ids=[
        "json",
        "no-type",
        "no-source",
        "no-target",
        "empty-source",
        "blank-target",
        "two-sources",
        "two-targets",
        "not-utf8",
    ],
)
def test_a_body_that_is_not_one_source_and_one_target_form_gets_400(
    receiver: StartReceiver, body: bytes, headers: dict[str, str], reason: str
) -> None:
    answer = receiver().http.post("/webmention", content=body, headers=headers)
    assert answer.status_code == 400
    assert reason in answer.text


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("mailto:someone@example.net", "is a mailto: URL, not http or https"),
        ("javascript:alert(1)", "is a javascript: URL, not http or https"),
        ("file:///etc/passwd", "is a file: URL, not http or https"),
        ("ftp://example.net/file", "is a ftp: URL, not http or https"),
        ("https:///no-host", "is not an absolute http or https URL"),
        ("/relative/path", "is not an absolute http or https URL"),
        ("https://user:secret@example.net/", "is not an absolute http or https URL"),
        ("https://example.net:99999/", "has an invalid port"),
    ],
)
def test_sources_that_are_not_http_urls_with_a_host_get_400_and_are_not_stored(
    receiver: StartReceiver, source: str, reason: str
) -> None:
    rx = receiver()
    answer = rx.send(source, FIRST)
    assert answer.status_code == 400
    assert reason in answer.text
    assert rx.rows() == []


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        (FIRST, "Source and target are the same page"),
        (FIRST + "#comments", "Source and target are the same page"),
    ],
)
def test_source_equal_to_target_gets_400(receiver: StartReceiver, target: str, reason: str) -> None:
    answer = receiver().send(FIRST, target)
    assert answer.status_code == 400
    assert reason in answer.text


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("https://other.example.com/2025/04/first-post/", "is not on this site"),
        (FIRST.replace("https:", "http:"), "is not on this site"),
        (FIRST.replace("//blog.", "//www.blog."), "is not on this site"),
        (BLOG + "/", "is the home page"),
        (BLOG, "is the home page"),
        (f"{BLOG}/2025/04/no-such-post/", "is not a published page of this site"),
        (FIRST.rstrip("/"), "is not a published page of this site"),
        (GONE, "was deleted (it answers 410 Gone)"),
    ],
    ids=[
        "other-domain",
        "http-for-https",
        "www",
        "home",
        "home-no-slash",
        "unknown",
        "no-slash",
        "tombstone",
    ],
)
def test_targets_that_are_not_published_pages_of_this_site_get_400_synchronously(
    receiver: StartReceiver, local_server: LocalServer, target: str, reason: str
) -> None:
    rx = receiver()
    source = local_server.route("/reply", html(entry_page(target)))
    answer = rx.send(source, target)
    assert answer.status_code == 400
    assert reason in answer.text
    assert rx.rows() == [] and local_server.requests == []  # nothing stored, nothing fetched


def test_a_fragment_is_ignored_when_matching_the_page_and_kept_in_the_target(
    receiver: StartReceiver, local_server: LocalServer
) -> None:
    rx = receiver()
    source = local_server.route("/reply", html(entry_page(FIRST)))
    answer = rx.send(source, FIRST + "#comments")
    assert answer.status_code == 201
    record = rx.wait_for_state(answer, "verified")
    assert record["target"] == FIRST + "#comments"
    assert rx.rows()[0]["page"] == FIRST


def test_case_of_scheme_and_host_and_percent_encoding_do_not_matter(
    receiver: StartReceiver,
) -> None:
    rx = receiver()
    shouting = FIRST.replace("https://blog.example.org", "HTTPS://Blog.Example.ORG:443")
    assert rx.send(SOURCE, shouting).status_code == 201
    assert rx.send(SOURCE + "2", ABOUT).status_code == 201  # a page is as good as a post


def test_extra_parameters_are_ignored(receiver: StartReceiver, local_server: LocalServer) -> None:
    rx = receiver()
    source = local_server.route("/reply", html(entry_page(SECOND)))
    answer = rx.send(source, SECOND, vouch="https://friend.example/", other="x")
    assert answer.status_code == 201
    assert rx.wait_for_state(answer, "verified")["status"] == "verified"


def test_a_body_over_the_cap_gets_413(receiver: StartReceiver) -> None:
    rx = receiver(limits=replace(OPEN_LIMITS, max_body=200))
    padding = "x" * 300
    answer = rx.send(SOURCE, FIRST, padding=padding)
    assert answer.status_code == 413
    assert "larger than 200 bytes" in answer.text
    assert rx.send(SOURCE, FIRST).status_code == 201
    assert len(rx.rows()) == 1


def test_behind_a_proxy_path_the_status_location_carries_it(receiver: StartReceiver) -> None:
    rx = receiver(listen=Listen("127.0.0.1", 0, root_path="/wm"))
    answer = rx.send(SOURCE, FIRST)  # the proxy took /wm off the path it passed on
    assert answer.status_code == 201
    location = answer.headers["location"]
    assert location.startswith("/wm/webmention/status/")
    assert rx.status(location.removeprefix("/wm"))["target"] == FIRST


BROWSER = {**FORM, "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def test_a_reader_who_presses_send_sees_what_happens_next(
    receiver: StartReceiver, local_server: LocalServer
) -> None:
    """The respond form under a post sends a browser here: it gets a page, not a line of text,
    with the same status and Location a sender's software gets."""
    rx = receiver()
    source = local_server.route("/my-reply", html(entry_page(FIRST)))

    answer = rx.http.post("/webmention", data={"source": source, "target": FIRST}, headers=BROWSER)

    assert answer.status_code == 201
    assert answer.headers["content-type"].startswith("text/html")
    page = answer.text
    assert page.startswith("<!DOCTYPE html>")
    assert "<h1>Thanks: your response is on its way</h1>" in page
    assert "What happens next" in page and "the next time the blog is published" in page
    assert f'<a href="{FIRST}">Back to the post</a>' in page
    assert f'<link rel="stylesheet" href="{BLOG}/css/plnpress.css">' in page  # the blog's look
    assert f'href="{answer.headers["location"]}"' in page

    refused = rx.http.post(
        "/webmention", data={"source": "my blog", "target": FIRST}, headers=BROWSER
    )
    assert refused.status_code == 400
    assert "<h1>Your response could not be taken</h1>" in refused.text
    assert f'<a href="{FIRST}">Back to the post</a>' in refused.text
