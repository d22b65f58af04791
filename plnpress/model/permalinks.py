"""From permalink patterns to URL paths and output files; nothing may leave ``site/``."""

from __future__ import annotations

import functools
import re
import string
from datetime import datetime
from posixpath import normpath
from typing import TYPE_CHECKING

from plnpress.model.entry import Location

if TYPE_CHECKING:
    from plnpress.config import Config

PLACEHOLDERS = {"year", "month", "day", "slug"}


class PermalinkError(ValueError):
    """A permalink that cannot be used; the message says why."""


def expand(pattern: str, slug: str, published: datetime | None) -> str:
    """Fill a pattern such as ``/{year}/{month}/{slug}/`` for one entry or page."""
    values = {"slug": slug}
    if published is not None:
        values |= {
            "year": f"{published.year:04d}",
            "month": f"{published.month:02d}",
            "day": f"{published.day:02d}",
        }
    try:
        return pattern.format_map(values)
    except KeyError as exc:
        raise PermalinkError(
            f"{pattern!r} uses {{{exc.args[0]}}}, which is not known here"
        ) from None
    except (ValueError, IndexError):
        raise PermalinkError(f"{pattern!r} is not a valid pattern (unbalanced braces?)") from None


def placeholders(pattern: str) -> set[str]:
    """The ``{names}`` a pattern uses."""
    return {name for _, name, _, _ in string.Formatter().parse(pattern) if name}


@functools.lru_cache(maxsize=65536)  # a warm build asks again for every list page's
def output_path(permalink: str) -> str:
    """The file under ``site/`` that serves ``permalink`` (``/a/b/`` -> ``a/b/index.html``)."""
    if not permalink.startswith("/"):
        raise PermalinkError(f"{permalink!r} must start with /")
    if re.search(r"[\x00-\x1f\\]", permalink):
        raise PermalinkError(f"{permalink!r} contains a control character or backslash")
    segments = permalink.split("/")
    if ".." in segments or "." in segments:
        raise PermalinkError(f"{permalink!r} would write outside the site folder ('..')")
    relative = permalink.lstrip("/")
    if not relative or relative.endswith("/"):
        relative += "index.html"
    clean = normpath(relative)
    if clean.startswith(("../", "/")) or clean == "..":
        raise PermalinkError(f"{permalink!r} would write outside the site folder")
    return clean


def url_path(base_path: str, permalink: str) -> str:
    """The root-relative URL of ``permalink`` on a site published under ``base_path``."""
    return base_path.rstrip("/") + permalink


def locate(config: Config, permalink: str) -> Location:
    """Where the page at ``permalink`` lives on this site; raises :class:`PermalinkError`."""
    output = output_path(permalink)
    path = url_path(config.base_path, permalink)
    return Location(permalink=permalink, path=path, url=config.origin + path, output=output)
