"""``content/mentions/_websub.yaml``: what the WebSub hub was last told about each topic.

For each topic (a feed, or the home page) the fingerprint of the version the hub was told about,
and when. It is what lets ``plnpress ping`` tell the hub only about what changed. Like the sent
log it is committed with the content, written atomically, and a file that cannot be read stops
the run with ``file:line: message`` rather than being overwritten.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from plnpress.atomic import write_if_changed
from plnpress.errors import ProblemLog
from plnpress.mentions import yamlfile
from plnpress.schema import (
    Context,
    Custom,
    DateTime,
    HexHash,
    ListOf,
    Url,
    load_section,
    option,
)

STATE_FILE = "content/mentions/_websub.yaml"

_HEADER = """\
Written by `plnpress ping` (and `plnpress webmention send`): for each feed, the version the
WebSub hub was last told about. Commit it with your content; do not edit it by hand."""


@dataclass(frozen=True, slots=True)
class Told:
    """The hub was told about this version of a topic."""

    fingerprint: str
    at: datetime


@dataclass(frozen=True, slots=True)
class HubState:
    """What one hub was last told, per topic URL."""

    hub: str | None = None
    topics: Mapping[str, Told] = field(default_factory=dict)

    def told(self, hub: str, topic: str) -> Told | None:
        """What `hub` was last told about `topic` (nothing, if the state is another hub's)."""
        return self.topics.get(topic) if hub == self.hub else None


@dataclass(frozen=True, slots=True)
class _TopicFields:
    url: str = option(Url())
    fingerprint: str = option(HexHash())
    pinged: datetime = option(DateTime())


@dataclass(frozen=True, slots=True)
class _StateFields:
    hub: str | None = option(Url(), default=None)
    topics: tuple[object, ...] = option(ListOf(Custom(lambda v, c: v, "a topic")), default=())


def read_state(root: Path, log: ProblemLog) -> HubState:
    """The state on disk (empty if there is none); problems go to `log`."""
    path = root / STATE_FILE
    if not path.is_file():
        return HubState()
    doc = yamlfile.read(path, STATE_FILE, log, max_aliases=0)
    if doc is None:
        return HubState()
    if doc.data is None:  # plnpress always writes "hub:" and "topics:": it was cut down
        log.error(
            STATE_FILE,
            1,
            "the file is empty; restore it from git, or delete it to tell the hub about every"
            " feed again",
        )
        return HubState()
    ctx = Context(UTC)
    top, _ = load_section(_StateFields, doc.data, doc=doc, at=(), ctx=ctx, log=log, path=STATE_FILE)
    if top is None:
        return HubState()
    topics: dict[str, Told] = {}
    for index, item in enumerate(top.topics):
        fields, _ = load_section(
            _TopicFields, item, doc=doc, at=("topics", index), ctx=ctx, log=log, path=STATE_FILE
        )
        if fields is not None:
            topics[fields.url] = Told(fields.fingerprint, fields.pinged.astimezone(UTC))
    return HubState(top.hub, topics)


def write_state(root: Path, state: HubState) -> bool:
    """Write `state` (topics in URL order); False if the file already said exactly that."""
    data = {
        "hub": state.hub,
        "topics": [
            {
                "url": url,
                "fingerprint": told.fingerprint,
                "pinged": told.at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            }
            for url, told in sorted(state.topics.items())
        ],
    }
    return write_if_changed(root / STATE_FILE, yamlfile.dump(data, _HEADER))
