"""What signing in keeps, in the server's SQLite file beside the receiver's Webmentions.

- ``auth_settings``: the writer's password (its scrypt hash, `plnpress.indieauth.passwords`);
- ``auth_tokens``: every access token, by name; the token itself is never stored, only its
  SHA-256 (a token is 256 random bits: a slow hash adds nothing), so a copy of the file lets
  nobody post;
- ``auth_codes``: authorization codes waiting to be exchanged, hashed the same way, each usable
  once and for ten minutes.

`AuthStore` owns one connection and is used from one thread (`plnpress.receiver.database`), or
from a command while the server runs: the file is in WAL mode and waits for the other's writes.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from plnpress.clock import utc_stamp

_SCHEMA = """
CREATE TABLE IF NOT EXISTS auth_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS auth_tokens (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    hash TEXT NOT NULL UNIQUE,          -- SHA-256 of the token, hex
    scope TEXT NOT NULL,                -- space-separated
    client_id TEXT NOT NULL DEFAULT '', -- the app it was issued to ('' from the command line)
    me TEXT NOT NULL,
    created TEXT NOT NULL,
    created_at REAL NOT NULL,
    used TEXT                           -- last request made with it
);
CREATE TABLE IF NOT EXISTS auth_codes (
    hash TEXT PRIMARY KEY,
    client_id TEXT NOT NULL,
    redirect_uri TEXT NOT NULL,
    scope TEXT NOT NULL,
    me TEXT NOT NULL,
    challenge TEXT NOT NULL,
    expires REAL NOT NULL,              -- Unix seconds
    used INTEGER NOT NULL DEFAULT 0
);
"""
PASSWORD_KEY = "password"
CODE_LIFETIME = 600.0
"""Seconds an authorization code can be exchanged (the IndieAuth spec's recommended most)."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_secret() -> str:
    """A token or code: 256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


@dataclass(frozen=True, slots=True)
class Grant:
    """What an access token allows, and to whom it was given."""

    name: str
    scope: frozenset[str]
    me: str
    client_id: str = ""
    created: str = ""
    created_at: float = 0.0
    used: str | None = None

    def allows(self, scope: str) -> bool:
        return scope in self.scope


@dataclass(frozen=True, slots=True)
class Code:
    """An authorization code's request, for the exchange to check against."""

    client_id: str
    redirect_uri: str
    scope: str
    me: str
    challenge: str


class AuthStore:
    """The sign-in tables of the server's SQLite file."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, isolation_level=None, timeout=10.0)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        self._db.close()

    # The password

    def password_hash(self) -> str | None:
        row = self._db.execute(
            "SELECT value FROM auth_settings WHERE key = ?", (PASSWORD_KEY,)
        ).fetchone()
        return None if row is None else str(row["value"])

    def set_password_hash(self, value: str) -> None:
        self._db.execute(
            "INSERT INTO auth_settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (PASSWORD_KEY, value),
        )

    # Access tokens

    def issue(self, scope: frozenset[str], me: str, *, name: str, client_id: str = "") -> str:
        """A new token for `scope`, kept under `name` (made unique: ``name 2``, ...)."""
        token = new_secret()
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute(
                "INSERT INTO auth_tokens (name, hash, scope, client_id, me, created, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, strftime('%s','now'))",
                (
                    self._free_name(name),
                    token_hash(token),
                    " ".join(sorted(scope)),
                    client_id,
                    me,
                    utc_stamp(),
                ),
            )
        return token

    def grant(self, token: str, *, touch: bool = True) -> Grant | None:
        """What `token` allows, or None for a token that is unknown or revoked."""
        wanted = token_hash(token)
        row = self._db.execute("SELECT * FROM auth_tokens WHERE hash = ?", (wanted,)).fetchone()
        if row is None or not hmac.compare_digest(str(row["hash"]), wanted):
            return None
        if touch:
            self._db.execute(
                "UPDATE auth_tokens SET used = ? WHERE id = ?", (utc_stamp(), row["id"])
            )
        return _grant(row)

    def revoke(self, token: str) -> bool:
        """Revoke `token`; False if it was not a token (nothing to revoke)."""
        cursor = self._db.execute("DELETE FROM auth_tokens WHERE hash = ?", (token_hash(token),))
        return cursor.rowcount > 0

    def revoke_named(self, name: str) -> bool:
        cursor = self._db.execute("DELETE FROM auth_tokens WHERE name = ?", (name,))
        return cursor.rowcount > 0

    def grants(self) -> list[Grant]:
        rows = self._db.execute("SELECT * FROM auth_tokens ORDER BY id").fetchall()
        return [_grant(row) for row in rows]

    def _free_name(self, name: str) -> str:
        taken = {str(row[0]) for row in self._db.execute("SELECT name FROM auth_tokens")}
        candidate, number = name, 1
        while candidate in taken:
            number += 1
            candidate = f"{name} {number}"
        return candidate

    # Authorization codes

    def new_code(self, code: Code, now: float) -> str:
        secret = new_secret()
        self._db.execute("DELETE FROM auth_codes WHERE expires < ?", (now,))
        self._db.execute(
            "INSERT INTO auth_codes (hash, client_id, redirect_uri, scope, me, challenge, expires)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                token_hash(secret),
                code.client_id,
                code.redirect_uri,
                code.scope,
                code.me,
                code.challenge,
                now + CODE_LIFETIME,
            ),
        )
        return secret

    def use_code(self, secret: str, now: float) -> Code | None:
        """The request of a valid, unused code, which is used up by this call; None for a code
        that is unknown, expired or used before."""
        wanted = token_hash(secret)
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            row = self._db.execute("SELECT * FROM auth_codes WHERE hash = ?", (wanted,)).fetchone()
            if row is None or row["used"] or row["expires"] < now:
                return None
            self._db.execute("UPDATE auth_codes SET used = 1 WHERE hash = ?", (wanted,))
        return Code(
            str(row["client_id"]),
            str(row["redirect_uri"]),
            str(row["scope"]),
            str(row["me"]),
            str(row["challenge"]),
        )


def _grant(row: sqlite3.Row) -> Grant:
    return Grant(
        name=str(row["name"]),
        scope=frozenset(str(row["scope"]).split()),
        me=str(row["me"]),
        client_id=str(row["client_id"]),
        created=str(row["created"]),
        created_at=float(row["created_at"]),
        used=row["used"],
    )
