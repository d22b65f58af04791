"""What a stored response may contain, field by field (validated like front matter).

A broken value stops the command that reads it with ``file:line: message``; each value is also
sanitised again as it is read, so a hand edit cannot put a script on a page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from plnpress.mentions.sanitize import clean_html, clean_text, clean_url
from plnpress.model.response import Author, Response, ResponseKind, ResponseStatus
from plnpress.schema import (
    Choice,
    Context,
    Custom,
    DateTime,
    Invalid,
    ListOf,
    Section,
    Text,
    Url,
    option,
)

RSVP_VALUES = ("yes", "no", "maybe", "interested")
_AVATAR = re.compile(r"[0-9a-f]{8,64}\.(png|jpg|gif|webp)")


def _avatar_name(value: object, ctx: Context) -> str:
    text = Text().convert(value, ctx)
    if not _AVATAR.fullmatch(text):
        raise Invalid(f"{text!r} is not an avatar file name such as 3f2a9c0d1e7b.png")
    return text


@dataclass(frozen=True, slots=True)
class AuthorFields:
    name: str = option(Text())
    url: str | None = option(Url(), default=None)
    photo: str | None = option(Url(), default=None)
    avatar: str | None = option(Custom(_avatar_name, "a file name"), default=None)


@dataclass(frozen=True, slots=True)
class ResponseFields:
    source: str = option(Url())
    kind: str = option(Choice(*(k.value for k in ResponseKind)))
    status: str = option(Choice(*(s.value for s in ResponseStatus)))
    received: datetime = option(DateTime())
    author: AuthorFields = option(Section(AuthorFields))
    url: str | None = option(Url(), default=None)
    published: datetime | None = option(DateTime(), default=None)
    name: str | None = option(Text(), default=None)
    rsvp: str | None = option(Choice(*RSVP_VALUES), default=None)
    in_reply_to: tuple[str, ...] = option(ListOf(Url()), default=())
    via: str = option(Text(), default="webmention")
    excerpt: str = option(Text(allow_empty=True), default="")
    content: str = option(Text(allow_empty=True), default="")


@dataclass(frozen=True, slots=True)
class TargetFields:
    target: str = option(Url())


def to_response(fields: ResponseFields, target: str) -> Response:
    """The model value of a validated record, every string sanitised once more."""
    author = fields.author
    return Response(
        source=fields.source,
        target=target,
        kind=ResponseKind(fields.kind),
        author=Author(
            name=clean_text(author.name, 100) or "?",
            url=clean_url(author.url),
            photo=clean_url(author.photo),
            avatar=author.avatar,
        ),
        received=fields.received,
        url=clean_url(fields.url) or fields.source,
        published=fields.published,
        name=clean_text(fields.name, 200) or None,
        content_html=clean_html(fields.content, fields.source),
        excerpt=clean_text(fields.excerpt, 400),
        rsvp=fields.rsvp,
        in_reply_to=tuple(u for u in (clean_url(v) for v in fields.in_reply_to) if u),
        status=ResponseStatus(fields.status),
        via=clean_text(fields.via, 40),
    )


def to_record(response: Response) -> dict[str, Any]:
    """A response as the mapping written to its file, keys in a fixed order, empty ones left out."""
    author: dict[str, Any] = {"name": response.author.name}
    for key in ("url", "photo", "avatar"):
        value = getattr(response.author, key)
        if value:
            author[key] = value
    record: dict[str, Any] = {
        "source": response.source,
        "kind": response.kind.value,
        "status": response.status.value,
        "received": _when(response.received),
        "author": author,
    }
    if response.url != response.source:
        record["url"] = response.url
    if response.published is not None:
        record["published"] = _when(response.published)
    optional = {
        "name": response.name,
        "rsvp": response.rsvp,
        "in_reply_to": list(response.in_reply_to),
        "via": response.via,
        "excerpt": response.excerpt,
        "content": response.content_html,
    }
    record.update({key: value for key, value in optional.items() if value})
    return record


def _when(value: datetime) -> str:
    return value.isoformat(timespec="seconds")
