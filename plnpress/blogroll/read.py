"""``plnpress read``: fetch the feed of everyone on the blogroll, read top to bottom.

blogroll -> the state the last read left -> every feed fetched at once through the guarded
client (a few per host), each asking only for what changed since (``If-None-Match``,
``If-Modified-Since``: an unchanged feed costs a ``304``) -> each answer read into entries
(:mod:`plnpress.blogroll.feeds`), their authors' photos downloaded once -> the new state written
to the build state folder -> the newest entries, as ``/reading/`` shows them.

A feed that fails (unreachable, slow, too big, not a feed) is reported and keeps what it had;
it never stops the others.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from plnpress.blogroll.feeds import FeedEntry, entries_or_reason
from plnpress.blogroll.people import blogroll_people
from plnpress.clock import Clock, utc_now
from plnpress.config import Config
from plnpress.content.reading import (
    AVATARS,
    FeedState,
    ReadState,
    StoredEntry,
    load_reading,
    load_state,
    reading_dir,
    save_state,
)
from plnpress.errors import ProblemLog
from plnpress.fetch.client import GuardedClient
from plnpress.fetch.errors import FetchError
from plnpress.fetch.parsing import read_fetched
from plnpress.fetch.policy import policy_for
from plnpress.mentions.avatars import store_avatar
from plnpress.model.blogroll import BlogrollPerson
from plnpress.model.reading import Reading
from plnpress.model.response import Author
from plnpress.progress import Progress, Silent

FEED_ACCEPT = (
    "application/atom+xml, application/rss+xml, application/feed+json, "
    "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, text/html;q=0.7, */*;q=0.1"
)


class Result(StrEnum):
    NEW = "read"
    """The feed answered with its entries."""
    UNCHANGED = "unchanged"
    """It answered ``304 Not Modified`` to the conditional request."""
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class FeedOutcome:
    """What reading one person's feed gave."""

    person: BlogrollPerson
    feed: str
    result: Result
    entries: int = 0
    """Entries the feed has now (kept from before when it failed or had not changed)."""
    problem: str | None = None
    conditional: bool = False
    """The request asked only for changes (the feed had sent an ETag or Last-Modified)."""


@dataclass(frozen=True, slots=True)
class ReadReport:
    outcomes: tuple[FeedOutcome, ...]
    """One per person with a feed, in blogroll order."""
    without_feed: tuple[BlogrollPerson, ...]
    reading: Reading | None

    def count(self, result: Result) -> int:
        return sum(1 for outcome in self.outcomes if outcome.result is result)


def read_blogroll(
    config: Config, progress: Progress | None = None, clock: Clock = utc_now
) -> ReadReport:
    """Read every blogroll feed and keep what they say; raises `ProblemsError` if the
    blogroll has errors (nothing is fetched then)."""
    people = blogroll_people(config)
    following = [person for person in people if person.feed]
    before = load_state(config)
    now = clock().replace(microsecond=0)
    done = asyncio.run(_read_all(config, following, before.feeds, now, progress or Silent()))
    save_state(config, ReadState(now, {outcome.feed: state for outcome, state in done}))
    reading = load_reading(config, people, ProblemLog())
    return ReadReport(
        outcomes=tuple(outcome for outcome, _ in done),
        without_feed=tuple(person for person in people if not person.feed),
        reading=reading,
    )


async def _read_all(
    config: Config,
    people: list[BlogrollPerson],
    before: Mapping[str, FeedState],
    now: datetime,
    progress: Progress,
) -> list[tuple[FeedOutcome, FeedState]]:
    wait = float(config.site.reading.timeout)
    policy = policy_for(
        config, connect_timeout=min(wait, 5.0), read_timeout=min(wait, 5.0), total_timeout=wait
    )
    progress.begin("Reading feeds", len(people))
    async with GuardedClient(policy, max_concurrency=8, max_per_host=2) as client:
        reader = _Reader(config, client, now)

        async def one(person: BlogrollPerson) -> tuple[FeedOutcome, FeedState]:
            found = await reader.read(person, before.get(person.feed or "", FeedState()))
            progress.advance()
            return found

        return list(await asyncio.gather(*(one(person) for person in people)))


class _Reader:
    """Reads one feed at a time for `_read_all`, sharing the client and the photos."""

    def __init__(self, config: Config, client: GuardedClient, now: datetime) -> None:
        self.client = client
        self.now = now
        self.avatars = reading_dir(config) / AVATARS
        self._photos: dict[str, asyncio.Task[str | None]] = {}

    async def read(self, person: BlogrollPerson, old: FeedState) -> tuple[FeedOutcome, FeedState]:
        feed = person.feed or ""
        headers = {"Accept": FEED_ACCEPT}
        if old.etag:
            headers["If-None-Match"] = old.etag
        if old.last_modified:
            headers["If-Modified-Since"] = old.last_modified
        asked = "If-None-Match" in headers or "If-Modified-Since" in headers

        def failed(problem: str) -> tuple[FeedOutcome, FeedState]:
            outcome = FeedOutcome(
                person, feed, Result.FAILED, len(old.entries), problem, conditional=asked
            )
            return outcome, replace(old, checked=self.now, problem=problem)

        try:
            response = await self.client.fetch(feed, headers=headers)
        except FetchError as exc:
            return failed(str(exc))
        if response.status == 304 and asked:
            unchanged = FeedOutcome(
                person, feed, Result.UNCHANGED, len(old.entries), conditional=True
            )
            return unchanged, replace(old, checked=self.now, problem=None)
        if not response.ok:
            return failed(f"{response.final_url} answered {response.status}")
        if response.truncated:
            limit = self.client.policy.max_bytes // 1_000_000
            return failed(f"is larger than the {limit} MB a feed may be; it was not read")
        try:
            # In a reader process within the fetch's time budget, as every page from elsewhere:
            # a feed nested or built to stall a parser stops only itself.
            entries = await read_fetched(self.client.policy, response, entries_or_reason, response)
        except FetchError as exc:
            return failed(str(exc))
        if isinstance(entries, str):
            return failed(f"{response.final_url}: {entries}")
        stored = await self._stored(entries, old, person)
        state = FeedState(
            etag=response.header("etag"),
            last_modified=response.header("last-modified"),
            checked=self.now,
            entries=tuple(stored),
        )
        return FeedOutcome(person, feed, Result.NEW, len(stored), conditional=asked), state

    async def _stored(
        self, entries: list[FeedEntry], old: FeedState, person: BlogrollPerson
    ) -> list[StoredEntry]:
        seen = {entry.url: entry.seen for entry in old.entries}
        stored = []
        for entry in entries:
            photo = entry.author_photo
            avatar = await self._photo(photo) if photo else None
            author = Author(
                name=entry.author_name or person.name,
                url=entry.author_url or person.url,
                photo=photo,
                avatar=avatar,
            )
            stored.append(
                StoredEntry(
                    url=entry.url,
                    title=entry.title,
                    summary_html=entry.summary_html,
                    published=entry.published,
                    seen=seen.get(entry.url, self.now),
                    author=author,
                )
            )
        return stored

    async def _photo(self, url: str) -> str | None:
        """The photo at `url`, downloaded once per run (and kept for the runs after)."""
        task = self._photos.get(url)
        if task is None:
            task = self._photos[url] = asyncio.ensure_future(
                store_avatar(self.client, url, self.avatars)
            )
        return await task
