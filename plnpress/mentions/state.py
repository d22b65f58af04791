"""What harvesting remembers between runs, in ``content/mentions/_harvest.yaml``.

- where the last webmention.io pull stopped (``since_id``), so the next one asks only for news,
  and where it stopped in the own receiver's export (``receiver: since``);
- responses removed because their source is gone, and responses rejected in review: neither
  is ever stored again;
- domains blocked in review (on top of ``webmention.block`` in the config);
- pairs whose source could not be reached for now (a timeout, a 5xx), tried again next pull.

It is committed data like the responses: nothing in it is dropped by a later run, and a broken file
stops the command with ``file:line: message`` rather than being overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from plnpress.atomic import write_if_changed
from plnpress.errors import ProblemLog
from plnpress.mentions import yamlfile
from plnpress.mentions.store import MENTIONS_DIR, bare
from plnpress.schema import Context, DateTime, Int, ListOf, Section, Text, Url, load_section, option

STATE_FILE = f"{MENTIONS_DIR}/_harvest.yaml"
MAX_ATTEMPTS = 5
"""A source unreachable on this many pulls in a row is given up (and reported)."""

_HEADER = """\
Kept by `plnpress webmention pull` and `review`: commit it with the responses.
deleted and rejected responses are never stored again; blocked domains are never shown."""


@dataclass(frozen=True, slots=True)
class Decision:
    """A (source, target) pair that must not come back, and why."""

    source: str = option(Url())
    target: str = option(Url())
    date: datetime = option(DateTime())
    reason: str = option(Text(), default="")


@dataclass(frozen=True, slots=True)
class Retry:
    """A pair whose source could not be fetched yet."""

    source: str = option(Url())
    target: str = option(Url())
    first_tried: datetime = option(DateTime())
    attempts: int = option(Int(minimum=1), default=1)
    reason: str = option(Text(), default="")
    via: str = option(Text(), default="webmention.io")


@dataclass(frozen=True, slots=True)
class ServiceCursor:
    since_id: int | None = option(Int(minimum=0), default=None)
    deleted_since_id: int | None = option(Int(minimum=0), default=None)


@dataclass(frozen=True, slots=True)
class ReceiverCursor:
    since: int | None = option(Int(minimum=0), default=None)
    """The last change of the receiver's export that was read."""


@dataclass(frozen=True, slots=True)
class _Top:
    webmention_io: ServiceCursor = option(Section(ServiceCursor), default=ServiceCursor())
    receiver: ReceiverCursor = option(Section(ReceiverCursor), default=ReceiverCursor())
    blocked: tuple[str, ...] = option(ListOf(Text()), default=())


@dataclass(frozen=True, slots=True)
class HarvestState:
    """The whole of ``_harvest.yaml``."""

    webmention_io: ServiceCursor = ServiceCursor()
    blocked: tuple[str, ...] = ()
    """Domains blocked in review."""
    receiver: ReceiverCursor = ReceiverCursor()
    """Where the last pull stopped in the own receiver's export."""
    deleted: tuple[Decision, ...] = ()
    rejected: tuple[Decision, ...] = ()
    retry: tuple[Retry, ...] = ()

    def refused(self, source: str, target: str) -> Decision | None:
        """The deletion or rejection that keeps this pair out, if any."""
        for decision in (*self.deleted, *self.rejected):
            if decision.source == source and bare(decision.target) == bare(target):
                return decision
        return None

    def with_decision(self, kind: str, decision: Decision) -> HarvestState:
        """A copy with `decision` added to ``deleted`` or ``rejected`` (once)."""
        current: tuple[Decision, ...] = getattr(self, kind)
        if any(d.source == decision.source and d.target == decision.target for d in current):
            return self
        if kind == "deleted":
            return replace(self, deleted=(*current, decision))
        return replace(self, rejected=(*current, decision))


_RESTORE = "restore it from git, or delete it to start again with no state"

_LISTS: dict[str, type[Any]] = {"deleted": Decision, "rejected": Decision, "retry": Retry}


def load_state(root: Path, log: ProblemLog, ctx: Context) -> HarvestState:
    """Read ``_harvest.yaml`` (an empty state if there is none); problems go to `log`."""
    path = root / STATE_FILE
    if not path.is_file():
        return HarvestState()
    doc = yamlfile.read(path, STATE_FILE, log, max_aliases=0)
    if doc is None:
        return HarvestState()
    if doc.data is None:
        # plnpress writes at least "{}": an empty file was cut down, and reading it as "no
        # state" would forget which responses were deleted or rejected.
        log.error(STATE_FILE, 1, f"the file is empty; {_RESTORE}")
        return HarvestState()
    data = doc.data
    if not isinstance(data, dict):
        log.error(STATE_FILE, doc.first_line, "expected a mapping of keys")
        return HarvestState()
    simple = {k: v for k, v in data.items() if k not in _LISTS}
    top, _ = load_section(_Top, simple, doc=doc, at=(), ctx=ctx, log=log, path=STATE_FILE)
    lists: dict[str, Any] = {}
    for key, schema in _LISTS.items():
        raw = data.get(key) or []
        if not isinstance(raw, list):
            log.error(STATE_FILE, doc.line_of((key,)), f"{key}: expected a list")
            continue
        items = []
        for index, item in enumerate(raw):
            value, _ = load_section(
                schema, item, doc=doc, at=(key, index), ctx=ctx, log=log, path=STATE_FILE
            )
            if value is not None:
                items.append(value)
        lists[key] = tuple(items)
    top = top or _Top()
    return HarvestState(
        webmention_io=top.webmention_io, blocked=top.blocked, receiver=top.receiver, **lists
    )


def save_state(root: Path, state: HarvestState) -> bool:
    """Write ``_harvest.yaml`` if it changed; return whether it did."""
    cursor = {
        key: value
        for key, value in (
            ("since_id", state.webmention_io.since_id),
            ("deleted_since_id", state.webmention_io.deleted_since_id),
        )
        if value is not None
    }
    data: dict[str, Any] = {
        "webmention_io": cursor,
        "receiver": {"since": state.receiver.since} if state.receiver.since is not None else {},
        "blocked": sorted(set(state.blocked)),
        "deleted": [_decision(d) for d in state.deleted],
        "rejected": [_decision(d) for d in state.rejected],
        "retry": [_retry(r) for r in state.retry],
    }
    data = {key: value for key, value in data.items() if value}
    return write_if_changed(root / STATE_FILE, yamlfile.dump(data, _HEADER))


def _decision(decision: Decision) -> dict[str, Any]:
    record = {
        "source": decision.source,
        "target": decision.target,
        "date": decision.date.isoformat(timespec="seconds"),
    }
    return record | ({"reason": decision.reason} if decision.reason else {})


def _retry(retry: Retry) -> dict[str, Any]:
    return {
        "source": retry.source,
        "target": retry.target,
        "first_tried": retry.first_tried.isoformat(timespec="seconds"),
        "attempts": retry.attempts,
        "reason": retry.reason,
        "via": retry.via,
    }
