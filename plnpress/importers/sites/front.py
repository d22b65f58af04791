"""Another generator's front matter, as plnpress's.

Keys are mapped by hand (the table of :mod:`plnpress.content.front_keys`, plus what each
generator spells its own way); each value is checked with the same field kinds the build uses,
so what is written will load. A value that does not fit is kept under ``extra:`` with a warning;
so is every key plnpress has no use for, so nothing the writer wrote is lost.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import Any

from plnpress.content.fields import HIDDEN_STATUSES, EntryFields, PageFields
from plnpress.importers.report import ImportReport
from plnpress.importers.sites.headers import SourceText, dump_safe
from plnpress.schema import Context, DateTime, Invalid, Kind

_SAME = ("title", "summary", "tags", "category", "image", "image_alt", "syndication", "menu")
_RENAMED = {
    "description": "summary",
    "excerpt": "summary",
    "subtitle": "summary",
    "lastmod": "updated",
    "modified": "updated",
    "last_modified_at": "updated",
    "updated_at": "updated",
    "date_modified": "updated",
    "updated": "updated",
    "cover": "image",
    "featured_image": "image",
    "feature_image": "image",
    "thumbnail": "image",
    "bigimg": "image",
    "caption": "image_alt",
    "in-reply-to": "in_reply_to",
    "in_reply_to": "in_reply_to",
    "reply": "in_reply_to",
    "reply_to": "in_reply_to",
    "replyto": "in_reply_to",
    "like-of": "like_of",
    "like_of": "like_of",
    "like": "like_of",
    "repost-of": "repost_of",
    "repost_of": "repost_of",
    "repost": "repost_of",
    "bookmark-of": "bookmark_of",
    "bookmark_of": "bookmark_of",
    "bookmark": "bookmark_of",
    "weight": "menu",
}
"""Foreign key -> plnpress field (the first one found wins for a field)."""
_OLD_ADDRESSES = ("aliases", "alias", "redirect_from")
_VISIBILITY = ("draft", "published", "status")
_USED_ELSEWHERE = (
    "date",
    "slug",
    "url",
    "permalink",
    "categories",
    "keywords",
    "tag",
    "tags",
    "category",
)
_ORDER = (
    "title", "summary", "updated", "tags", "category", "draft", "image", "image_alt",
    "in_reply_to", "like_of", "repost_of", "bookmark_of", "syndication", "menu", "permalink",
)  # fmt: skip


@dataclass(slots=True)
class Converted:
    """What the importer takes from one file's front matter."""

    front: dict[str, Any]
    """plnpress fields, in the order they are written (``extra`` last)."""
    date: datetime | None = None
    slug: str | None = None
    old_urls: list[str] = field(default_factory=list)
    """``aliases``, ``redirect_from``: addresses the item had before its last one."""
    url: str | None = None
    """Hugo's ``url``: the item's address, whatever the patterns say."""
    permalink: str | None = None
    """The item's own ``permalink`` (Jekyll, Eleventy), a path or a template."""
    categories: tuple[str, ...] = ()
    hidden: bool = False

    @property
    def title(self) -> str | None:
        value = self.front.get("title")
        return value if isinstance(value, str) else None


def convert_front(
    source: SourceText, origin: str, page: bool, timezone: tzinfo, report: ImportReport
) -> Converted:
    """Map ``source``'s front matter (see the module docstring)."""
    raw = dict(source.front)
    ctx = Context(timezone)
    converted = Converted({})
    extra: dict[str, Any] = {}

    def line(key: str) -> int | None:
        return source.lines.get(key)

    converted.hidden = _hidden(raw, origin, line, report)
    converted.date = _date(raw.get("date"), ctx, origin, line("date"), report)
    slug = raw.get("slug")
    converted.slug = str(slug).strip() if slug not in (None, "") else None
    converted.old_urls = [str(u) for key in _OLD_ADDRESSES for u in _as_list(raw.get(key)) if u]
    if isinstance(raw.get("url"), str) and raw["url"].strip():
        converted.url = raw["url"].strip()
    permalink = raw.get("permalink")
    converted.permalink = permalink if isinstance(permalink, str) and permalink.strip() else None
    categories = [str(c) for c in _as_list(raw.get("categories")) if str(c).strip()]
    converted.categories = tuple(categories or [str(c) for c in _as_list(raw.get("category"))])
    wanted = _wanted(raw, categories)
    kinds = _kinds(PageFields if page else EntryFields)
    for key, value in raw.items():
        target = key if key in _SAME else _RENAMED.get(key)
        if key in _VISIBILITY or key in _OLD_ADDRESSES or key in _USED_ELSEWHERE:
            continue
        if value in (None, "", [], {}):
            continue
        if target is None or target not in kinds or target in converted.front:
            extra[key] = dump_safe(value)
            continue
        checked = _checked(kinds[target], value, ctx)
        if isinstance(checked, Invalid):
            report.warn(origin, line(key), f"{key}: {checked.message}; kept under extra:")
            extra[key] = dump_safe(value)
        elif checked not in (None, (), ""):
            converted.front[target] = checked
    for target, value in wanted.items():
        if target in kinds and target not in converted.front:
            checked = _checked(kinds[target], value, ctx)
            if not isinstance(checked, Invalid) and checked not in (None, ()):
                converted.front[target] = checked
    if converted.hidden:
        converted.front["draft"] = True
    if "image_alt" in converted.front and "image" not in converted.front:
        extra["image_alt"] = converted.front.pop("image_alt")
    if "menu" in converted.front and not page:
        extra["menu"] = converted.front.pop("menu")
    converted.front = {k: _plain(converted.front[k]) for k in _ORDER if k in converted.front}
    if extra:
        converted.front["extra"] = extra
    return converted


def _hidden(raw: dict[str, Any], origin: str, line: Any, report: ImportReport) -> bool:
    """True if any convention hides the item; a value that cannot be read hides it too (and
    is reported): an import never publishes what may have been a draft."""
    hidden = False
    for key in ("draft", "published"):
        value = raw.get(key)
        if value is None:
            continue
        if isinstance(value, str):
            value = {"true": True, "yes": True, "false": False, "no": False}.get(value.lower())
        if not isinstance(value, bool):
            report.warn(
                origin, line(key), f"{key}: {raw[key]!r} is not true or false; imported as a draft"
            )
            return True
        hidden |= value if key == "draft" else not value
    status = raw.get("status")
    if status is not None:
        text = str(status).strip().lower()
        if text in HIDDEN_STATUSES:
            hidden = True
        elif text not in {"published", "publish"}:
            report.warn(
                origin, line("status"), f"status: {status!r} is not known; imported as a draft"
            )
            hidden = True
    return hidden


def _date(
    value: Any, ctx: Context, origin: str, line: int | None, report: ImportReport
) -> datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=ctx.timezone)
    try:
        return DateTime().convert(str(value).strip(), ctx)
    except Invalid as exc:
        report.warn(origin, line, f"date: {exc.message}")
        return None


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        return list(value.values())
    if isinstance(value, str) and "," in value:
        return [part.strip() for part in value.split(",") if part.strip()]
    return [value]


def _wanted(raw: dict[str, Any], categories: list[str]) -> dict[str, Any]:
    """Values made of several keys: tags with categories and keywords added, a single
    category kept as one."""
    tags = [str(t).strip() for key in ("tags", "tag", "keywords") for t in _as_list(raw.get(key))]
    tags += categories
    category = raw.get("category")
    found: dict[str, Any] = {"tags": [t for t in dict.fromkeys(tags) if t]}
    if isinstance(category, str) and category.strip():
        found["category"] = category.strip()
    return found


def _kinds(schema: type[Any]) -> dict[str, Kind[Any]]:
    return {f.name: f.metadata["kind"] for f in dataclasses.fields(schema)}


def _checked(kind: Kind[Any], value: Any, ctx: Context) -> Any:
    if isinstance(value, dict) and not isinstance(kind, DateTime):
        value = value.get("url") if "url" in value else list(value.values())
    if isinstance(value, datetime | date) and not isinstance(kind, DateTime):
        value = value.isoformat()
    try:
        return kind.convert(value, ctx)
    except Invalid as exc:
        return exc


def _plain(value: Any) -> Any:
    """Tuples as lists, one-item lists of a reply or like as the item: how a writer writes them."""
    if isinstance(value, tuple):
        return list(value) if len(value) != 1 or not str(value[0]).startswith("http") else value[0]
    return value
