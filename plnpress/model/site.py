"""The whole blog as one value: entries, pages, static files, and the groupings lists show."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from plnpress.config import Config
from plnpress.model.blogroll import BlogrollPerson
from plnpress.model.entry import Entry, EntryKind, Location, Page, StaticFile
from plnpress.model.slugs import slugify


@dataclass(frozen=True, slots=True, eq=False)
class Taxon:
    """A tag or a category and the entries filed under it (newest first)."""

    name: str
    """As the writer spelled it (the first spelling, in date order, when spellings differ)."""
    slug: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True, slots=True, eq=False)
class ArchiveMonth:
    year: int
    month: int
    entries: tuple[Entry, ...]


@dataclass(frozen=True, slots=True, eq=False)
class Site:
    """Everything a build renders. Entries are newest first; ties are broken by source path."""

    config: Config
    entries: tuple[Entry, ...]
    """Listed entries: published (or included by flags) and not deleted."""
    tombstones: tuple[Entry, ...]
    """Entries marked ``deleted: true``; built as 410 pages only."""
    pages: tuple[Page, ...]
    static_files: tuple[StaticFile, ...]
    tags: tuple[Taxon, ...]
    """Sorted by slug."""
    categories: tuple[Taxon, ...]
    archive: tuple[ArchiveMonth, ...]
    """Newest month first."""
    menu: tuple[Page, ...]
    """Pages with a ``menu`` position, in that order."""
    blogroll: tuple[BlogrollPerson, ...] = ()
    """The people in ``content/blogroll.yaml``, in the writer's order."""
    search: bool = False
    """The site has a search page and index (``search: true``, and Pagefind can run here)."""

    @classmethod
    def assemble(
        cls,
        config: Config,
        entries: Iterable[Entry],
        pages: Iterable[Page],
        static_files: Iterable[StaticFile],
        blogroll: Iterable[BlogrollPerson] = (),
    ) -> Site:
        ordered = sorted(entries, key=lambda e: (e.published, e.source), reverse=True)
        listed = tuple(e for e in ordered if not e.deleted)
        all_pages = tuple(sorted(pages, key=lambda p: p.source))
        return cls(
            config=config,
            entries=listed,
            tombstones=tuple(e for e in ordered if e.deleted),
            pages=all_pages,
            static_files=tuple(sorted(static_files, key=lambda s: s.output)),
            tags=_group(listed, lambda e: e.tags),
            categories=_group(listed, lambda e: (e.category,) if e.category else ()),
            archive=_archive(listed),
            menu=tuple(
                sorted(
                    (p for p in all_pages if p.menu is not None), key=lambda p: (p.menu, p.title)
                )
            ),
            blogroll=tuple(blogroll),
        )

    def bundle_files(self) -> tuple[StaticFile, ...]:
        """The files published beside an entry or page (its bundle folder), in output order."""
        return tuple(f for f in self.static_files if f.bundle_of is not None)

    def of_kind(self, kind: EntryKind) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if e.kind is kind)

    def aliases(self) -> Iterator[tuple[Location, Entry | Page]]:
        """Every old address (``aliases:``) with the entry or page it now leads to."""
        items: tuple[Entry | Page, ...] = (*self.entries, *self.tombstones, *self.pages)
        for item in items:
            for alias in item.aliases:
                yield alias, item

    def neighbours(self, entry: Entry) -> tuple[Entry | None, Entry | None]:
        """The older and newer entry of the same kind, for previous/next links."""
        return self.all_neighbours().get(id(entry), (None, None))

    def all_neighbours(self) -> dict[int, tuple[Entry | None, Entry | None]]:
        """:meth:`neighbours` of every listed entry at once, by ``id(entry)`` (one pass)."""
        found: dict[int, tuple[Entry | None, Entry | None]] = {}
        for kind in EntryKind:
            same = [e for e in self.entries if e.kind is kind]
            for index, entry in enumerate(same):
                older = same[index + 1] if index + 1 < len(same) else None
                found[id(entry)] = (older, same[index - 1] if index > 0 else None)
        return found


def _group(
    entries: tuple[Entry, ...], names_of: Callable[[Entry], tuple[str, ...]]
) -> tuple[Taxon, ...]:
    # A dict per slug keeps order and drops an entry filed twice (two spellings of one tag).
    members: dict[str, dict[int, Entry]] = defaultdict(dict)
    spelling: dict[str, str] = {}
    slugs: dict[str, str] = {}
    for entry in reversed(entries):  # oldest first, so the first spelling wins
        for name in names_of(entry):
            slug = slugs.get(name)
            if slug is None:
                slug = slugs[name] = slugify(name)
            spelling.setdefault(slug, name)
            members[slug].setdefault(id(entry), entry)
    return tuple(
        Taxon(name=spelling[slug], slug=slug, entries=tuple(reversed(members[slug].values())))
        for slug in sorted(members)
    )


def _archive(entries: tuple[Entry, ...]) -> tuple[ArchiveMonth, ...]:
    months: dict[tuple[int, int], list[Entry]] = defaultdict(list)
    for entry in entries:
        months[(entry.published.year, entry.published.month)].append(entry)
    return tuple(
        ArchiveMonth(year, month, tuple(months[(year, month)]))
        for year, month in sorted(months, reverse=True)
    )
