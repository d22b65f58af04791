"""Slugs: the last part of an entry's URL."""

from __future__ import annotations

import functools
import re
import unicodedata

_DATE_PREFIX = re.compile(r"(?P<date>\d{4}-\d{1,2}-\d{1,2})-(?P<rest>.+)")
_VALID_SLUG = re.compile(r"[\w][\w.~-]*")


@functools.lru_cache(maxsize=4096)  # tag links on every page ask for the same few slugs
def slugify(text: str) -> str:
    """``"Hello, Wörld!"`` -> ``"hello-world"``; scripts without a Latin form keep their letters."""
    ascii_form = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_form.lower()).strip("-")
    if slug:
        return slug
    return re.sub(r"[^\w]+", "-", text.lower()).strip("-_")


def split_date_prefix(stem: str) -> tuple[str | None, str]:
    """``"2024-05-01-hello"`` -> ``("2024-05-01", "hello")``; no prefix -> ``(None, stem)``."""
    match = _DATE_PREFIX.fullmatch(stem)
    if match is None:
        return None, stem
    return match["date"], match["rest"]


def slug_problem(slug: str) -> str | None:
    """Why ``slug`` cannot be used as a URL segment, or None if it can."""
    if "/" in slug or "\\" in slug or ".." in slug:
        return f"{slug!r} must not contain '/', '\\' or '..'"
    if not _VALID_SLUG.fullmatch(slug):
        return f"{slug!r} may only contain letters, digits, '-', '_', '.' and '~'"
    return None
