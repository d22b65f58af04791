"""Read and write the archive and the state together, as every mentions command does."""

from __future__ import annotations

from plnpress.config import Config
from plnpress.errors import ProblemLog
from plnpress.mentions.state import STATE_FILE, HarvestState, load_state, save_state
from plnpress.mentions.store import Archive, load_archive
from plnpress.schema import Context


def read_mentions(config: Config) -> tuple[Archive, HarvestState]:
    """The archive and ``_harvest.yaml``; a broken file stops here with ``file:line: message``,
    before anything could be written over it."""
    log = ProblemLog()
    ctx = Context(config.site.timezone)
    archive = load_archive(config.root, log, ctx)
    state = load_state(config.root, log, ctx)
    log.raise_if_errors("Reading content/mentions/")
    return archive, state


def write_mentions(config: Config, archive: Archive, state: HarvestState) -> list[str]:
    """Write the changed response files and the state; return the paths written."""
    written = archive.save(config.base_path)
    if save_state(config.root, state):
        written.append(STATE_FILE)
    return written
