"""When ``--wait-live`` takes a page as live: the checks on one fetched page."""

from __future__ import annotations

import pytest

from plnpress.fetch.result import FetchResult
from plnpress.webmention.live import LiveCheck, page_problem

PAGE = "https://blog.example.org/2025/06/hello/"
A, B = "https://a.example/post?x=1&y=2", "https://b.example/"


def page(body: str, status: int = 200, head: str = "") -> FetchResult:
    markup = f"<!doctype html><html><head>{head}</head><body>{body}</body></html>"
    return FetchResult(
        url=PAGE,
        final_url=PAGE,
        status=status,
        headers=(("Content-Type", "text/html; charset=utf-8"),),
        body=markup.encode(),
    )


LINKS_A_NOT_B = LiveCheck(PAGE, frozenset({A}), frozenset({B}), gone=False)
GONE = LiveCheck(PAGE, frozenset(), frozenset({A}), gone=True)
STATUS_410 = '<meta http-equiv="Status" content="410 Gone">'


@pytest.mark.parametrize(
    ("check", "response", "problem"),
    [
        (LINKS_A_NOT_B, page('<a href="https://a.example/post?x=1&amp;y=2">a</a>'), None),
        (LINKS_A_NOT_B, page("<p>old version</p>"), f"does not link to {A} yet"),
        (LINKS_A_NOT_B, page(f'<a href="{A}">a</a><a href="{B}">b</a>'), f"still links to {B}"),
        (LINKS_A_NOT_B, page(f'<a href="{A}">a</a>', status=404), "answered 404"),
        (LINKS_A_NOT_B, page(f'<!-- <a href="{A}"> --><script>"<a href={A}>"</script>'), "yet"),
        (GONE, page("<h1>Deleted</h1>", status=410), None),
        (GONE, page("<h1>Deleted</h1>", head=STATUS_410), None),
        (GONE, page("<h1>Deleted</h1>"), None),
        (GONE, page(f'<h1>My post</h1><a href="{A}">a</a>'), f"still links to {A}"),
        (GONE, page("<h1>Not found</h1>", status=404), "answered 404"),
        (GONE, page(f'<a href="{A}">still here</a>', status=410), f"still links to {A}"),
    ],
    ids=[
        "linked",
        "not-yet",
        "still-linked",
        "missing",
        "comment-and-script",
        "410",
        "meta-status",
        "deleted-page-without-the-link",
        "old-page-still-up",
        "missing-page",
        "gone-but-linking",
    ],
)
def test_page_problem(check: LiveCheck, response: FetchResult, problem: str | None) -> None:
    found = page_problem(check, response)
    if problem is None:
        assert found is None
    else:
        assert found is not None and problem in found
