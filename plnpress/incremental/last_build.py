"""What a successful build leaves in memory for the next one: ``plnpress serve`` rebuilds from it
(:mod:`plnpress.serve.in_memory`) when a save changed only what some entries say."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from plnpress.errors import Problem
from plnpress.incremental.pictures import PublishedPictures
from plnpress.incremental.structure import items, items_in
from plnpress.model import Entry, Page, Site
from plnpress.render.theme import Theme
from plnpress.search import SearchIndex

if TYPE_CHECKING:
    from plnpress.build_types import BuildOptions
    from plnpress.config import Config
    from plnpress.incremental.cache import CacheRun


@dataclass
class LastBuild:
    """What a successful build leaves in memory for the next one."""

    config: Config
    options: BuildOptions
    site: Site
    theme: Theme
    env: jinja2.Environment
    run: CacheRun
    warnings: tuple[Problem, ...]
    output_dir: Path
    state_dir: Path
    pictures: PublishedPictures
    search: SearchIndex | None
    _shows: dict[str, set[str]] | None = field(default=None, repr=False)
    _where: dict[int, list[tuple[str, int]]] | None = field(default=None, repr=False)
    """Where each item is in :attr:`site`: field, and index of its group (-1: none)."""
    _by_source: dict[str, Entry | Page] | None = field(default=None, repr=False)

    def item(self, source: str) -> Entry | Page | None:
        """The site's item from ``source``."""
        if self._by_source is None:
            self._by_source = {item.source: item for item in items(self.site)}
        return self._by_source.get(source)

    def swapped(self, swap: Mapping[int, Entry | Page]) -> Site | None:
        """:attr:`site` with items swapped by identity; None if one is somewhere this does not
        know (a field added to :class:`Site` that holds items)."""
        site = self.site
        sources = {item.source for item in swap.values()}
        for site_field in dataclasses.fields(Site):
            name = site_field.name
            if name in _FLAT or name in _GROUPED:
                continue
            if not items_in(getattr(site, name), {}).isdisjoint(sources):
                return None
        where = self._places()
        changes: dict[str, list[Any]] = {}
        for old_id, new in swap.items():
            for name, group in where.get(old_id, ()):
                values = changes.setdefault(name, list(getattr(site, name)))
                if group < 0:
                    values[_index(values, old_id)] = new
                    continue
                within = list(values[group].entries)
                within[_index(within, old_id)] = new
                values[group] = dataclasses.replace(values[group], entries=tuple(within))
        fields: dict[str, Any] = {name: tuple(values) for name, values in changes.items()}
        swapped = dataclasses.replace(site, **fields)
        by_source = self._by_source
        for old_id, new in swap.items():
            where[id(new)] = where.pop(old_id, [])
            if by_source is not None:
                by_source[new.source] = new
        self.site = swapped
        return swapped

    def _places(self) -> dict[int, list[tuple[str, int]]]:
        if self._where is None:
            self._where = {}
            for name in _FLAT:
                for item in getattr(self.site, name):
                    self._where.setdefault(id(item), []).append((name, -1))
            for name in _GROUPED:
                for group, found in enumerate(getattr(self.site, name)):
                    for item in found.entries:
                        self._where.setdefault(id(item), []).append((name, group))
        return self._where

    def pages_showing(self, sources: Iterable[str]) -> set[str]:
        """Outputs of pages that read bodies and show any of ``sources``."""
        if self._shows is None:
            self._shows = {}
            for output, record in self.run.pages_cache().records.items():
                self._note(output, record.shows)
        found: set[str] = set()
        for source in sources:
            found |= self._shows.get(source, set())
        return found

    def _note(self, output: str, shows: Iterable[str]) -> None:
        assert self._shows is not None
        for source in shows:
            self._shows.setdefault(source, set()).add(output)

    def rendered(self, output: str, before: Iterable[str], after: Iterable[str]) -> None:
        """A page was rendered again: what it shows now."""
        if self._shows is not None:
            for source in before:
                self._shows.get(source, set()).discard(output)
            self._note(output, after)


_FLAT = ("entries", "tombstones", "pages", "menu")
_GROUPED = ("tags", "categories", "archive")


def _index(values: list[Any], wanted: int) -> int:
    return next(at for at, value in enumerate(values) if id(value) == wanted)
