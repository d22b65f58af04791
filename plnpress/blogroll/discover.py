"""``plnpress blogroll discover``: fill in the feeds the blogroll does not list yet.

content/blogroll.yaml -> the people without ``feed:`` -> fetch each site (through the guarded
client, a few at a time) -> write the feeds found into the file, changing nothing else in it.
The file is read again just before it is written, so an edit made meanwhile is kept; a person whose
entry changed meanwhile is left alone.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

from plnpress.blogroll.feedfinder import FeedLookup, find_feed
from plnpress.blogroll.people import blogroll_people, edit_blogroll
from plnpress.config import Config
from plnpress.content.blogroll import BLOGROLL, with_feeds
from plnpress.errors import PlnpressError
from plnpress.fetch.client import GuardedClient
from plnpress.fetch.policy import policy_for
from plnpress.model.blogroll import BlogrollPerson


@dataclass(frozen=True, slots=True)
class Discovered:
    """The lookup for one person who had no feed."""

    person: BlogrollPerson
    lookup: FeedLookup


@dataclass(frozen=True, slots=True)
class DiscoverReport:
    """What ``blogroll discover`` found and wrote."""

    people: int
    """Everyone on the blogroll."""
    looked_up: tuple[Discovered, ...]
    """The people who had no feed, in blogroll order, with what their site said."""
    written: bool
    """True if ``content/blogroll.yaml`` was changed."""

    @property
    def found(self) -> int:
        return sum(1 for d in self.looked_up if d.lookup.feed)


def discover_feeds(config: Config, *, dry_run: bool = False) -> DiscoverReport:
    """Look up the missing feeds and write them into the blogroll (unless `dry_run`).

    Raises `ProblemsError` if the blogroll has errors (nothing is fetched then).
    """
    path = config.root / BLOGROLL
    if not path.is_file():
        raise PlnpressError(f"there is no {BLOGROLL}; see docs/network.md to start one")
    people = blogroll_people(config)
    missing = [(index, p) for index, p in enumerate(people) if p.feed is None]
    lookups = asyncio.run(_look_up(config, [person.url for _, person in missing]))
    found = {
        index: lookup.feed
        for (index, _), lookup in zip(missing, lookups, strict=True)
        if lookup.feed is not None
    }
    written = False
    if found and not dry_run:
        written = _write(config, people, found)
    return DiscoverReport(
        people=len(people),
        looked_up=tuple(
            Discovered(person, lookup) for (_, person), lookup in zip(missing, lookups, strict=True)
        ),
        written=written,
    )


async def _look_up(config: Config, urls: Sequence[str]) -> list[FeedLookup]:
    async with GuardedClient(policy_for(config), max_concurrency=8) as client:
        return list(await asyncio.gather(*(find_feed(client, url) for url in urls)))


def _write(config: Config, before: Sequence[BlogrollPerson], found: dict[int, str]) -> bool:
    now = blogroll_people(config)
    unchanged = {
        index: feed
        for index, feed in found.items()
        if index < len(now) and now[index].url == before[index].url and now[index].feed is None
    }
    if not unchanged:
        return False
    return edit_blogroll(config, lambda text: with_feeds(text, unchanged))
