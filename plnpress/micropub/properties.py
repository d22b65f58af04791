"""Microformats properties (what Micropub speaks) and front matter (what plnpress reads).

=================  ========================================================================
property           front matter
=================  ========================================================================
name               ``title`` (a post without one gets a title made from its first words,
                   marked as made up by a comment)
content            the body: text as Markdown (raw HTML made inert), ``{"html": ...}`` as HTML
summary            ``summary``
category           ``tags``
published          ``date``; ``updated`` is set by every update
bookmark-of        ``bookmark_of``: the entry is a link-bookmark in ``content/links/``
in-reply-to,       ``in_reply_to``, ``like_of``, ``repost_of``
like-of, repost-of
syndication        ``syndication``
photo              ``photo`` (with ``alt``)
post-status        ``draft: true`` for ``draft``
mp-syndicate-to    ``syndicate_to`` (Bridgy Publish targets)
anything else      ``properties``, kept as sent (``q=source`` gives it back)
=================  ========================================================================
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from plnpress.config import Config
from plnpress.micropub.errors import MicropubError, invalid
from plnpress.micropub.markup import html_body, html_of_body, inert_text
from plnpress.model.entry import SILOS
from plnpress.model.slugs import slugify
from plnpress.scaffold.entry_file import FrontValue
from plnpress.schema import Invalid, parse_datetime

URL_LISTS = {
    "in-reply-to": "in_reply_to",
    "like-of": "like_of",
    "repost-of": "repost_of",
    "syndication": "syndication",
}
MANAGED = frozenset(
    {
        "title",
        "summary",
        "tags",
        "date",
        "bookmark_of",
        "photo",
        "draft",
        "syndicate_to",
        "properties",
        *URL_LISTS.values(),
    }
)
"""Front matter keys Micropub sets; any other key of the writer's is left alone by updates."""
IGNORED = frozenset({"url", "uid", "access_token", "updated", "slug"})
TITLE_WORDS = 60
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True, slots=True)
class PhotoRef:
    """A photo as the request names it: an address (or an upload, by its index) and alt text."""

    url: str | None
    alt: str = ""
    upload: int | None = None


@dataclass(slots=True)
class Front:
    """An entry in front matter terms: its fields in the order written, and its body."""

    fields: dict[str, FrontValue] = field(default_factory=dict)
    body: str = ""
    photos: list[PhotoRef] = field(default_factory=list)
    """Photos waiting to be stored; `fields` gets ``photo`` once they are."""
    generated_title: bool = False

    @property
    def is_link(self) -> bool:
        return "bookmark_of" in self.fields


def to_front(
    properties: dict[str, list[Any]], commands: dict[str, list[Any]], config: Config
) -> Front:
    """The front matter for `properties` (raises 400 for a value that cannot be written)."""
    props = {name: values for name, values in properties.items() if values and name not in IGNORED}
    front = Front()
    fields = front.fields
    name = _one_line(_first_text(props.pop("name", [])))
    content = props.pop("content", [])
    front.body = _body(content[0]) if content else ""
    if name:
        fields["title"] = name
    bookmark = _urls(props.pop("bookmark-of", []), "bookmark-of")
    if bookmark:
        fields["bookmark_of"] = bookmark[0]
    published = _first_text(props.pop("published", []))
    fields["date"] = _date(published, config) if published else _now(config)
    summary = _one_line(_first_text(props.pop("summary", [])))
    if summary:
        fields["summary"] = summary
    tags = [_one_line(v) for v in props.pop("category", []) if isinstance(v, str)]
    fields["tags"] = list(dict.fromkeys(tag for tag in tags if tag))
    for prop, key in URL_LISTS.items():
        urls = _urls(props.pop(prop, []), prop)
        if urls:
            fields[key] = urls
    front.photos = [_photo_ref(value) for value in props.pop("photo", [])]
    if _first_text(commands.get("post-status", [])) == "draft":
        fields["draft"] = True
    silos = [_silo(value, config) for value in commands.get("mp-syndicate-to", [])]
    if silos:
        fields["syndicate_to"] = list(dict.fromkeys(silos))
    if props:
        fields["properties"] = props
    if "title" not in fields and "bookmark_of" not in fields:
        fields["title"] = made_up_title(front, properties)
        front.generated_title = True
    return front


def made_up_title(front: Front, properties: dict[str, list[Any]]) -> str:
    """A title from the text's first words, or from what the post is about."""
    text = _plain(front.body)
    if text:
        if len(text) <= TITLE_WORDS:
            return text
        cut = text[:TITLE_WORDS].rsplit(" ", 1)[0] or text[:TITLE_WORDS]
        return cut.rstrip(" ,.;:") + "…"
    for prop, label in (
        ("like-of", "Liked"),
        ("repost-of", "Reposted"),
        ("in-reply-to", "Reply to"),
    ):
        urls = [v for v in properties.get(prop, []) if isinstance(v, str)]
        if urls:
            return f"{label} {_display(urls[0])}"
    return "Photo" if properties.get("photo") or front.photos else "Note"


def slug_for(front: Front, commands: dict[str, list[Any]]) -> str:
    """The slug asked for (``mp-slug``, or ``slug`` as some apps send it), else one from the
    title or bookmark, sanitised."""
    asked = _first_text(commands.get("mp-slug", []) or commands.get("slug", [])) or ""
    source = (
        asked
        or str(front.fields.get("title") or "")
        or _display(str(front.fields.get("bookmark_of", "")))
    )
    return safe_slug(source) or ("link" if front.is_link else "note")


def safe_slug(text: str) -> str:
    """A slug that is only letters, digits and single dashes, at most 60 characters: never a
    path (``../``, ``/etc``), never a control or direction character, never empty dots."""
    clean = _CONTROL.sub("", unicodedata.normalize("NFKC", text))
    slug = slugify(clean)
    slug = re.sub(r"[^\w-]+", "-", slug, flags=re.UNICODE).strip("-_")
    slug = re.sub(r"-{2,}", "-", slug)
    return slug[:60].strip("-_")


def from_front(
    fields: dict[str, Any], body: str, generated_title: bool, config: Config
) -> dict[str, list[Any]]:
    """The properties of an entry file, for ``q=source`` and for updates."""
    props: dict[str, list[Any]] = {}
    if fields.get("title") and not generated_title:
        props["name"] = [str(fields["title"])]
    html = html_of_body(body)
    if html is not None:
        props["content"] = [{"html": html}]
    elif body.strip():
        props["content"] = [body.strip("\n")]
    if fields.get("summary"):
        props["summary"] = [str(fields["summary"])]
    for key, prop in (("date", "published"), ("updated", "updated")):
        if fields.get(key):
            props[prop] = [_iso(fields[key], config)]
    tags = fields.get("tags") or []
    props_tags = [tags] if isinstance(tags, str) else [str(tag) for tag in tags]
    if props_tags:
        props["category"] = props_tags
    if fields.get("bookmark_of"):
        props["bookmark-of"] = [str(fields["bookmark_of"])]
    for prop, key in URL_LISTS.items():
        values = fields.get(key) or []
        if values:
            props[prop] = [values] if isinstance(values, str) else list(values)
    photos = [_photo_property(photo, config.base_url) for photo in fields.get("photo") or []]
    if photos:
        props["photo"] = photos
    if fields.get("draft") is True:
        props["post-status"] = ["draft"]
    extra = fields.get("properties")
    if isinstance(extra, dict):
        props.update({str(k): v for k, v in extra.items() if isinstance(v, list)})
    return props


def _iso(value: object, config: Config) -> str:
    """A front matter date as ISO 8601 with its offset (as written, if it cannot be read)."""
    try:
        when = value if isinstance(value, datetime) else _date(str(value), config)
    except MicropubError:
        return str(value)
    return when.isoformat()


def _photo_property(photo: object, base_url: str) -> object:
    url, alt = (photo.get("url"), photo.get("alt")) if isinstance(photo, dict) else (photo, None)
    full = _absolute(str(url), base_url)
    return {"value": full, "alt": str(alt)} if alt else full


def _absolute(url: str, base_url: str) -> str:
    if url.startswith("/") and not url.startswith("//"):
        parts = urlsplit(base_url)
        return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}{url}"
    return url


def _body(value: object) -> str:
    if isinstance(value, dict):
        if isinstance(value.get("html"), str):
            return html_body(_CONTROL.sub("", value["html"]))
        value = value.get("value", value.get("text", ""))
    if not isinstance(value, str):
        raise invalid("content must be text, or an object with html")
    return inert_text(_CONTROL.sub("", value).replace("\x00", "")).strip("\n")


def _photo_ref(value: object) -> PhotoRef:
    if isinstance(value, dict):
        url = value.get("value", value.get("url"))
        alt = value.get("alt", "")
        if not isinstance(url, str) or not isinstance(alt, str):
            raise invalid("a photo is a URL, or an object with value (the URL) and alt")
        return PhotoRef(_url(url, "photo"), _one_line(alt))
    if not isinstance(value, str):
        raise invalid("a photo is a URL, or an object with value (the URL) and alt")
    return PhotoRef(_url(value, "photo"))


def _urls(values: list[Any], prop: str) -> list[str]:
    urls = []
    for value in values:
        if isinstance(value, dict):  # a nested h-cite: its url
            inner = (
                value.get("properties", {}).get("url")
                if isinstance(value.get("properties"), dict)
                else None
            )
            value = value.get("value") or (inner[0] if isinstance(inner, list) and inner else None)
        if not isinstance(value, str):
            raise invalid(f"{prop} must be a URL")
        urls.append(_url(value, prop))
    return list(dict.fromkeys(urls))


def _url(value: str, prop: str) -> str:
    url = value.strip()
    parts = urlsplit(url)
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or _CONTROL.search(url)
        or " " in url
    ):
        raise invalid(f"{prop}: {value!r} is not an http(s) URL")
    return url


def _silo(value: object, config: Config) -> str:
    text = str(value).strip()
    name = text.rstrip("/").rsplit("/", 1)[-1] if "://" in text else text
    if name not in SILOS or (
        "://" in text and text.rstrip("/") != config.site.bridgy.publish_target(name)
    ):
        raise invalid(f"mp-syndicate-to: {text!r} is not one of the targets q=syndicate-to lists")
    return name


def _date(text: str, config: Config) -> datetime:
    try:
        return parse_datetime(text.strip(), config.site.timezone)
    except Invalid as exc:
        raise invalid(f"published: {exc.message}") from None


def _now(config: Config) -> datetime:
    return config.now().astimezone(config.site.timezone).replace(microsecond=0)


def _first_text(values: list[Any]) -> str | None:
    for value in values:
        if isinstance(value, str):
            return value
        if isinstance(value, dict) and isinstance(value.get("value"), str):
            return str(value["value"])
    return None


def _one_line(text: str | None) -> str:
    return " ".join(_CONTROL.sub(" ", text or "").split())[:500]


def _plain(body: str) -> str:
    text = re.sub(r"<[^>]*>|&#10;|[*_`#>\\\[\]]", " ", body)
    return " ".join(text.split())


def _display(url: str) -> str:
    parts = urlsplit(url)
    return (parts.netloc.removeprefix("www.") + parts.path).rstrip("/")
