"""Choosing what to send, without the network: the entry hash, targets, the writer's rules and
the plan made against the sent log."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest

from plnpress.config import load_config
from plnpress.model import Entry, EntryKind, Location
from plnpress.webmention.entry_hash import entry_fingerprint
from plnpress.webmention.send.plan import Reason, plan_sends
from plnpress.webmention.send.sent_log import Attempt, Result, SentLog
from plnpress.webmention.send.targets import Source, TargetRules, linked_targets, matches
from tests.conftest import BASIC_CONFIG, MakeSite

SITE = "https://blog.example.org/notes/"
URL = SITE + "2025/06/hello/"
NOW = datetime(2025, 6, 2, tzinfo=UTC)


def entry(**changes: object) -> Entry:
    base = Entry(
        kind=EntryKind.POST,
        source="content/posts/2025-06-01-hello.md",
        title="Hello",
        slug="hello",
        published=datetime(2025, 6, 1, tzinfo=UTC),
        location=Location("/2025/06/hello/", "/notes/2025/06/hello/", URL, "2025/06/hello/"),
        content_html="<p>Hi</p>",
        summary="Hi",
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def source(**changes: object) -> Source:
    item = entry(**changes)
    targets = () if item.deleted else linked_targets(item)
    return Source(item, item.url, targets, entry_fingerprint(item))


# --- the entry hash ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        {"title": "Hello again"},
        {"content_html": "<p>Hi there</p>"},
        {"summary": "Hi there"},
        {"in_reply_to": ("https://a.example/",)},
        {"like_of": ("https://a.example/",)},
        {"repost_of": ("https://a.example/",)},
        {"bookmark_of": "https://a.example/"},
        {"deleted": True},
    ],
    ids=lambda change: next(iter(change)),
)
def test_the_hash_changes_with_what_a_receiver_shows(change: dict[str, object]) -> None:
    assert entry_fingerprint(entry(**change)) != entry_fingerprint(entry())


def test_the_hash_ignores_what_a_receiver_does_not_show() -> None:
    same = entry(tags=("python",), category="Notes", syndication=("https://x.example/1",))
    assert entry_fingerprint(same) == entry_fingerprint(entry())
    assert len(entry_fingerprint(entry())) == 16


def test_editing_a_deleted_entry_does_not_change_its_hash() -> None:
    gone = entry(deleted=True)
    assert entry_fingerprint(dataclasses.replace(gone, title="Other")) == entry_fingerprint(gone)


# --- targets and rules ---------------------------------------------------------------------------


def test_targets_are_body_links_then_front_matter_without_repeats() -> None:
    item = entry(
        links=("https://b.example/", "https://a.example/", "https://b.example/"),
        in_reply_to=("https://r.example/",),
        bookmark_of="https://a.example/",
        like_of=("https://l.example/",),
        repost_of=("https://p.example/",),
    )
    assert linked_targets(item) == (
        "https://b.example/",
        "https://a.example/",
        "https://r.example/",
        "https://l.example/",
        "https://p.example/",
    )


@pytest.mark.parametrize(
    ("target", "why"),
    [
        ("https://them.example/post", None),
        ("https://blog.example.org/notes/2025/05/older/", "a link to this blog"),
        ("http://blog.example.org/notes/", "a link to this blog"),
        ("https://blog.example.org/other-site/", None),
        ("https://social.example/@me/1", "social.example is in webmention.never_send_to"),
        ("https://www.social.example/x", "social.example is in webmention.never_send_to"),
        ("https://notsocial.example/x", None),
        ("https://silo.example.com/x", "silo.example.com is in webmention.never_send_to"),
        (URL, "the entry's own address"),
    ],
)
def test_rules(target: str, why: str | None) -> None:
    rules = TargetRules(SITE, never_send_to=("social.example", "silo.example.com"))
    reason = rules.skip_reason(source(), target)
    assert (reason or "").startswith(why or "") and (reason is None) == (why is None)


def test_rules_from_the_config(make_site: MakeSite) -> None:
    root = make_site(
        {
            "plnpress.yaml": BASIC_CONFIG + "webmention:\n  send_internal: true\n"
            "  never_send_to: [https://WWW.Silo.example/feed, '*.other.example']\n"
        }
    )
    rules = TargetRules.from_config(load_config(root))
    assert rules.never_send_to == ("www.silo.example", "other.example")
    assert rules.send_internal
    assert rules.site_url == "https://blog.example.org/"


def test_only_matches_url_path_or_file() -> None:
    hello = source()
    for wanted in (URL, "/notes/2025/06/hello/", "/notes/2025/06/hello", hello.entry.source):
        assert matches(hello, wanted)
    assert not matches(hello, "/notes/2025/06/")


# --- the plan ------------------------------------------------------------------------------------


def attempt(entry_hash: str, result: Result = Result.SENT) -> Attempt:
    return Attempt(NOW, entry_hash, result, endpoint="https://them.example/wm")


def test_plan_reasons() -> None:
    now = source(links=("https://kept.example/", "https://new.example/"))
    log = SentLog(
        {
            (URL, "https://kept.example/"): (attempt("0" * 16),),
            (URL, "https://gone.example/"): (attempt("0" * 16),),
        }
    )
    plan = plan_sends([now], log, TargetRules(SITE))
    assert [(s.target, s.reason) for s in plan.sends] == [
        ("https://kept.example/", Reason.CHANGED),
        ("https://new.example/", Reason.NEW),
        ("https://gone.example/", Reason.REMOVED),
    ]


def test_plan_unchanged_and_retry() -> None:
    now = source(links=("https://ok.example/", "https://busy.example/", "https://no.example/"))
    log = SentLog(
        {
            (URL, "https://ok.example/"): (attempt(now.fingerprint),),
            (URL, "https://busy.example/"): (attempt(now.fingerprint, Result.FAILED),),
            (URL, "https://no.example/"): (attempt(now.fingerprint, Result.REFUSED),),
        }
    )
    plan = plan_sends([now], log, TargetRules(SITE))
    assert [(s.target, s.reason) for s in plan.sends] == [("https://busy.example/", Reason.RETRY)]
    assert plan.unchanged == 2


def test_a_deleted_entry_notifies_every_target_ever_sent_once() -> None:
    old = source(links=("https://a.example/",))
    gone = source(links=("https://a.example/",), deleted=True)
    log = SentLog(
        {
            (URL, "https://a.example/"): (attempt(old.fingerprint),),
            (URL, "https://b.example/"): (attempt("0" * 16), attempt("1" * 16)),
        }
    )
    plan = plan_sends([gone], log, TargetRules(SITE))
    assert [(s.target, s.reason) for s in plan.sends] == [
        ("https://a.example/", Reason.DELETED),
        ("https://b.example/", Reason.DELETED),
    ]
    done = log.with_attempts(((URL, s.target), attempt(gone.fingerprint)) for s in plan.sends)
    assert plan_sends([gone], done, TargetRules(SITE)).sends == ()


def test_opted_out_entries_skip_every_target() -> None:
    quiet = source(links=("https://a.example/",), webmentions=False)
    log = SentLog({(URL, "https://b.example/"): (attempt("0" * 16),)})
    plan = plan_sends([quiet], log, TargetRules(SITE))
    assert plan.sends == ()
    assert [(s.target, s.why) for s in plan.skipped] == [
        ("https://a.example/", "webmentions: false"),
        ("https://b.example/", "webmentions: false"),
    ]
