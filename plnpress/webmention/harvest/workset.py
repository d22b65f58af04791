"""The working set of one harvesting run: the archive, the state, and which URLs are entries."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from plnpress.config import Config
from plnpress.content import ContentOptions, load_site
from plnpress.errors import ProblemLog
from plnpress.mentions.files import read_mentions, write_mentions
from plnpress.mentions.moderation import blocked_domains
from plnpress.mentions.state import MAX_ATTEMPTS, HarvestState, Retry
from plnpress.mentions.store import Archive, bare
from plnpress.model import Entry, Page
from plnpress.model.response import Response


@dataclass(frozen=True, slots=True)
class Pair:
    """A (source, target) to check, and why."""

    source: str
    target: str
    via: str
    """Where it came from: ``webmention.io``, ``manual``, or ``refresh`` (a stored one)."""
    hint: Response | None = None
    """What a service reported for the pair (a fallback for what the page does not say)."""


class Harvest:
    """The archive and state being changed, with the site's entries to check targets against."""

    def __init__(
        self,
        config: Config,
        now: datetime,
        archive: Archive,
        state: HarvestState,
        entries: dict[str, str],
        aliases: dict[str, tuple[str, ...]] | None = None,
    ) -> None:
        self.config = config
        self.now = now
        self.archive = archive
        self.state = state
        self.entries = entries
        """Entry URL without fragment -> entry URL (an old address, ``aliases:``, is its own)."""
        self._aliases = aliases or {}

    @property
    def blocked(self) -> tuple[str, ...]:
        return blocked_domains(self.config, self.state)

    def entry_url(self, target: str) -> str | None:
        """The entry `target` points at (a fragment is ignored), or None."""
        return self.entries.get(bare(target))

    def aliases_of(self, target: str) -> tuple[str, ...]:
        """The old addresses of the entry `target` is: a source that links to one of them
        responds to the entry (the receiver reports such a response for the entry itself)."""
        return self._aliases.get(bare(target), ())

    def drop_retry(self, pair: Pair) -> None:
        kept = tuple(
            r for r in self.state.retry if (r.source, r.target) != (pair.source, pair.target)
        )
        self.state = replace(self.state, retry=kept)

    def queue_retry(self, pair: Pair, reason: str) -> bool:
        """Remember `pair` for the next pull; False once it has failed `MAX_ATTEMPTS` times."""
        old = next(
            (r for r in self.state.retry if (r.source, r.target) == (pair.source, pair.target)),
            None,
        )
        self.drop_retry(pair)
        attempts = old.attempts + 1 if old is not None else 1
        if attempts > MAX_ATTEMPTS:
            return False
        via = old.via if old is not None else pair.via
        first = old.first_tried if old is not None else self.now
        retry = Retry(pair.source, pair.target, first, attempts, reason, via)
        self.state = replace(self.state, retry=(*self.state.retry, retry))
        return True

    def save(self) -> list[str]:
        """Write the changed response files and the state; return what was written."""
        return write_mentions(self.config, self.archive, self.state)

    def orphans(self) -> list[str]:
        """Notes about stored responses whose target is no longer an entry (a changed slug?)."""
        return [
            f"{self.archive.path_of(target)}: {target} is not an entry of this site any more;"
            " its responses are kept but not shown"
            for target in self.archive.targets
            if target not in self.entries and self.archive.responses(target)
        ]


def open_harvest(config: Config, now: datetime) -> Harvest:
    """Read the archive and state (a broken file stops here with ``file:line``) and the entries."""
    archive, state = read_mentions(config)
    site = load_site(config, ContentOptions(drafts=True, future=True), ProblemLog())
    # A page shows its responses as an entry does.
    answered: tuple[Entry | Page, ...] = (*site.entries, *site.pages)
    entries = {bare(item.url): item.url for item in answered}
    # An entry's old addresses (aliases:) are its addresses too: it shows their responses.
    entries |= {bare(old.url): old.url for item in answered for old in item.aliases}
    aliases = {bare(i.url): tuple(bare(old.url) for old in i.aliases) for i in answered}
    return Harvest(config, now, archive, state, entries, aliases)
