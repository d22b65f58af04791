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
from pathlib import Path

from plnpress.atomic import write_if_changed
from plnpress.blogroll.feedfinder import FeedLookup, find_feed
from plnpress.config import Config
from plnpress.content.blogroll import BLOGROLL, load_blogroll, with_feeds
from plnpress.errors import PlnpressError, ProblemLog
from plnpress.fetch.client import GuardedClient
from plnpress.fetch.policy import policy_for
from plnpress.model.blogroll import BlogrollPerson
from plnpress.schema import Context


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
    people = _read(config)
    missing = [(index, p) for index, p in enumerate(people) if p.feed is None]
    lookups = asyncio.run(_look_up(config, [person.url for _, person in missing]))
    found = {
        index: lookup.feed
        for (index, _), lookup in zip(missing, lookups, strict=True)
        if lookup.feed is not None
    }
    written = False
    if found and not dry_run:
        written = _write(config, path, people, found)
    return DiscoverReport(
        people=len(people),
        looked_up=tuple(
            Discovered(person, lookup) for (_, person), lookup in zip(missing, lookups, strict=True)
        ),
        written=written,
    )


def _read(config: Config) -> tuple[BlogrollPerson, ...]:
    log = ProblemLog()
    people = load_blogroll(config.root, log, Context(config.site.timezone))
    log.raise_if_errors("Blogroll")
    return people


async def _look_up(config: Config, urls: Sequence[str]) -> list[FeedLookup]:
    async with GuardedClient(policy_for(config), max_concurrency=8) as client:
        return list(await asyncio.gather(*(find_feed(client, url) for url in urls)))


def _write(
    config: Config, path: Path, before: Sequence[BlogrollPerson], found: dict[int, str]
) -> bool:
    now = _read(config)
    unchanged = {
        index: feed
        for index, feed in found.items()
        if index < len(now) and now[index].url == before[index].url and now[index].feed is None
    }
    if not unchanged:
        return False
    text = path.read_bytes().decode("utf-8")
    windows = "\r\n" in text  # keep the writer's line endings
    edited = with_feeds(text.replace("\r\n", "\n"), unchanged)
    return write_if_changed(path, edited.replace("\n", "\r\n") if windows else edited)
