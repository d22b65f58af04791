"""`verify_mention` over real sockets: each kind of response, and sources that fight back."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from urllib.parse import urljoin

import pytest

from plnpress.fetch.client import FetchPolicy, GuardedClient
from plnpress.model.response import ResponseKind
from plnpress.webmention.harvest.verify import Outcome, Verification, verify_mention
from tests.harvest.casefiles import read_blocks
from tests.harvest.conftest import FIRST, run_with_client
from tests.harvest.sources import entry_page, h_card, plain_page
from tests.webmention.servers import LocalServer, Reply, html, redirect
from tests.webmention.test_client_e2e import allow_only

WHEN = datetime(2025, 6, 1, tzinfo=UTC)
MakeServer = Callable[..., LocalServer]


def verify(source: str, target: str = FIRST, **client_options: object) -> Verification:
    async def work(client: GuardedClient) -> Verification:
        return await verify_mention(client, source, target, received=WHEN)

    return run_with_client(work, **client_options)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("prop", "kind"),
    [
        ("in-reply-to", ResponseKind.REPLY),
        ("like-of", ResponseKind.LIKE),
        ("repost-of", ResponseKind.REPOST),
        ("bookmark-of", ResponseKind.BOOKMARK),
    ],
)
def test_each_kind_is_read_from_its_property(
    local_server: LocalServer, prop: str, kind: ResponseKind
) -> None:
    source = local_server.route(
        "/r", html(entry_page(FIRST + "#comments", prop, author=h_card("Jo Example", "/jo")))
    )
    result = verify(source)
    assert result.outcome is Outcome.VERIFIED
    response = result.response
    assert response is not None
    assert response.kind is kind
    assert response.target == FIRST
    assert response.author.name == "Jo Example"
    assert response.author.url == local_server.url("/jo")
    assert response.author.photo == local_server.url("/photo.png")
    assert response.published == datetime(2025, 5, 2, 9, 30, tzinfo=UTC)
    assert response.url == source
    assert (response.content_html == "<p>A thoughtful answer.</p>") is (kind is ResponseKind.REPLY)


def test_an_rsvp_is_a_reply_with_an_answer(local_server: LocalServer) -> None:
    page = entry_page(FIRST, "in-reply-to", content='<data class="p-rsvp" value="yes">Going</data>')
    result = verify(local_server.route("/rsvp", html(page)))
    assert result.response is not None
    assert (result.response.kind, result.response.rsvp) == (ResponseKind.RSVP, "yes")


def test_a_plain_mention_keeps_an_excerpt_around_the_link(local_server: LocalServer) -> None:
    before = " ".join(f"before{i}" for i in range(40))
    after = " ".join(f"after{i}" for i in range(40))
    content = f"<p>{before} <a href='{FIRST}'>Ada's first post</a> {after}</p>"
    source = local_server.route(
        "/m", html(entry_page(None, None, content=content, name="On posts"))
    )
    response = verify(source).response
    assert response is not None
    assert response.kind is ResponseKind.MENTION
    assert response.name == "On posts"
    assert response.excerpt.startswith("[…] ") and response.excerpt.endswith(" […]")
    assert "before39 Ada's first post after0" in response.excerpt
    assert "before0 " not in response.excerpt and response.content_html == ""


def test_the_author_can_live_on_a_separate_page(local_server: LocalServer) -> None:
    local_server.route(
        "/about",
        html(
            '<html><body><div class="h-card"><a class="u-url u-uid p-name" href="/about">'
            'Sam Author</a><img class="u-photo" src="/sam.jpg" alt=""></div></body></html>'
        ),
    )
    author = '<a class="u-author" href="/about">me</a>'
    response = verify(
        local_server.route("/like", html(entry_page(FIRST, "like-of", author=author)))
    ).response
    assert response is not None
    assert response.author.name == "Sam Author"
    assert response.author.url == local_server.url("/about")
    assert response.author.photo == local_server.url("/sam.jpg")


def test_a_page_without_microformats_is_a_mention_by_its_domain(local_server: LocalServer) -> None:
    source = local_server.route(
        "/plain", html(plain_page(f"<p>See <a href='{FIRST}'>this</a>.</p>"))
    )
    response = verify(source).response
    assert response is not None
    assert response.kind is ResponseKind.MENTION
    assert response.author.name == "127.0.0.1"
    assert response.author.url == local_server.url("/")
    assert response.name == "Plain notes"
    assert response.excerpt == "See this."


def test_a_reply_to_a_reply_remembers_both(local_server: LocalServer) -> None:
    parent = "https://other.example.net/replies/1"
    page = entry_page(FIRST, "in-reply-to", also_reply_to=(parent + "#top",))
    response = verify(local_server.route("/rr", html(page))).response
    assert response is not None
    assert response.in_reply_to == (FIRST, parent)


# --- hostile sources ------------------------------------------------------------------------------


def test_a_page_that_does_not_link_to_us_is_not_a_response(local_server: LocalServer) -> None:
    source = local_server.route("/no", html(entry_page("https://blog.example.org/other/")))
    result = verify(source)
    assert (result.outcome, result.response) == (Outcome.NO_LINK, None)


def test_a_link_only_in_text_or_a_comment_does_not_count(local_server: LocalServer) -> None:
    body = (
        f"<p>{FIRST}</p><!-- <a href='{FIRST}'>x</a> -->"
        f"<script>var a='<a href=\"{FIRST}\">'</script>"
    )
    assert verify(local_server.route("/t", html(plain_page(body)))).outcome is Outcome.NO_LINK


# Every URL case, except the empty-host one, which depends on the page's own scheme.
URL_CASES = [case for case in read_blocks("urls.md") if "///" not in case.values[0]]  # type: ignore[attr-defined]


@pytest.mark.parametrize(("given", "expected"), URL_CASES)
def test_hostile_urls_in_the_author_card_are_dropped(
    local_server: LocalServer, given: str, expected: str
) -> None:
    card = (
        f'<div class="p-author h-card"><a class="u-url p-name" href="{given}">Eve</a>'
        f'<img class="u-photo" src="{given}" alt=""></div>'
    )
    page = entry_page(FIRST, "in-reply-to", author=card).replace('href=""', f'href="{given}"')
    local_server.route("/notes/1", html(page))
    response = verify(local_server.url("/notes/1")).response
    assert response is not None
    page_url = local_server.url("/notes/1")
    kept = None if expected == "(refused)" else urljoin(page_url, given)
    assert response.author.url == kept
    assert response.author.photo == kept
    assert response.url == (kept or local_server.url("/notes/1"))
    assert response.author.name == "Eve"


def test_hostile_content_and_names_are_stored_safe(local_server: LocalServer) -> None:
    card = h_card(
        "<script>alert(1)</script>Eve\u202e", "javascript:alert(1)", "data:image/png;base64,AAAA"
    )
    content = (
        '<p style="x" onclick="alert(1)">Hi<script>alert(2)</script>'
        '<img src=x onerror=alert(3)><a href="javascript:alert(4)">x</a></p>'
    )
    response = verify(
        local_server.route("/evil", html(entry_page(FIRST, author=card, content=content)))
    ).response
    assert response is not None
    assert response.content_html == "<p>Hi<a>x</a></p>"
    assert response.author.name == "<script>alert(1)</script>Eve"  # text: escaped when shown
    assert (response.author.url, response.author.photo) == (None, None)


def test_a_huge_page_is_read_only_to_the_cap(local_server: LocalServer) -> None:
    page = entry_page(FIRST, "in-reply-to").replace(
        "</body>", "<p>" + "x" * 5_000_000 + "</p></body>"
    )
    result = verify(local_server.route("/huge", html(page)))
    assert result.outcome is Outcome.VERIFIED  # the link is in the first megabyte
    far = plain_page("<p>" + "x" * 5_000_000 + f"</p><a href='{FIRST}'>late</a>")
    late = verify(local_server.route("/late", html(far)))
    assert late.outcome is Outcome.NO_LINK and "first megabyte" in late.reason


def test_a_slow_page_fails_for_now_and_is_not_stored(local_server: LocalServer) -> None:
    reply = html(entry_page(FIRST))
    source = local_server.route("/slow", Reply(reply.status, reply.headers, reply.body, delay=3))
    result = verify(source)
    assert (result.outcome, result.temporary, result.response) == (Outcome.FAILED, True, None)


def test_a_redirect_loop_is_not_followed_for_ever(local_server: LocalServer) -> None:
    local_server.route("/a", redirect("/b"))
    local_server.route("/b", redirect("/a"))
    result = verify(local_server.url("/a"))
    assert (result.outcome, result.temporary) == (Outcome.FAILED, False)
    assert "loop" in result.reason


def test_a_redirect_to_loopback_is_refused_with_the_switch_off(make_server: MakeServer) -> None:
    inside = make_server("127.0.0.1")
    inside.route("/secret", html(entry_page(FIRST)))
    outside = make_server("127.0.0.2")
    source = outside.route("/r", redirect(inside.url("/secret")))
    result = verify(source, policy=FetchPolicy(), address_check=allow_only("127.0.0.2"))
    assert (result.outcome, result.response) == (Outcome.FAILED, None)
    assert "loopback" in result.reason
    assert inside.requests == []


def test_gone_answers_and_meta_status_are_gone(local_server: LocalServer) -> None:
    assert verify(local_server.route("/gone", html("gone", status=410))).outcome is Outcome.GONE
    meta = '<meta http-equiv="Status" content="410 Gone">'
    page = entry_page(FIRST, head=meta)
    assert verify(local_server.route("/tomb", html(page))).outcome is Outcome.GONE


def test_server_errors_are_temporary_and_not_found_is_not(local_server: LocalServer) -> None:
    assert verify(local_server.route("/e", html("oops", status=503))).temporary
    missing = verify(local_server.url("/nothing-here"))
    assert (missing.outcome, missing.temporary) == (Outcome.FAILED, False)


def test_a_source_that_is_not_http_or_is_the_target_is_refused() -> None:
    assert verify("javascript:alert(1)").outcome is Outcome.FAILED
    assert verify(FIRST, FIRST + "#x").outcome is Outcome.FAILED
