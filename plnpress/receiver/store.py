"""The receiver's SQLite file: every (source, target) pair it was sent, and where it stands.

One row per pair (the target without its fragment), so a re-sent Webmention updates its row in
place and keeps its status URL. A row is ``queued`` until the worker has checked its source, then
``verified``, ``rejected`` (with the reason) or ``deleted`` (it was verified, then its source went
away or stopped linking). The queue is the table itself: a restart picks up every queued row.

Every change the export reports (a response verified or changed, a verified one deleted) takes the
next number of one counter, ``change``; ``GET /webmention/export?since=N`` lists the rows changed
after N. A check that finds nothing new takes no number, so repeats cost readers nothing.

`MentionStore` is synchronous and owns one connection: use it from one thread (the receiver
gives it its own, see `plnpress.receiver.database`). The file is in WAL mode, so a backup or a
look with the ``sqlite3`` tool can read it while the receiver writes.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

SCHEMA_VERSION = 1
_LOOK_PAST = 200
"""Queued rows looked at beyond those wanted, to find another site's behind one site's."""
_SCHEMA = """
CREATE TABLE IF NOT EXISTS mentions (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,          -- the public name in the status URL
    source TEXT NOT NULL,
    target TEXT NOT NULL,              -- as the sender gave it
    page TEXT NOT NULL,                -- the target without its fragment
    state TEXT NOT NULL,               -- queued, verified, rejected, deleted
    reason TEXT NOT NULL DEFAULT '',
    received TEXT NOT NULL,            -- first request (ISO 8601, UTC)
    updated TEXT NOT NULL,             -- last request or check
    requests INTEGER NOT NULL DEFAULT 1,
    attempts INTEGER NOT NULL DEFAULT 0,
    due REAL NOT NULL DEFAULT 0,       -- not checked before this time (Unix seconds)
    entry TEXT,                        -- JF2 of the last successful check
    change INTEGER,                    -- export position of the last verified/deleted change
    change_kind TEXT,                  -- verified or deleted
    UNIQUE (source, page)
);
CREATE INDEX IF NOT EXISTS mentions_queue ON mentions (state, due);
CREATE INDEX IF NOT EXISTS mentions_change ON mentions (change);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
"""


class State(StrEnum):
    QUEUED = "queued"
    VERIFIED = "verified"
    REJECTED = "rejected"
    DELETED = "deleted"


@dataclass(frozen=True, slots=True)
class Mention:
    """One row: a pair and where it stands."""

    id: int
    key: str
    source: str
    target: str
    page: str
    state: State
    reason: str
    received: str
    updated: str
    requests: int
    """How often the pair was sent: a check applies only to the request it was made for."""
    attempts: int
    """Fetches of the source for the current request that failed for now."""
    due: float
    entry: dict[str, Any] | None
    change: int | None
    change_kind: State | None


@dataclass(frozen=True, slots=True)
class Submitted:
    """What storing a request did."""

    mention: Mention
    created: bool
    """A new pair (not a re-sent one)."""


@dataclass(frozen=True, slots=True)
class Settlement:
    """The new state of a row after a check (see `plnpress.receiver.outcome`)."""

    state: State
    reason: str
    entry: dict[str, Any] | None = None
    """The JF2 entry, for a verified check."""
    due: float = 0.0
    """For a row left queued: when to try again."""
    attempts: int = 0
    change: State | None = None
    """``verified`` or ``deleted`` when the export must report this check."""


class MentionStore:
    """The SQLite file, opened (and created if need be) by the thread that will use it."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(path, isolation_level=None, timeout=10.0)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        # Each commit reaches the WAL file before the answer: a crash of the receiver loses
        # nothing it has answered; only a power cut may lose the last moments (docs/receiver.md).
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.executescript(_SCHEMA)
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version == 0:
            self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        elif version != SCHEMA_VERSION:
            self._db.close()
            raise sqlite3.DatabaseError(
                f"{path} was written by another version of plnpress (schema {version})"
            )

    def close(self) -> None:
        self._db.close()

    def submit(
        self, source: str, target: str, page: str, *, now: str, queue_size: int
    ) -> Submitted | None:
        """Store a request: a new row, or the pair's row queued again (fields updated in place).

        A pair already waiting in the queue is only refreshed. None (and nothing written) when
        the request would join a queue that already holds `queue_size` rows.
        """
        with self._transaction():
            row = self._db.execute(
                "SELECT id, state FROM mentions WHERE source = ? AND page = ?", (source, page)
            ).fetchone()
            joins_queue = row is None or row["state"] != State.QUEUED
            if joins_queue and self.queued() >= queue_size:
                return None
            if row is None:
                cursor = self._db.execute(
                    "INSERT INTO mentions (key, source, target, page, state, received, updated)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (secrets.token_urlsafe(12), source, target, page, State.QUEUED, now, now),
                )
                mention_id = cursor.lastrowid
            else:
                mention_id = row["id"]
                self._db.execute(
                    "UPDATE mentions SET target = ?, state = ?, reason = '', updated = ?,"
                    " requests = requests + 1, attempts = 0, due = 0 WHERE id = ?",
                    (target, State.QUEUED, now, mention_id),
                )
            stored = self._get("id = ?", mention_id)
        assert stored is not None
        return Submitted(stored, created=row is None)

    def queued(self) -> int:
        """How many rows wait to be checked."""
        found = self._db.execute(
            "SELECT count(*) FROM mentions WHERE state = ?", (State.QUEUED,)
        ).fetchone()
        return int(found[0])

    def due(
        self,
        now: float,
        limit: int,
        busy: frozenset[int],
        full_hosts: frozenset[str] = frozenset(),
        per_host: int | None = None,
    ) -> tuple[list[Mention], float | None]:
        """Up to `limit` queued rows due by `now` (oldest first) that are not in `busy`, and when
        the next of the others is due (None if no other waits).

        Rows whose source host is in `full_hosts`, or past `per_host` rows of one host in this
        batch, wait: one site's pages cannot take every check at once."""
        rows = self._db.execute(
            "SELECT * FROM mentions WHERE state = ? ORDER BY due, id LIMIT ?",
            (State.QUEUED, limit + len(busy) + _LOOK_PAST),
        ).fetchall()
        ready: list[Mention] = []
        later: float | None = None
        taken: dict[str, int] = {}
        for row in rows:
            if row["id"] in busy:
                continue
            host = source_host(row["source"])
            if host in full_hosts or taken.get(host, 0) >= (per_host or limit):
                continue
            if row["due"] <= now and len(ready) < limit:
                ready.append(_mention(row))
                taken[host] = taken.get(host, 0) + 1
            elif later is None:
                later = float(row["due"])
        return ready, later

    def settle(self, mention: Mention, settlement: Settlement, *, now: str) -> bool:
        """Record the check of `mention`; False (and nothing written) if the pair was sent again
        meanwhile, so that the newer request is checked afresh."""
        with self._transaction():
            current = self._db.execute(
                "SELECT requests, state FROM mentions WHERE id = ?", (mention.id,)
            ).fetchone()
            if current is None or tuple(current) != (mention.requests, State.QUEUED):
                return False
            change = self._next_change() if settlement.change is not None else None
            entry = json.dumps(settlement.entry, sort_keys=True) if settlement.entry else None
            self._db.execute(
                "UPDATE mentions SET state = ?, reason = ?, updated = ?, attempts = ?, due = ?,"
                " entry = coalesce(?, entry), change = coalesce(?, change),"
                " change_kind = coalesce(?, change_kind) WHERE id = ?",
                (
                    settlement.state,
                    settlement.reason,
                    now,
                    settlement.attempts,
                    settlement.due,
                    entry,
                    change,
                    settlement.change,
                    mention.id,
                ),
            )
        return True

    def by_key(self, key: str) -> Mention | None:
        return self._get("key = ?", key)

    def pair(self, source: str, page: str) -> Mention | None:
        return self._get("source = ? AND page = ?", source, page)

    def changes(self, since: int, limit: int) -> list[Mention]:
        """Rows whose last reported change came after `since`, in change order."""
        rows = self._db.execute(
            "SELECT * FROM mentions WHERE change > ? ORDER BY change LIMIT ?", (since, limit)
        ).fetchall()
        return [_mention(row) for row in rows]

    def newest(self) -> int:
        """The number of the latest change (0 before the first)."""
        found = self._db.execute("SELECT value FROM counters WHERE name = 'change'").fetchone()
        return int(found[0]) if found else 0

    def counts(self) -> dict[str, int]:
        """Rows by state, for the log and the bench."""
        rows = self._db.execute("SELECT state, count(*) FROM mentions GROUP BY state").fetchall()
        return {str(state): int(count) for state, count in rows}

    def _next_change(self) -> int:
        self._db.execute(
            "INSERT INTO counters (name, value) VALUES ('change', 1)"
            " ON CONFLICT (name) DO UPDATE SET value = value + 1"
        )
        found = self._db.execute("SELECT value FROM counters WHERE name = 'change'").fetchone()
        return int(found[0])

    def _get(self, where: str, *args: object) -> Mention | None:
        row = self._db.execute(f"SELECT * FROM mentions WHERE {where}", args).fetchone()
        return _mention(row) if row is not None else None

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db)


class _Transaction:
    """``BEGIN IMMEDIATE`` ... ``COMMIT`` (or ``ROLLBACK`` on an exception)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        self._db.execute("COMMIT" if kind is None else "ROLLBACK")


def _mention(row: sqlite3.Row) -> Mention:
    return Mention(
        id=row["id"],
        key=row["key"],
        source=row["source"],
        target=row["target"],
        page=row["page"],
        state=State(row["state"]),
        reason=row["reason"],
        received=row["received"],
        updated=row["updated"],
        requests=row["requests"],
        attempts=row["attempts"],
        due=float(row["due"]),
        entry=json.loads(row["entry"]) if row["entry"] else None,
        change=row["change"],
        change_kind=State(row["change_kind"]) if row["change_kind"] else None,
    )


def source_host(source: str) -> str:
    """The host a source is on: the unit of fairness among the checks."""
    try:
        return (urlsplit(source).hostname or "").lower()
    except ValueError:
        return ""
