"""Typed fields for YAML written by people: the config file and front matter.

A schema is a frozen dataclass whose fields are declared with :func:`option`.
:func:`load_section` turns a parsed YAML mapping into an instance, collecting one problem per bad
value (naming the key, the value and the line) instead of stopping at the first.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Any, Generic, Literal, TypeVar, overload
from urllib.parse import urlsplit

from plnpress.errors import ProblemLog
from plnpress.yamldoc import KeyPath, YamlDocument

T = TypeVar("T")
S = TypeVar("S")


class Invalid(ValueError):
    """A value does not fit its field; ``message`` says why without naming the key."""

    def __init__(self, message: str, subpath: KeyPath = ()) -> None:
        self.message = message
        self.subpath = subpath
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class Context:
    """What conversions need to know about the site (the timezone for naive dates)."""

    timezone: tzinfo


def describe(value: object) -> str:
    """The value as the writer would recognise it in their YAML."""
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)


class Kind(Generic[T]):
    """How one field's YAML value becomes a Python value."""

    expected = "a value"

    def convert(self, value: object, ctx: Context) -> T:
        raise NotImplementedError


class Text(Kind[str]):
    expected = "text"

    def __init__(self, allow_empty: bool = False) -> None:
        self.allow_empty = allow_empty

    def convert(self, value: object, ctx: Context) -> str:
        # Numbers are text the writer did not quote (``title: 1984``); booleans are almost always a
        # mistake (``title: yes``), so they are refused.
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise Invalid(f"expected text, got {describe(value)}")
        text = str(value).strip()
        if not text and not self.allow_empty:
            raise Invalid("must not be empty")
        return text


class Bool(Kind[bool]):
    expected = "true or false"

    def convert(self, value: object, ctx: Context) -> bool:
        if isinstance(value, bool):
            return value
        hint = ""
        if isinstance(value, str) and value.strip().lower() in {"true", "false", "yes", "no"}:
            hint = f" (remove the quotes: {value.strip().lower()})"
        raise Invalid(f"expected true or false, got {describe(value)}{hint}")


class Int(Kind[int]):
    def __init__(self, minimum: int | None = None, maximum: int | None = None) -> None:
        self.minimum = minimum
        self.maximum = maximum

    @property
    def expected(self) -> str:  # type: ignore[override]
        return "a whole number"

    def convert(self, value: object, ctx: Context) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise Invalid(f"expected a whole number, got {describe(value)}")
        if self.minimum is not None and value < self.minimum:
            raise Invalid(f"must be at least {self.minimum}, got {value}")
        if self.maximum is not None and value > self.maximum:
            raise Invalid(f"must be at most {self.maximum}, got {value}")
        return value


class Choice(Kind[str]):
    def __init__(self, *choices: str) -> None:
        self.choices = choices

    def convert(self, value: object, ctx: Context) -> str:
        if isinstance(value, str) and value in self.choices:
            return value
        options = ", ".join(self.choices)
        hint = _did_you_mean(str(value), self.choices)
        raise Invalid(f"expected one of {options}, got {describe(value)}{hint}")


class HexHash(Kind[str]):
    """A hash written as 8 to 64 lowercase hex digits (the state files' fingerprints)."""

    def convert(self, value: object, ctx: Context) -> str:
        if not isinstance(value, str) or not re.fullmatch(r"[0-9a-f]{8,64}", value):
            raise Invalid(f"expected a hash of 8 to 64 hex digits, got {value!r}")
        return value


_DATE = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"
    r"(?:[Tt ]+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.(?P<fraction>\d+))?)?"
    r"\s*(?P<zone>[Zz]|[+-]\d{2}(?::?\d{2})?)?)?"
)


def parse_datetime(text: str, timezone: tzinfo) -> datetime:
    """Parse a date or date-time as writers type them; a time without offset is in ``timezone``."""
    match = _DATE.fullmatch(text.strip())
    if match is None:
        raise Invalid(f"{text!r} is not a date; write it as 2024-05-31 or 2024-05-31 14:30")
    parts = match.groupdict()
    year, month, day = int(parts["year"]), int(parts["month"]), int(parts["day"])
    if not 1 <= month <= 12:
        raise Invalid(f"{text!r} is not a valid date (month {month})")
    try:
        date(year, month, day)
    except ValueError:
        raise Invalid(f"{text!r} is not a valid date (day {day} of month {month})") from None
    hour = int(parts["hour"] or 0)
    minute = int(parts["minute"] or 0)
    second = int(parts["second"] or 0)
    micro = int((parts["fraction"] or "0")[:6].ljust(6, "0"))
    if hour > 23 or minute > 59 or second > 59:
        raise Invalid(f"{text!r} is not a valid time of day")
    zone = parts["zone"]
    tz: tzinfo = timezone
    if zone:
        if zone in {"Z", "z"}:
            from datetime import UTC

            tz = UTC
        else:
            from datetime import timedelta
            from datetime import timezone as fixed

            sign = -1 if zone[0] == "-" else 1
            digits = zone[1:].replace(":", "")
            offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0))
            if offset >= timedelta(hours=24):
                raise Invalid(f"{text!r} has an impossible UTC offset")
            tz = fixed(sign * offset)
    return datetime(year, month, day, hour, minute, second, micro, tzinfo=tz)


class DateTime(Kind[datetime]):
    expected = "a date"

    def convert(self, value: object, ctx: Context) -> datetime:
        if isinstance(value, datetime):
            return value if value.tzinfo else value.replace(tzinfo=ctx.timezone)
        if isinstance(value, date):
            return datetime(value.year, value.month, value.day, tzinfo=ctx.timezone)
        if not isinstance(value, str):
            raise Invalid(f"expected a date such as 2024-05-31, got {describe(value)}")
        return parse_datetime(value, ctx.timezone)


class Url(Kind[str]):
    """An absolute http(s) URL; with ``relative=True`` also a site path such as ``/img/a.png``."""

    expected = "a URL"

    def __init__(self, relative: bool = False, schemes: Sequence[str] = ("http", "https")) -> None:
        self.relative = relative
        self.schemes = tuple(schemes)

    def convert(self, value: object, ctx: Context) -> str:
        if not isinstance(value, str) or not value.strip():
            raise Invalid(f"expected a URL, got {describe(value)}")
        url = value.strip()
        if any(ch.isspace() for ch in url):
            raise Invalid(f"{url!r} is not a URL (it contains a space)")
        parts = urlsplit(url)
        if parts.scheme:
            if parts.scheme.lower() not in self.schemes:
                allowed = " or ".join(f"{s}://" for s in self.schemes)
                raise Invalid(f"{url!r} must start with {allowed}")
            if not parts.netloc:
                raise Invalid(f"{url!r} has no host name")
            return url
        if self.relative and not parts.netloc:
            return url
        raise Invalid(f"{url!r} is not an absolute URL (start it with https://)")


class ListOf(Kind[tuple[T, ...]]):
    """A list; a single value is taken as a list of one (``tags: python``)."""

    def __init__(self, item: Kind[T]) -> None:
        self.item = item

    def convert(self, value: object, ctx: Context) -> tuple[T, ...]:
        if value is None:
            return ()
        items = value if isinstance(value, list) else [value]
        converted: list[T] = []
        for index, item in enumerate(items):
            try:
                converted.append(self.item.convert(item, ctx))
            except Invalid as exc:
                where = (index,) if isinstance(value, list) else ()
                raise Invalid(exc.message, where + exc.subpath) from None
        return tuple(converted)


class Section(Kind[S]):
    """A nested mapping read into another schema dataclass."""

    def __init__(self, schema: type[S]) -> None:
        self.schema = schema

    def convert(self, value: object, ctx: Context) -> S:
        raise NotImplementedError("sections are read by load_section")


class Custom(Kind[T]):
    """A kind defined by a plain function that raises :class:`Invalid`."""

    def __init__(self, function: Callable[[object, Context], T], expected: str) -> None:
        self.function = function
        self.expected = expected

    def convert(self, value: object, ctx: Context) -> T:
        return self.function(value, ctx)


_REQUIRED: Any = object()


@overload
def option(kind: Kind[T], *, doc: str = "") -> T: ...
@overload
def option(kind: Kind[T], *, default: None, doc: str = "") -> T | None: ...
@overload
def option(kind: Kind[T], *, default: T, doc: str = "") -> T: ...
def option(kind: Kind[Any], *, default: Any = _REQUIRED, doc: str = "") -> Any:
    """Declare a schema field: its kind, its default (none means required) and a help text.

    Typed so that a field whose kind does not give what its annotation says fails mypy:
    ``title: int = option(Text())`` is an error, and so is ``default=None`` on a field that
    does not allow None."""
    metadata = {"kind": kind, "doc": doc, "required": default is _REQUIRED}
    if default is _REQUIRED:
        return dataclasses.field(metadata=metadata)
    if isinstance(default, list | dict):  # pragma: no cover - guarded against in our schemas
        raise TypeError("use tuples or sections for defaults")
    return dataclasses.field(default=default, metadata=metadata)


def _did_you_mean(word: str, candidates: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.7)
    return f"; did you mean {close[0]!r}?" if close else ""


def field_names(schema: type[Any]) -> list[str]:
    return [f.name for f in dataclasses.fields(schema)]


def load_section(
    schema: type[S],
    data: object,
    *,
    doc: YamlDocument,
    at: KeyPath,
    ctx: Context,
    log: ProblemLog,
    path: str,
    unknown: Literal["error", "keep"] = "error",
) -> tuple[S | None, dict[str, object]]:
    """Read ``data`` into ``schema``; return the instance (None if any field failed) and the
    unknown keys (only when ``unknown="keep"``)."""

    def key_name(sub: KeyPath) -> str:
        return ".".join(str(k) if isinstance(k, str) else f"[{k}]" for k in sub).replace(".[", "[")

    if data is None:
        data = {}
    if not isinstance(data, dict):
        where = key_name(at) or "the file"
        log.error(
            path, doc.line_of(at), f"{where}: expected a mapping of keys, got {describe(data)}"
        )
        return None, {}
    fields = {f.name: f for f in dataclasses.fields(schema)}  # type: ignore[arg-type]
    values: dict[str, object] = {}
    extra: dict[str, object] = {}
    ok = True
    for key, raw in data.items():
        if key not in fields:
            if unknown == "keep":  # the caller says what it makes of them
                extra[key] = raw
                continue
            hint = _did_you_mean(key, list(fields))
            log.error(path, doc.line_of((*at, key)), f"{key_name((*at, key))}: unknown key{hint}")
            ok = False
            continue
        kind = fields[key].metadata["kind"]
        if isinstance(kind, Section):
            if raw is None and not fields[key].metadata["required"]:
                continue
            sub, _ = load_section(
                kind.schema, raw, doc=doc, at=(*at, key), ctx=ctx, log=log, path=path
            )
            if sub is None:
                ok = False
            else:
                values[key] = sub
            continue
        try:
            values[key] = kind.convert(raw, ctx)
        except Invalid as exc:
            full = (*at, key, *exc.subpath)
            log.error(path, doc.line_of(full), f"{key_name(full)}: {exc.message}")
            ok = False
    for name, spec in fields.items():
        if name in data or not spec.metadata["required"]:
            continue
        kind = spec.metadata["kind"]
        if isinstance(kind, Section):
            sub, _ = load_section(
                kind.schema, {}, doc=doc, at=(*at, name), ctx=ctx, log=log, path=path
            )
            if sub is not None:
                values[name] = sub
                continue
        else:
            log.error(path, doc.line_of(at), f"{key_name((*at, name))}: missing (required)")
        ok = False
    if not ok:
        return None, extra
    return schema(**values), extra
