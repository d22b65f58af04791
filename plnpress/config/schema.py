"""What ``plnpress.yaml`` may contain: every key, its type, its default and what it is for.

Each section is a frozen dataclass; :func:`plnpress.schema.load_section` validates the YAML against
it. The ``help`` texts double as the reference in ``docs/configuration.md``.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from plnpress.config.server import MicropubConfig, ServerConfig
from plnpress.schema import (
    Bool,
    Choice,
    Context,
    Custom,
    DateTime,
    Int,
    Invalid,
    ListOf,
    Section,
    Text,
    Url,
    describe,
    option,
)


def parse_timezone(value: object, ctx: Context) -> ZoneInfo:
    if not isinstance(value, str) or not value.strip():
        raise Invalid(f"expected a timezone name such as Europe/Berlin, got {describe(value)}")
    try:
        return ZoneInfo(value.strip())
    except (ZoneInfoNotFoundError, ValueError):
        close = difflib.get_close_matches(value, sorted(available_timezones()), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise Invalid(f"{value!r} is not a known timezone{hint}") from None


def _base_url(value: object, ctx: Context) -> str:
    url = Url().convert(value, ctx)
    if "?" in url or "#" in url:
        raise Invalid(f"{url!r} must not have a query or fragment")
    parts = urlsplit(url)
    # Scheme and host are case-blind: written one way here, so that addresses compare as text.
    url = urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path, "", ""))
    return url if url.endswith("/") else url + "/"


def normal_base_url(text: str) -> str:
    """``text`` checked and written as ``base_url:`` is (with a final slash), or ``Invalid``."""
    return _base_url(text, Context(UTC))


def _permalink(value: object, ctx: Context) -> str:
    text = Text().convert(value, ctx)
    if not text.startswith("/"):
        raise Invalid(f"{text!r} must start with /")
    if ".." in text.split("/"):
        raise Invalid(f"{text!r} must not contain '..'")
    return text


def _language(value: object, ctx: Context) -> str:
    text = Text().convert(value, ctx)
    if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", text):
        raise Invalid(f"{text!r} is not a language tag such as en or en-GB")
    return text


@dataclass(frozen=True, slots=True)
class AuthorConfig:
    """The person behind the blog: the h-card on every page."""

    name: str = option(Text(), doc="Your name as readers should see it.")
    url: str | None = option(Url(), default=None, doc="Your home page; the site URL if unset.")
    photo: str | None = option(
        Url(relative=True), default=None, doc="Your picture: a URL or a path in content/static/."
    )
    email: str | None = option(Text(), default=None, doc="Shown as a mailto link if set.")
    note: str | None = option(Text(), default=None, doc="One or two sentences about you.")


@dataclass(frozen=True, slots=True)
class PermalinkConfig:
    """Where each kind of page is written; ``{year}``, ``{month}``, ``{day}``, ``{slug}``."""

    post: str = option(Custom(_permalink, "a path"), default="/{year}/{month}/{slug}/")
    link: str = option(Custom(_permalink, "a path"), default="/links/{year}/{slug}/")
    page: str = option(Custom(_permalink, "a path"), default="/{slug}/")


@dataclass(frozen=True, slots=True)
class FeedConfig:
    """The Atom, RSS and JSON feeds."""

    entries: int = option(Int(minimum=1), default=20, doc="How many newest entries a feed holds.")


@dataclass(frozen=True, slots=True)
class WebmentionConfig:
    """Sending and receiving Webmentions (see docs/webmentions.md)."""

    endpoint: str | None = option(
        Url(), default=None, doc="The endpoint advertised on every page (webmention.io or yours)."
    )
    send_internal: bool = option(Bool(), default=False, doc="Also notify links to this site.")
    never_send_to: tuple[str, ...] = option(ListOf(Text()), default=(), doc="Domains to skip.")
    allow_private_addresses: bool = option(
        Bool(), default=False, doc="Allow fetches to loopback and private addresses (tests only)."
    )
    moderation: str = option(
        Choice("open", "first-time", "all"),
        default="first-time",
        doc="Which responses wait for your approval.",
    )
    block: tuple[str, ...] = option(ListOf(Text()), default=(), doc="Domains never shown.")
    allow: tuple[str, ...] = option(ListOf(Text()), default=(), doc="Domains always shown.")
    webmention_io: str = option(
        Url(),
        default="https://webmention.io/",
        doc="The webmention.io server 'pull' reads (change it only to test against a stand-in).",
    )
    receiver: str | None = option(
        Url(),
        default=None,
        doc="Your own receiver ('plnpress webmention receive') that 'pull' reads, e.g. "
        "https://wm.example.org/ (token in PLNPRESS_RECEIVER_TOKEN).",
    )


@dataclass(frozen=True, slots=True)
class WebSubConfig:
    """Telling feed readers at once when the feeds change (see docs/network.md)."""

    hub: str | None = option(
        Url(), default=None, doc="The WebSub hub the feeds name and 'plnpress ping' tells."
    )


@dataclass(frozen=True, slots=True)
class BridgyConfig:
    """Copies of entries on Mastodon or Bluesky through Bridgy Publish (see docs/network.md)."""

    url: str = option(
        Custom(_base_url, "a URL"),
        default="https://brid.gy/",
        doc="Bridgy's address (change it only to test against a stand-in).",
    )

    def publish_target(self, silo: str) -> str:
        """The address an entry links to, and notifies, to be copied to `silo`."""
        return f"{self.url}publish/{silo}"

    @property
    def endpoint(self) -> str:
        """Where Bridgy Publish takes its Webmentions."""
        return f"{self.url}publish/webmention"


_HANDLE = re.compile(r"@?([^@\s/]+)@([a-z0-9.-]+\.[a-z]{2,})", re.IGNORECASE)


def _mastodon_handle(value: object, ctx: Context) -> str:
    text = Text().convert(value, ctx).strip()
    if not _HANDLE.fullmatch(text):
        raise Invalid(
            f"{text!r} is not a Mastodon handle; write it as @name@server, "
            "e.g. @maren@mastodon.social"
        )
    return "@" + text.lstrip("@")


@dataclass(frozen=True, slots=True)
class FollowConfig:
    """Ways to follow the blog besides its feeds, on the /follow/ page (see docs/network.md)."""

    newsletter: str | None = option(
        Url(), default=None, doc="The sign-up page of your e-mail newsletter."
    )
    mastodon: str | None = option(
        Custom(_mastodon_handle, "a handle"),
        default=None,
        doc="Your Mastodon account, as @name@server.",
    )

    @property
    def mastodon_url(self) -> str | None:
        """The account's profile page: ``@name@server`` -> ``https://server/@name``."""
        if self.mastodon is None:
            return None
        name, server = self.mastodon.lstrip("@").split("@")
        return f"https://{server.lower()}/@{name}"


@dataclass(frozen=True, slots=True)
class AppearanceConfig:
    """Choices the default theme offers (see docs/themes.md)."""

    list_images: bool = option(
        Bool(),
        default=False,
        doc="Show each entry's cover picture (image:) in lists too, not only on its own page.",
    )


@dataclass(frozen=True, slots=True)
class ImagesConfig:
    """How pictures are published (see docs/writing.md, "Pictures")."""

    keep_metadata: bool = option(
        Bool(),
        default=False,
        doc="Publish pictures with their metadata (GPS position, camera, dates) as they are.",
    )


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """The whole of ``plnpress.yaml``."""

    title: str = option(Text(), doc="The blog's name.")
    base_url: str = option(
        Custom(_base_url, "a URL"), doc="Where the site is published, e.g. https://example.org/."
    )
    author: AuthorConfig = option(Section(AuthorConfig))
    description: str = option(Text(allow_empty=True), default="", doc="One line about the blog.")
    language: str = option(Custom(_language, "a language tag"), default="en")
    timezone: tzinfo = option(Custom(parse_timezone, "a timezone"), default=ZoneInfo("UTC"))
    rel_me: tuple[str, ...] = option(ListOf(Url()), default=(), doc="Your profiles elsewhere.")
    permalinks: PermalinkConfig = option(Section(PermalinkConfig), default=PermalinkConfig())
    per_page: int = option(Int(minimum=1, maximum=1000), default=10, doc="Entries per list page.")
    theme: str = option(Text(), default="default", doc="Theme name or folder.")
    feeds: FeedConfig = option(Section(FeedConfig), default=FeedConfig())
    build_time: datetime | None = option(
        DateTime(), default=None, doc="Pin 'now' for reproducible builds."
    )
    webmention: WebmentionConfig = option(Section(WebmentionConfig), default=WebmentionConfig())
    websub: WebSubConfig = option(Section(WebSubConfig), default=WebSubConfig())
    bridgy: BridgyConfig = option(Section(BridgyConfig), default=BridgyConfig())
    follow: FollowConfig = option(Section(FollowConfig), default=FollowConfig())
    appearance: AppearanceConfig = option(Section(AppearanceConfig), default=AppearanceConfig())
    images: ImagesConfig = option(Section(ImagesConfig), default=ImagesConfig())
    search: bool = option(
        Bool(), default=False, doc="Build a search page and index (Pagefind); init sets it."
    )
    server: ServerConfig = option(Section(ServerConfig), default=ServerConfig())
    micropub: MicropubConfig = option(Section(MicropubConfig), default=MicropubConfig())
