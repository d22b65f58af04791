"""What front matter may contain, per kind of file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from plnpress.model.entry import SILOS
from plnpress.model.permalinks import PermalinkError, output_path
from plnpress.model.slugs import slug_problem
from plnpress.schema import (
    Bool,
    Choice,
    Context,
    Custom,
    DateTime,
    Int,
    Invalid,
    ListOf,
    Text,
    Url,
    describe,
    option,
)


def _slug(value: object, ctx: Context) -> str:
    text = Text().convert(value, ctx)
    problem = slug_problem(text)
    if problem:
        raise Invalid(problem)
    return text


def _permalink(value: object, ctx: Context) -> str:
    text = Text().convert(value, ctx)
    try:
        output_path(text)
    except PermalinkError as exc:
        raise Invalid(str(exc)) from None
    return text


def _alias(value: object, ctx: Context) -> str:
    """An old address: a path from the site's root or a full URL (checked against ``base_url``
    once the config is at hand, in :mod:`plnpress.content.aliases`)."""
    text = Text().convert(value, ctx)
    if text.startswith("/") and not text.startswith("//"):
        if any(ch.isspace() for ch in text):
            raise Invalid(f"{text!r} is not a path (it contains a space)")
        return text
    try:
        return Url().convert(text, ctx)
    except Invalid:
        raise Invalid(
            f"{text!r} is not an old address of this site; write a path such as "
            "/2025/04/old-slug/ or a full URL"
        ) from None


def _tags(value: object, ctx: Context) -> tuple[str, ...]:
    """A list of tags; one line of text is split at its commas (``tags: python, teaching``),
    as a writer coming from other tools expects."""
    if isinstance(value, str) and "," in value:
        value = [part.strip() for part in value.split(",") if part.strip()]
    return ListOf(Text()).convert(value, ctx)


def _photo(value: object, ctx: Context) -> tuple[str, str]:
    """A photo: its address, or ``{url: ..., alt: ...}`` with what it shows."""
    if isinstance(value, dict):
        unknown = sorted(str(key) for key in value if key not in ("url", "alt"))
        if unknown:
            raise Invalid(f"a photo has url: and alt:, not {', '.join(unknown)}")
        url = Url(relative=True).convert(value.get("url"), ctx)
        alt = value.get("alt")
        return url, "" if alt is None else Text(allow_empty=True).convert(alt, ctx)
    return Url(relative=True).convert(value, ctx), ""


def _properties(value: object, ctx: Context) -> dict[str, list[Any]]:
    """Microformats properties kept as an app sent them: names, each with a list of values."""
    if not isinstance(value, dict) or not all(isinstance(key, str) for key in value):
        raise Invalid("expected property names, each with a list of values")
    for name, values in value.items():
        if not isinstance(values, list):
            raise Invalid(f"{name}: expected a list of values")
    return dict(value)


_ALIASES = ListOf(Custom(_alias, "a path or URL"))
_ALIASES_DOC = "Old addresses that redirect here."

HIDDEN_STATUSES = ("draft", "hidden", "private", "pending")
"""``status:`` values (Pelican's, WordPress's) that keep an entry or page out of the site."""
PUBLIC_STATUSES = ("published", "publish")


def _extra(value: object, ctx: Context) -> dict[str, object]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise Invalid(f"expected a mapping of your own keys (mood: happy), got {describe(value)}")
    return {str(k): v for k, v in value.items()}


_STATUS = Choice(*PUBLIC_STATUSES, *HIDDEN_STATUSES)
_STATUS_DOC = "draft, hidden, private or pending keep it out (as draft: true); published is fine."
_PUBLISHED_DOC = "false keeps it out (Jekyll's way of writing draft: true)."
_EXTRA = Custom(_extra, "a mapping")
_EXTRA_DOC = "Your own keys, for your templates: entry.extra.<key>."


@dataclass(frozen=True, slots=True)
class EntryFields:
    """Front matter of posts (``content/posts/``) and link-bookmarks (``content/links/``)."""

    title: str | None = option(Text(), default=None, doc="Required for posts.")
    date: datetime | None = option(DateTime(), default=None, doc="Or a YYYY-MM-DD- file name.")
    updated: datetime | None = option(DateTime(), default=None)
    slug: str | None = option(Custom(_slug, "a slug"), default=None)
    tags: tuple[str, ...] = option(
        Custom(_tags, "a list of tags"), default=(), doc="A list, or one line split at commas."
    )
    category: str | None = option(Text(), default=None)
    summary: str | None = option(Text(), default=None)
    draft: bool = option(Bool(), default=False)
    image: str | None = option(Url(relative=True), default=None)
    image_alt: str | None = option(Text(allow_empty=True), default=None)
    photo: tuple[tuple[str, str], ...] = option(
        ListOf(Custom(_photo, "a photo")), default=(), doc="Photos the entry shows, with alt text."
    )
    in_reply_to: tuple[str, ...] = option(ListOf(Url()), default=())
    like_of: tuple[str, ...] = option(ListOf(Url()), default=())
    repost_of: tuple[str, ...] = option(ListOf(Url()), default=())
    syndication: tuple[str, ...] = option(ListOf(Url()), default=())
    syndicate_to: tuple[str, ...] = option(
        ListOf(Choice(*SILOS)), default=(), doc="Copy it there through Bridgy Publish."
    )
    webmentions: bool = option(Bool(), default=True)
    deleted: bool = option(Bool(), default=False)
    bookmark_of: str | None = option(Url(), default=None, doc="Required for link-bookmarks.")
    quote: str | None = option(Text(), default=None)
    via: str | None = option(Text(), default=None)
    template: str | None = option(Text(), default=None, doc="A theme template to use instead.")
    aliases: tuple[str, ...] = option(_ALIASES, default=(), doc=_ALIASES_DOC)
    published: bool | None = option(Bool(), default=None, doc=_PUBLISHED_DOC)
    status: str | None = option(_STATUS, default=None, doc=_STATUS_DOC)
    extra: dict[str, object] | None = option(_EXTRA, default=None, doc=_EXTRA_DOC)
    properties: dict[str, list[Any]] | None = option(
        Custom(_properties, "properties"),
        default=None,
        doc="Microformats properties from a Micropub app that plnpress does not show.",
    )


@dataclass(frozen=True, slots=True)
class PageFields:
    """Front matter of pages (``content/pages/``)."""

    title: str = option(Text())
    slug: str | None = option(Custom(_slug, "a slug"), default=None)
    permalink: str | None = option(Custom(_permalink, "a path"), default=None)
    menu: int | None = option(Int(), default=None)
    summary: str | None = option(Text(), default=None)
    draft: bool = option(Bool(), default=False)
    image: str | None = option(Url(relative=True), default=None)
    image_alt: str | None = option(Text(allow_empty=True), default=None)
    template: str | None = option(Text(), default=None, doc="A theme template to use instead.")
    aliases: tuple[str, ...] = option(_ALIASES, default=(), doc=_ALIASES_DOC)
    published: bool | None = option(Bool(), default=None, doc=_PUBLISHED_DOC)
    status: str | None = option(_STATUS, default=None, doc=_STATUS_DOC)
    extra: dict[str, object] | None = option(_EXTRA, default=None, doc=_EXTRA_DOC)


def hidden(fields: EntryFields | PageFields) -> bool:
    """True if the front matter keeps the item out of the site, in any convention it may be
    written in: ``draft: true``, ``published: false``, or a ``status`` that is not public."""
    return fields.draft or fields.published is False or fields.status in HIDDEN_STATUSES
