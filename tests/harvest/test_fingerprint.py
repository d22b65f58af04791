"""Responses shown under an entry are part of it for the sender (Webmention §3.1.4, U3)."""

from __future__ import annotations

from plnpress.config import load_config
from plnpress.content import ContentOptions, load_site
from plnpress.errors import ProblemLog
from plnpress.model.response import ResponseStatus
from plnpress.webmention.entry_hash import entry_fingerprint
from tests.harvest.conftest import FIRST, MakeBlog
from tests.harvest.test_display import response, store


def first_entry_hash(root: object) -> str:
    site = load_site(load_config(root), ContentOptions(), ProblemLog())  # type: ignore[arg-type]
    return entry_fingerprint(next(e for e in site.entries if e.url == FIRST))


def test_a_new_changed_or_removed_response_changes_the_entry(make_blog: MakeBlog) -> None:
    root = make_blog()
    bare = first_entry_hash(root)
    store(root, response("https://a.example.net/1"))
    with_reply = first_entry_hash(root)
    assert with_reply != bare
    assert first_entry_hash(root) == with_reply  # nothing changed, nothing to send
    store(root, response("https://a.example.net/1", content_html="<p>Edited.</p>"))
    assert first_entry_hash(root) not in (bare, with_reply)


def test_pending_responses_change_nothing(make_blog: MakeBlog) -> None:
    root = make_blog()
    bare = first_entry_hash(root)
    store(root, response("https://a.example.net/1", status=ResponseStatus.PENDING))
    assert first_entry_hash(root) == bare
