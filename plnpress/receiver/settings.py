"""How one receiver runs: the site it receives for, where it keeps its data, its limits.

`ReceiverSettings` is plain data. The command line builds it from its flags, the environment and
the blog's ``plnpress.yaml``; an ASGI server gets it from the environment alone
(`ReceiverSettings.from_env`, used by ``plnpress.receiver.asgi``). Secrets (the export token and
the build hook, which anyone could use to start builds) only ever come from the environment.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from plnpress.errors import PlnpressError
from plnpress.fetch.policy import FetchPolicy
from plnpress.mentions.sanitize import clean_url

ENV_PREFIX = "PLNPRESS_RECEIVER_"
BASE_URL_ENV = ENV_PREFIX + "BASE_URL"
TOKEN_ENV = ENV_PREFIX + "TOKEN"
"""The export token: the receiver checks it, ``plnpress webmention pull`` sends it."""
DEFAULT_DB = Path("webmentions.sqlite3")
DEFAULT_PORT = 8025


class SettingsError(PlnpressError):
    """A setting is missing or has a value that cannot work."""


@dataclass(frozen=True, slots=True)
class Limits:
    """What one sender may ask of the receiver (see docs/receiver.md, "Limits")."""

    max_body: int = 16_384
    """Most bytes of a request body; a Webmention is two URLs (413 beyond)."""
    per_client: int = 60
    """Requests per minute from one client address (an IPv6 client counts per /64); 429 beyond."""
    per_source_host: int = 30
    """Webmentions per minute whose source is on one host; 429 beyond."""
    queue_size: int = 1_000
    """Webmentions waiting to be checked at most; 503 beyond."""

    def __post_init__(self) -> None:
        for name in ("max_body", "per_client", "per_source_host", "queue_size"):
            if getattr(self, name) < 1:
                raise SettingsError(f"{name} must be at least 1, not {getattr(self, name)}")


@dataclass(frozen=True, slots=True)
class ReceiverSettings:
    """Everything the receiver needs to know; only `base_url` has no default."""

    base_url: str
    """The blog's address (its ``base_url``); only its published pages are valid targets."""
    db: Path = DEFAULT_DB
    """The SQLite file holding every Webmention and its state."""
    site_dir: Path | None = None
    """A built ``site/`` folder: its ``sitemap.xml`` lists the pages (re-read when it changes)."""
    sitemap_url: str | None = None
    """Where to fetch the list of pages when there is no `site_dir`; ``base_url`` +
    ``sitemap.xml`` by default."""
    sitemap_refresh: float = 300.0
    """Seconds between fetches of `sitemap_url`."""
    token: str | None = None
    """The export's bearer token; without one the export answers 403."""
    build_hook: str | None = None
    """A URL to POST to after a response was verified or deleted (a Netlify build hook)."""
    build_hook_interval: float = 600.0
    """Seconds between two calls of the build hook at least."""
    limits: Limits = field(default_factory=Limits)
    workers: int = 4
    """Sources fetched at the same time."""
    retry_delays: tuple[float, ...] = (60.0, 600.0, 3600.0)
    """Seconds to wait before fetching a source again after a timeout or a 5xx; one try more
    than there are delays, then the Webmention is rejected."""
    fetch: FetchPolicy = field(default_factory=FetchPolicy)
    """Limits for every outside fetch (sources, the sitemap, the build hook)."""

    def __post_init__(self) -> None:
        base = clean_url(self.base_url)
        if base is None or "?" in base or "#" in base:
            raise SettingsError(f"base URL {self.base_url!r} is not an http(s) address")
        if not base.endswith("/"):
            object.__setattr__(self, "base_url", base + "/")
        if self.workers < 1:
            raise SettingsError(f"workers must be at least 1, not {self.workers}")
        if self.sitemap_url is not None and clean_url(self.sitemap_url) != self.sitemap_url:
            raise SettingsError(f"sitemap URL {self.sitemap_url!r} is not an http(s) address")
        if self.build_hook is not None and clean_url(self.build_hook) != self.build_hook:
            raise SettingsError("the build hook is not an http(s) address")
        for name in ("sitemap_refresh", "build_hook_interval"):
            if not math.isfinite(getattr(self, name)) or getattr(self, name) < 0:
                raise SettingsError(
                    f"{name} must be a number of seconds, not {getattr(self, name)}"
                )

    @property
    def pages_source(self) -> str:
        """Where the list of pages comes from, for people: a file or a URL."""
        if self.site_dir is not None:
            return str(self.site_dir / "sitemap.xml")
        return self.public_sitemap

    @property
    def public_sitemap(self) -> str:
        return self.sitemap_url or self.base_url + "sitemap.xml"

    @property
    def origin(self) -> str:
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}"

    @classmethod
    def from_env(cls, environ: Mapping[str, str], **defaults: object) -> ReceiverSettings:
        """Settings from ``PLNPRESS_RECEIVER_*`` variables; `defaults` (keyword arguments of
        this class) fill in what the environment does not say."""
        values: dict[str, object] = dict(defaults)
        env = _Env(environ)
        for name, read in (
            ("base_url", env.text),
            ("db", env.path),
            ("site_dir", env.path),
            ("sitemap_url", env.text),
            ("sitemap_refresh", env.seconds),
            ("token", env.text),
            ("build_hook", env.text),
            ("build_hook_interval", env.seconds),
            ("workers", env.count),
        ):
            value = read(_ENV_NAMES.get(name, name.upper()))
            if value is not None:
                values[name] = value
        limits = values.pop("limits", None)
        limits = limits if isinstance(limits, Limits) else Limits()
        changed = {
            name: count
            for name in ("max_body", "per_client", "per_source_host", "queue_size")
            if (count := env.count(name.upper())) is not None
        }
        values["limits"] = replace(limits, **changed)
        private = env.flag("ALLOW_PRIVATE_ADDRESSES")
        if private is not None:
            fetch = values.get("fetch")
            fetch = fetch if isinstance(fetch, FetchPolicy) else FetchPolicy()
            values["fetch"] = replace(fetch, allow_private_addresses=private)
        if "base_url" not in values:
            raise SettingsError(
                f"set {BASE_URL_ENV} to your blog's address (its base_url), "
                "e.g. https://example.org/"
            )
        return cls(**values)  # type: ignore[arg-type]


_ENV_NAMES = {"site_dir": "SITE", "sitemap_url": "SITEMAP"}


class _Env:
    """Typed reads of ``PLNPRESS_RECEIVER_<NAME>``; None when unset or empty."""

    def __init__(self, environ: Mapping[str, str]) -> None:
        self._environ = environ

    def text(self, name: str) -> str | None:
        value = self._environ.get(ENV_PREFIX + name, "").strip()
        return value or None

    def path(self, name: str) -> Path | None:
        value = self.text(name)
        return Path(value).expanduser() if value else None

    def seconds(self, name: str) -> float | None:
        value = self.text(name)
        if value is None:
            return None
        try:
            seconds = float(value)
        except ValueError:
            raise SettingsError(
                f"{ENV_PREFIX}{name}={value!r} is not a number of seconds"
            ) from None
        return seconds

    def count(self, name: str) -> int | None:
        value = self.text(name)
        if value is None:
            return None
        if not value.isdigit():
            raise SettingsError(f"{ENV_PREFIX}{name}={value!r} is not a whole number")
        return int(value)

    def flag(self, name: str) -> bool | None:
        value = self.text(name)
        if value is None:
            return None
        if value.lower() in ("1", "true", "yes", "on"):
            return True
        if value.lower() in ("0", "false", "no", "off"):
            return False
        raise SettingsError(f"{ENV_PREFIX}{name}={value!r}: use 1 or 0")
