"""What every template can use besides its own page data: the site, URL helpers and filters."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import jinja2

from plnpress.config import Config
from plnpress.model import Site
from plnpress.model.slugs import slugify


def site_path(config: Config, path: str) -> str:
    """A path inside the site (``/css/style.css``) as a root-relative URL under the base path.

    Absolute URLs are returned as they are.
    """
    if "://" in path or path.startswith(("//", "mailto:", "#")):
        return path
    return config.base_path.rstrip("/") + "/" + path.lstrip("/")


def absolute_url(config: Config, path: str) -> str:
    """Like :func:`site_path`, as an absolute URL (for canonical links, Open Graph and feeds)."""
    resolved = site_path(config, path)
    return resolved if "://" in resolved else config.origin + resolved


MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def isodate(value: datetime) -> str:
    """RFC 3339, as microformats and feeds want it."""
    return value.isoformat(timespec="seconds")


def human_date(value: datetime) -> str:
    """``31 May 2024``: locale-independent so builds are identical everywhere."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def domain(url: str) -> str:
    return (urlsplit(url).hostname or url).removeprefix("www.")


def install_globals(env: jinja2.Environment, site: Site, extra: dict[str, Any]) -> None:
    """Register the helpers themes rely on (documented in docs/themes.md)."""
    config = site.config
    env.globals.update(
        site=site,
        config=config.site,
        url=lambda path: site_path(config, path),
        absolute=lambda path: absolute_url(config, path),
        **extra,
    )
    env.filters.update(isodate=isodate, date=human_date, domain=domain, slug=slugify)
