"""What one ``plnpress server`` needs to know: the blog folder and the receiver's settings.

The receiver's part is a `ReceiverSettings` made the way ``plnpress webmention receive`` makes
it (its flags, ``PLNPRESS_RECEIVER_*``, the blog's ``plnpress.yaml``); the rest comes from the
blog's config, read again while the server runs (`plnpress.server.blog`). One SQLite file holds
the Webmentions and the sign-in tables.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from plnpress.indieauth.service import INTROSPECTION_TOKEN_ENV, SIGN_INS_PER_MINUTE
from plnpress.micropub.publish import RETRY_DELAYS
from plnpress.receiver.settings import ReceiverSettings

DEFAULT_DB_NAME = "server.sqlite3"
"""In the blog folder (``plnpress init``'s .gitignore keeps ``*.sqlite3`` out of git)."""
COMMAND = "plnpress server"


@dataclass(frozen=True, slots=True)
class ServerSettings:
    root: Path
    """The blog folder (absolute)."""
    receiver: ReceiverSettings
    introspection_token: str | None = None
    """The bearer token for ``micropub.introspection_endpoint``, from the environment."""
    publish_retry_delays: tuple[float, ...] = RETRY_DELAYS
    """Seconds to wait before pushing again after a failed push."""
    sign_ins_per_minute: int = SIGN_INS_PER_MINUTE

    @property
    def db(self) -> Path:
        return self.receiver.db

    @staticmethod
    def introspection_token_from(environ: Mapping[str, str]) -> str | None:
        return environ.get(INTROSPECTION_TOKEN_ENV, "").strip() or None


def default_db(root: Path) -> Path:
    return root / DEFAULT_DB_NAME
