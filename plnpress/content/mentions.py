"""The responses each entry shows, read from ``content/mentions/`` (offline, like all content)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set
from dataclasses import replace

from plnpress.config import Config
from plnpress.errors import ProblemLog
from plnpress.mentions.moderation import is_shown
from plnpress.mentions.state import load_state
from plnpress.mentions.store import AVATARS_DIR, MENTIONS_DIR, load_archive
from plnpress.model.response import EntryResponses, Response
from plnpress.schema import Context


def shown_responses(
    config: Config, log: ProblemLog, entry_urls: Set[str], page_urls: Set[str] = frozenset()
) -> Mapping[str, EntryResponses]:
    """Approved responses from domains that are not blocked, grouped, by target URL.

    Pending and rejected responses never reach the model, so no template can show them. Responses
    to an address not in ``entry_urls`` (the entries' addresses and old addresses, ``aliases:``)
    are kept (the archive never drops them) and reported: an entry whose slug or date changed
    without an alias leaves its responses behind; a page (``page_urls``, comments imported from
    WordPress) shows none.
    """
    ctx = Context(config.site.timezone)
    archive = load_archive(config.root, log, ctx)
    state = load_state(config.root, log, ctx)
    avatars = config.root / MENTIONS_DIR / AVATARS_DIR
    present = {path.name for path in avatars.iterdir()} if avatars.is_dir() else set()
    grouped = {}
    for target in archive.targets:
        shown = [
            _without_missing_avatar(r, present)
            for r in archive.responses(target)
            if is_shown(r, config, state)
        ]
        if shown:
            address = config.rebased(target)  # a preview's entries live at other addresses
            grouped[address] = EntryResponses.group(shown)
            if address not in entry_urls:
                why = _PAGE if address in page_urls else _NO_ENTRY
                _warn_unmatched(config, archive.path_of(target), f"{target} {why}", log)
    return grouped


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
_PAGE = "are kept but not shown: it is a page, and pages do not show responses (posts do)"


def _warn_unmatched(config: Config, path: str | None, what: str, log: ProblemLog) -> None:
    rel = path or MENTIONS_DIR
    line = None
    if path is not None:
        lines = (config.root / path).read_text(encoding="utf-8").splitlines()
        line = next((n for n, text in enumerate(lines, 1) if text.startswith("target:")), None)
    log.warning(rel, line, f"responses to {what}")


def _without_missing_avatar(response: Response, present: set[str]) -> Response:
    """A response whose photo file is gone shows a placeholder instead."""
    if response.author.avatar is None or response.author.avatar in present:
        return response
    return replace(response, author=replace(response.author, avatar=None))
