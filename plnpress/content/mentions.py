"""The responses each entry shows, read from ``content/mentions/`` (offline, like all content)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import replace
from typing import TypeVar

from plnpress.config import Config
from plnpress.errors import ProblemLog
from plnpress.mentions.moderation import is_shown
from plnpress.mentions.state import HarvestState, load_state
from plnpress.mentions.store import AVATARS_DIR, MENTIONS_DIR, Archive, load_archive
from plnpress.model import Entry, Page
from plnpress.model.response import EntryResponses, Response
from plnpress.schema import Context


def shown_responses(
    config: Config, log: ProblemLog, answered_urls: Set[str]
) -> Mapping[str, EntryResponses]:
    """Approved responses from domains that are not blocked, grouped, by target URL.

    Pending and rejected responses never reach the model, so no template can show them. Responses
    to an address not in ``answered_urls`` (the addresses and old addresses, ``aliases:``, of the
    entries and pages) are kept (the archive never drops them) and reported: an entry whose slug
    or date changed without an alias leaves its responses behind.
    """
    ctx = Context(config.site.timezone)
    archive = load_archive(config.root, log, ctx)
    state = load_state(config.root, log, ctx)
    present = present_avatars(config)
    grouped = {}
    for target in archive.targets:
        shown = _shown(archive.responses(target), config, state, present)
        if shown:
            address = config.rebased(target)  # a preview's entries live at other addresses
            grouped[address] = EntryResponses.group(shown)
            if address not in answered_urls:
                _warn_unmatched(config, archive.path_of(target), f"{target} {_NO_ENTRY}", log)
    return grouped


def addresses_of(item: Entry | Page) -> list[str]:
    """Where responses to ``item`` may be stored: its address, then its old ones."""
    return [item.url, *(alias.url for alias in item.aliases)]


Answered = TypeVar("Answered", Entry, Page)


def with_responses(item: Answered, responses: Mapping[str, EntryResponses]) -> Answered:
    """``item`` (an entry or a page) with the responses (by target, from `shown_responses`) to
    its addresses; a deleted entry shows none."""
    found = merged_responses(responses, addresses_of(item))
    if found is None or (isinstance(item, Entry) and item.deleted):
        return item
    return replace(item, responses=found)


def with_responses_in(
    entry: Entry, config: Config, archive: Archive, state: HarvestState, present: Set[str]
) -> Entry:
    """`with_responses` from an archive in memory, for one entry: an import marking its entries
    as notified needs each as the next send will see it, without the whole blog at once."""
    grouped = {}
    for address in addresses_of(entry):
        shown = _shown(archive.responses(address), config, state, present)
        if shown:
            grouped[address] = EntryResponses.group(shown)
    return with_responses(entry, grouped)


def present_avatars(config: Config) -> set[str]:
    """The downloaded author pictures (a response whose picture is gone shows a placeholder)."""
    avatars = config.root / MENTIONS_DIR / AVATARS_DIR
    return {path.name for path in avatars.iterdir()} if avatars.is_dir() else set()


def _shown(
    responses: Iterable[Response], config: Config, state: HarvestState, present: Set[str]
) -> list[Response]:
    return [_without_missing_avatar(r, present) for r in responses if is_shown(r, config, state)]


def merged_responses(
    responses: Mapping[str, EntryResponses], addresses: Sequence[str]
) -> EntryResponses | None:
    """The responses to any of ``addresses`` (an entry's and its aliases'), grouped as one; a
    source stored for two of them is shown once, as stored for the first."""
    found = [responses[url] for url in addresses if url in responses]
    if len(found) < 2:
        return found[0] if found else None
    unique: dict[str, Response] = {}
    for group in found:
        for response in group.every:
            unique.setdefault(response.source, response)
    return EntryResponses.group(unique.values())


_NO_ENTRY = (
    "are kept but not shown: no published entry has that address (is it a draft, or dated in "
    "the future? did its slug or date change? list the old address under its aliases:)"
)


def _warn_unmatched(config: Config, path: str | None, what: str, log: ProblemLog) -> None:
    rel = path or MENTIONS_DIR
    line = None
    if path is not None:
        lines = (config.root / path).read_text(encoding="utf-8").splitlines()
        line = next((n for n, text in enumerate(lines, 1) if text.startswith("target:")), None)
    log.warning(rel, line, f"responses to {what}")


def _without_missing_avatar(response: Response, present: Set[str]) -> Response:
    """A response whose photo file is gone shows a placeholder instead."""
    if response.author.avatar is None or response.author.avatar in present:
        return response
    return replace(response, author=replace(response.author, avatar=None))
