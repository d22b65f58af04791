"""The loaded configuration: the settings, the blog folder, and the build's idea of now."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from plnpress.clock import utc_now
from plnpress.config.schema import SiteConfig
from plnpress.errors import PlnpressError, Problem, Severity

CONFIG_FILE = "plnpress.yaml"

PLACEHOLDER_HOSTS = frozenset({"example.org", "example.com", "example.net", "localhost"})
"""Hosts of a ``base_url`` nobody can publish at: what ``plnpress init`` writes until told the
blog's address, and the machine itself."""


def is_placeholder_url(url: str) -> bool:
    """Whether ``url`` is a stand-in address: ``https://example.org/`` (as ``plnpress init``
    writes it without ``--url``), ``example.com``, ``example.net`` (``www.`` too) or
    ``localhost``. (Their subdomains are fine: tests and examples name blogs like that.)"""
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    return host in PLACEHOLDER_HOSTS or host.endswith(".localhost")


@dataclass(frozen=True, slots=True)
class Config:
    """A blog folder and its validated ``plnpress.yaml``."""

    root: Path
    """The blog folder (absolute)."""
    site: SiteConfig
    """Everything from ``plnpress.yaml``."""
    build_time: datetime | None = None
    """Pinned 'now' (config ``build_time`` or ``SOURCE_DATE_EPOCH``); None means the clock."""
    warnings: tuple[Problem, ...] = ()
    lines: Mapping[str, int] = field(default_factory=dict)
    """The line of each top-level key in ``plnpress.yaml``, for messages."""
    published_base_url: str | None = None
    """``base_url`` as ``plnpress.yaml`` has it, when a build for another address (a preview,
    ``plnpress build --base-url``) replaced it in :attr:`site`."""

    def line_of(self, key: str) -> int | None:
        return self.lines.get(key)

    @property
    def has_placeholder_address(self) -> bool:
        """``base_url`` is still a stand-in (see :func:`is_placeholder_url`)."""
        return is_placeholder_url(self.published_base_url or self.base_url)

    def placeholder_warning(self) -> Problem | None:
        """What ``build`` and ``check`` say while ``base_url`` is a stand-in."""
        if not self.has_placeholder_address:
            return None
        return Problem(
            CONFIG_FILE,
            self.line_of("base_url"),
            f"base_url: {self.published_base_url or self.base_url} is a placeholder: the feeds, "
            "the sitemap and every full link point there; write your blog's real address on "
            "this line before you publish",
            Severity.WARNING,
        )

    def require_real_address(self, doing: str) -> None:
        """Refuse ``doing`` (e.g. "sending Webmentions") while ``base_url`` is a stand-in: other
        sites would be told about pages at an address that is not the blog's."""
        if self.has_placeholder_address:
            where = f"{CONFIG_FILE}:{self.line_of('base_url') or 1}"
            raise PlnpressError(
                f"{where}: base_url: {self.published_base_url or self.base_url} is a placeholder; "
                f"write your blog's real address on that line before {doing}"
            )

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def base_url(self) -> str:
        """The site URL, always ending in ``/``."""
        return self.site.base_url

    def rebased(self, url: str) -> str:
        """``url``, an address of the published site, as an address of this build (the same
        unless ``--base-url`` gave another one)."""
        published = self.published_base_url
        if published is None or not url.startswith(published):
            return url
        return self.base_url + url[len(published) :]

    @property
    def base_path(self) -> str:
        """The URL path the site lives under: ``/``, or ``/blog/`` for ``https://example.org/blog/``."""
        return urlsplit(self.site.base_url).path or "/"

    @property
    def origin(self) -> str:
        """Scheme and host of the base URL, without a path."""
        parts = urlsplit(self.site.base_url)
        return f"{parts.scheme}://{parts.netloc}"

    def now(self) -> datetime:
        """The time the build uses to tell future entries from published ones."""
        return self.build_time or utc_now()

    def absolute(self, site_path: str) -> str:
        """Turn a root-relative site path (``/blog/2024/...``) into an absolute URL."""
        return self.origin + site_path
