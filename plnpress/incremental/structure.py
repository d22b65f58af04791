"""The shape of a site, to tell a build that only changed bodies from one that changed more.

Which pages a site has, what each page is given (every value but the entries' and pages' bodies)
and the template globals all follow from the site's primary fields, with every entry and page
taken without its body, and from the templates and code (the globals digest). Their digest is
the site's *structure*. When it is the same as the last build's, the plan of pages is the same
too, and a page can change only if it shows an item whose body changed (and reads bodies) or
reads a part of ``site`` that holds one: every other page is provably as it was, without working
out its fingerprint. The items whose bodies changed are told apart by each item's fingerprints,
kept from build to build.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from typing import Any

from plnpress.incremental.fingerprint import Digest, Fingerprints, digest
from plnpress.model import Entry, Page, Site

DERIVED = frozenset({"tags", "categories", "archive", "menu"})
"""Fields of :class:`Site` that ``Site.assemble`` works out from the others."""


def items(site: Site) -> Iterator[Entry | Page]:
    """Every entry and page of the site (tombstones too)."""
    yield from site.entries
    yield from site.tombstones
    yield from site.pages


def item_fingerprints(
    site: Site, meta: Fingerprints, whole: Fingerprints
) -> dict[str, tuple[Digest, Digest]]:
    """Each item's fingerprints without and with its body, by source file."""
    return {item.source: (meta.of(item), whole.of(item)) for item in items(site)}


ITEM_FIELDS = ("entries", "tombstones", "pages")
"""Fields of :class:`Site` that list items (taken in by their fingerprints without bodies)."""


def structure_digest(
    site: Site,
    globals_digest: Digest,
    meta: Fingerprints,
    fingerprints: Mapping[str, tuple[Digest, Digest]],
) -> Digest:
    """See the module docstring; a field added to :class:`Site` is part of it unless derived.
    ``fingerprints`` are :func:`item_fingerprints`."""
    parts = [globals_digest]
    for field in dataclasses.fields(Site):
        value = getattr(site, field.name)
        if field.name in ITEM_FIELDS:
            listed = [(item.source, fingerprints[item.source][0]) for item in value]
            parts.append(f"{field.name}:{len(listed)}".encode())
            parts += [b"%s\0%s" % (source.encode(), found) for source, found in listed]
        elif field.name not in DERIVED:
            parts += [field.name.encode(), meta.of(value)]
    return digest(*parts)


def changed_items(
    now: Mapping[str, tuple[Digest, Digest]], before: Mapping[str, Any]
) -> frozenset[str]:
    """Sources of items that are new, gone, or whose fingerprints differ from ``before``."""
    changed = {source for source, pair in now.items() if tuple(before.get(source, ())) != pair}
    return frozenset(changed | (before.keys() - now.keys()))


def items_in(value: object, memo: dict[int, frozenset[str]]) -> frozenset[str]:
    """The sources of the entries and pages anywhere in ``value`` (a page's context)."""
    if isinstance(value, Entry | Page):
        return frozenset((value.source,))
    if isinstance(value, str | bytes | int | float | bool) or value is None:
        return frozenset()
    found = memo.get(id(value))
    if found is not None:
        return found
    if isinstance(value, Mapping):
        found = _union(items_in(item, memo) for item in value.values())
    elif isinstance(value, tuple | list | set | frozenset):
        found = _union(items_in(item, memo) for item in value)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        found = _union(
            items_in(getattr(value, field.name), memo) for field in dataclasses.fields(value)
        )
    elif callable(value):  # as the fingerprint sees one: what it is bound to or captured
        captured = [getattr(value, "__self__", None), getattr(value, "__defaults__", None)]
        captured += [getattr(value, name, None) for name in ("func", "args", "keywords")]
        captured += [cell.cell_contents for cell in getattr(value, "__closure__", None) or ()]
        found = _union(items_in(item, memo) for item in captured)
    else:
        found = frozenset()
    memo[id(value)] = found
    return found


def _union(sets: Iterator[frozenset[str]]) -> frozenset[str]:
    result: set[str] = set()
    for found in sets:
        result.update(found)
    return frozenset(result)
