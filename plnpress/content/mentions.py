"""The responses each entry shows, read from ``content/mentions/`` (offline, like all content)."""

from __future__ import annotations

from collections.abc import Mapping

from plnpress.config import Config
from plnpress.errors import ProblemLog
from plnpress.mentions.moderation import is_shown
from plnpress.mentions.state import load_state
from plnpress.mentions.store import load_archive
from plnpress.model.response import EntryResponses
from plnpress.schema import Context


def shown_responses(config: Config, log: ProblemLog) -> Mapping[str, EntryResponses]:
    """Approved responses from domains that are not blocked, grouped, by target URL.

    Pending and rejected responses never reach the model, so no template can show them.
    """
    ctx = Context(config.site.timezone)
    archive = load_archive(config.root, log, ctx)
    state = load_state(config.root, log, ctx)
    grouped = {}
    for target in archive.targets:
        shown = [r for r in archive.responses(target) if is_shown(r, config, state)]
        if shown:
            grouped[target] = EntryResponses.group(shown)
    return grouped
