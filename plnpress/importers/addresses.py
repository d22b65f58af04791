"""Where an imported item will live, and which of its old addresses become ``aliases``.

The old blog's addresses are what other sites link to. Each one that differs from the item's new
address is written into its ``aliases:``, so the build answers it with a redirect page and a
``301`` rule for the host. Old addresses are kept as paths: the old host name does not matter
once the domain points at the new site (``docs/migrating.md`` says what to do when it does not).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from plnpress.config import Config
from plnpress.content.aliases import alias_permalink
from plnpress.importers.entry import ImportedEntry, ImportedKind
from plnpress.model import Location
from plnpress.model.permalinks import PermalinkError, expand, locate


def new_location(config: Config, entry: ImportedEntry) -> Location:
    """The address ``entry`` gets on this blog (``PermalinkError`` if it cannot have one)."""
    permalinks = config.site.permalinks
    if entry.kind is ImportedKind.PAGE:
        permalink = entry.front.get("permalink")
        if isinstance(permalink, str):
            return locate(config, permalink)
        return locate(config, expand(permalinks.page, entry.slug, None))
    pattern = permalinks.post if entry.kind is ImportedKind.POST else permalinks.link
    return locate(config, expand(pattern, entry.slug, entry.date))


def old_path(url: str) -> str:
    """The path of an old address (``https://old.example/2019/a/?x`` -> ``/2019/a/``)."""
    parts = urlsplit(url.strip())
    path = parts.path or "/"
    return path if path.startswith("/") else "/" + path


def alias_paths(
    config: Config, own: Location, old_urls: tuple[str, ...], taken: set[str]
) -> tuple[list[str], list[str]]:
    """The old addresses that become aliases of an item at ``own``, and why each other one does
    not (a message per address left out). ``taken`` holds the outputs every item and alias
    already claimed; the new aliases are added to it."""
    aliases: list[str] = []
    dropped: list[str] = []
    for url in old_urls:
        path = old_path(url)
        try:
            location = locate(config, alias_permalink(config, path))
        except (ValueError, PermalinkError) as exc:
            if path != "/":
                dropped.append(f"old address {url!r} is not kept: {exc}")
            continue
        if location.output == own.output:
            continue  # the address stays the same: nothing to redirect
        if location.output in taken:
            dropped.append(f"old address {url!r} is not kept: another item already has it")
            continue
        taken.add(location.output)
        aliases.append(location.permalink)
    return aliases, dropped
