"""The SQLite store and the rule that turns a check into a row's new state, without HTTP."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from plnpress.fetch.client import GuardedClient
from plnpress.fetch.policy import FetchPolicy
from plnpress.model.response import Author, Response, ResponseKind
from plnpress.receiver.database import StoreThread
from plnpress.receiver.outcome import settle
from plnpress.receiver.store import Mention, MentionStore, Settlement, State
from plnpress.receiver.worker import Worker
from plnpress.webmention.harvest.verify import Outcome, Verification

NOW = "2026-01-01T00:00:00+00:00"
SOURCE, TARGET = "https://a.example/reply", "https://blog.example.org/2025/04/first-post/"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[MentionStore]:
    opened = MentionStore(tmp_path / "wm.sqlite3")
    yield opened
    opened.close()


def submit(store: MentionStore, source: str = SOURCE, queue_size: int = 10) -> Mention:
    submitted = store.submit(source, TARGET + "#c", TARGET, now=NOW, queue_size=queue_size)
    assert submitted is not None
    return submitted.mention


def response(content: str = "<p>Hi</p>") -> Response:
    return Response(
        SOURCE,
        TARGET,
        ResponseKind.REPLY,
        Author("Jo"),
        datetime(2026, 1, 1, tzinfo=UTC),
        content_html=content,
    )


def verified(content: str = "<p>Hi</p>") -> Verification:
    return Verification(SOURCE, TARGET, Outcome.VERIFIED, "verified", response=response(content))


def test_the_file_is_in_wal_mode(store: MentionStore) -> None:
    connection = sqlite3.connect(store.path)
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    connection.close()


def test_a_resent_pair_keeps_its_row_and_key(store: MentionStore) -> None:
    first = submit(store)
    store.settle(first, Settlement(State.REJECTED, "no link"), now=NOW)
    again = submit(store)
    assert (again.id, again.key) == (first.id, first.key)
    assert (again.state, again.reason, again.requests) == (State.QUEUED, "", 2)


def test_a_full_queue_takes_no_new_pair_but_refreshes_a_waiting_one(store: MentionStore) -> None:
    submit(store, queue_size=1)
    assert store.submit("https://b.example/", TARGET, TARGET, now=NOW, queue_size=1) is None
    assert submit(store, queue_size=1).requests == 2
    assert store.queued() == 1


def test_a_check_of_an_older_request_is_not_recorded(store: MentionStore) -> None:
    checked = submit(store)
    submit(store)  # sent again while the first check was under way
    assert store.settle(checked, Settlement(State.VERIFIED, "", entry={"a": 1}), now=NOW) is False
    assert store.by_key(checked.key).state is State.QUEUED  # type: ignore[union-attr]


def test_only_reported_changes_take_a_number(store: MentionStore) -> None:
    a, b = submit(store), submit(store, "https://b.example/")
    store.settle(b, Settlement(State.REJECTED, "no link"), now=NOW)
    store.settle(a, Settlement(State.VERIFIED, "", {"v": 1}, change=State.VERIFIED), now=NOW)
    assert [(m.source, m.change) for m in store.changes(0, 10)] == [(SOURCE, 1)]
    a = submit(store)
    store.settle(a, Settlement(State.DELETED, "gone", change=State.DELETED), now=NOW)
    [row] = store.changes(1, 10)
    assert (row.change, row.change_kind, row.entry) == (2, State.DELETED, {"v": 1})


def test_a_file_of_another_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA user_version=99")
    connection.close()
    with pytest.raises(sqlite3.DatabaseError, match="schema 99"):
        MentionStore(path)


def test_settle_verified_reports_only_news(store: MentionStore) -> None:
    mention = submit(store)
    first = settle(mention, verified(), now=0, retry_delays=())
    assert first.state is State.VERIFIED and first.change is State.VERIFIED
    known = replace(mention, entry=first.entry, change=1, change_kind=State.VERIFIED)
    assert settle(known, verified(), now=0, retry_delays=()).change is None
    assert settle(known, verified("<p>New</p>"), now=0, retry_delays=()).change is State.VERIFIED


@pytest.mark.parametrize("outcome", [Outcome.GONE, Outcome.NO_LINK])
def test_settle_gone_deletes_only_what_was_verified(store: MentionStore, outcome: Outcome) -> None:
    mention = submit(store)
    gone = Verification(SOURCE, TARGET, outcome, "answered 410 Gone")
    never = settle(mention, gone, now=0, retry_delays=())
    assert (never.state, never.change) == (State.REJECTED, None)
    known = replace(mention, change=1, change_kind=State.VERIFIED)
    deleted = settle(known, gone, now=0, retry_delays=())
    assert (deleted.state, deleted.change) == (State.DELETED, State.DELETED)
    assert deleted.reason == "the source answered 410 Gone"


def test_settle_retries_for_now_failures_then_gives_up(store: MentionStore) -> None:
    mention = submit(store)
    busy = Verification(SOURCE, TARGET, Outcome.FAILED, "answered 503", temporary=True)
    first = settle(mention, busy, now=100, retry_delays=(60, 600))
    assert (first.state, first.due, first.attempts) == (State.QUEUED, 160, 1)
    assert first.reason == "the source answered 503; trying again in 1 min"
    second = settle(replace(mention, attempts=1), busy, now=100, retry_delays=(60, 600))
    assert (second.due, second.reason.rsplit(" ", 2)[-2:]) == (700, ["10", "min"])
    last = settle(replace(mention, attempts=2), busy, now=100, retry_delays=(60, 600))
    assert (last.state, last.reason) == (State.REJECTED, "the source answered 503")


def test_settle_a_failure_keeps_what_was_verified(store: MentionStore) -> None:
    known = replace(submit(store), change=1, change_kind=State.VERIFIED)
    missing = Verification(SOURCE, TARGET, Outcome.FAILED, "answered 404")
    result = settle(known, missing, now=0, retry_delays=())
    assert (result.state, result.change, result.entry) == (State.REJECTED, None, None)


def test_an_error_of_the_receiver_rejects_the_row_instead_of_looping(tmp_path: Path) -> None:
    def broken(request: httpx.Request) -> httpx.Response:
        raise RuntimeError("a bug in the receiver")

    async def check_once() -> Mention | None:
        db = StoreThread(tmp_path / "wm.sqlite3")
        await db.open()
        submitted = await db.run(MentionStore.submit, SOURCE, TARGET, TARGET, now=NOW, queue_size=9)
        assert submitted is not None
        policy = FetchPolicy(allow_private_addresses=True)
        async with GuardedClient(policy, transport=httpx.MockTransport(broken)) as client:
            worker = Worker(db, client, concurrency=1, retry_delays=(60,))
            worker.start()
            for _ in range(1000):  # at most ten seconds
                mention = await db.run(MentionStore.by_key, submitted.mention.key)
                if mention is None or mention.state is not State.QUEUED:
                    break
                await asyncio.sleep(0.01)
            await worker.stop()
        await db.close()
        return mention

    mention = asyncio.run(check_once())
    assert mention is not None and mention.state is State.REJECTED
    assert (
        mention.reason == "the receiver failed to check the source; send the Webmention again later"
    )
