"""Old addresses of entries and pages (``aliases:``): read, and checked against the whole site.

An alias is written as a path from the site's root (``/2025/04/first-post/``, like a page's
``permalink:``) or as a full URL under ``base_url``. A path without a final slash or a file
extension names a folder, as permalinks do: ``/2025/04/old`` is ``/2025/04/old/``. The build writes
a redirect page at each alias and a ``301`` rule for the host (:mod:`plnpress.render.hosting`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from posixpath import basename
from typing import TypeVar
from urllib.parse import unquote, urlsplit

from plnpress.config import Config
from plnpress.errors import ProblemLog
from plnpress.model import Entry, Location, Page
from plnpress.model.permalinks import PermalinkError, locate
from plnpress.yamldoc import YamlDocument

Item = TypeVar("Item", bound=Entry | Page)


class _NotHere(ValueError):
    """An alias that names no address of this site; the message says why."""


def alias_locations(
    config: Config,
    written: tuple[str, ...],
    own: Location,
    where: tuple[str, YamlDocument],
    log: ProblemLog,
) -> tuple[Location, ...]:
    """The locations of ``written``, the ``aliases:`` of an item whose own address is ``own``;
    ``where`` is its file and front matter, for the problems (the bad aliases are left out)."""
    rel, front = where
    listed = isinstance(front.data, dict) and isinstance(front.data.get("aliases"), list)
    found: dict[str, Location] = {}
    for index, text in enumerate(written):
        key = f"aliases[{index}]" if listed else "aliases"
        line = front.line_of(("aliases", index) if listed else ("aliases",))
        try:
            location = locate(config, alias_permalink(config, text))
        except (_NotHere, PermalinkError) as exc:
            log.error(rel, line, f"{key}: {exc}")
            continue
        if location.output == own.output:
            log.error(rel, line, f"{key}: {text!r} is this file's own address")
        elif location.output in found:
            log.error(rel, line, f"{key}: {text!r} is listed twice")
        else:
            found[location.output] = location
    return tuple(found.values())


def alias_permalink(config: Config, text: str) -> str:
    """The path below the site root that the alias ``text`` names; ``ValueError`` (saying why)
    if it names none."""
    parts = urlsplit(text)
    if parts.query or parts.fragment:
        raise _NotHere(f"{text!r} has a query or a fragment; an old address is a path")
    if parts.scheme:
        published = config.published_base_url or config.base_url  # not a preview's address
        site = urlsplit(published)
        base = site.path or "/"
        same_site = (parts.scheme.lower(), parts.netloc.lower()) == (site.scheme, site.netloc)
        if not same_site or not parts.path.startswith(base):
            raise _NotHere(f"{text!r} is not under this site's base_url {published}")
        path = unquote("/" + parts.path[len(base) :])
    else:
        path = unquote(parts.path)
    if "*" in path or any(part.startswith(":") for part in path.split("/")):
        raise _NotHere(f"{text!r} has * or :name, which the host would read as a pattern")
    if not path.endswith("/") and "." not in basename(path):
        path += "/"  # a folder, as a permalink without a file name is
    if path == "/":
        raise _NotHere(f"{text!r} is the home page")
    return path


def check_aliases(items: Sequence[Item], log: ProblemLog) -> list[Item]:
    """``items`` without the aliases that are another item's address or an alias of an earlier
    item in file order, each reported (the build fails, but says so once, not again as two
    pages writing one file)."""
    addresses = {item.location.output: item for item in items}
    claimed: dict[str, Entry | Page] = {}
    checked = []
    for item in items:
        kept = [alias for alias in item.aliases if _free(alias, item, addresses, claimed, log)]
        same = len(kept) == len(item.aliases)
        checked.append(item if same else replace(item, aliases=tuple(kept)))
    return checked


def _free(
    alias: Location,
    item: Entry | Page,
    addresses: Mapping[str, Entry | Page],
    claimed: dict[str, Entry | Page],
    log: ProblemLog,
) -> bool:
    line = item.lines.get("aliases")
    owner = addresses.get(alias.output)
    other = claimed.setdefault(alias.output, item)
    if owner is not None:
        message = f"is the address of {owner.source}, not an old one"
    elif other is not item:
        message = f"is already an alias of {other.source}"
    else:
        return True
    log.error(item.source, line, f"aliases: {alias.permalink!r} {message}")
    return False
