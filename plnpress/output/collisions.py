"""Outputs that cannot all be written: two at one path, or a file where another needs a folder.

Each is an error named at the line of the writer's file that chose the path: ``permalink:`` or
``slug:`` for an entry's or a page's own address, ``aliases:`` for an old address, no line when
the file's name alone made the address (or for a static file).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from plnpress.errors import ProblemLog
from plnpress.model import Entry, Page, Site
from plnpress.output.behind import folders_of
from plnpress.output.files import OutputFile


def without_collisions(
    files: Iterable[OutputFile], site: Site, log: ProblemLog
) -> list[OutputFile]:
    """Two things writing one file is an error, named at the writer's file that came second.

    A generated page (no source) keeps its place; among the writer's files, the first path wins.
    """
    files = list(files)
    paths = {item.path for item in files}
    lines = _Lines(site)
    _report_files_in_the_way(files, paths, lines, log)
    if len(paths) == len(files):
        return files  # nearly always: nothing to sort out
    claims: dict[str, list[OutputFile]] = {}
    for item in files:
        claims.setdefault(item.path, []).append(item)
    kept: list[OutputFile] = []
    for path, claimants in claims.items():
        owner, *others = sorted(claimants, key=lambda f: (f.source is not None, f.source or ""))
        kept.append(owner)
        for other in others:
            if other.source is None:
                log.error("templates", None, f"two generated pages write {path}")
                continue
            by = owner.source or "a page plnpress generates"
            log.error(
                other.source,
                lines.of(other),
                f"would write {path}, which {by} also writes; choose another slug or permalink",
            )
    return kept


def _report_files_in_the_way(
    files: list[OutputFile], paths: set[str], lines: _Lines, log: ProblemLog
) -> None:
    """A file where another output needs a folder (``feed.xml`` and ``feed.xml/index.html``,
    from a permalink or an alias ending in ``.xml/``) can never be written: an error, named at
    the writer's file that asked for it."""
    in_the_way = paths & folders_of(paths)
    if not in_the_way:
        return
    for item in files:
        blocking = next((p for p in _parents(item.path) if p in in_the_way), None)
        if blocking is None:
            continue
        blocker = next(f for f in files if f.path == blocking)
        blamed = item if item.source is not None else blocker
        by = blocker.source or "a page plnpress generates"
        log.error(
            blamed.source or "templates",
            lines.of(blamed),
            f"{item.path} needs a folder {blocking}, but {by} writes a file there; "
            "choose another slug, permalink or alias",
        )


class _Lines:
    """The line of the front matter key that chose an output's path."""

    def __init__(self, site: Site) -> None:
        self._items: dict[str, Entry | Page] | None = None
        self._site = site

    def of(self, output: OutputFile) -> int | None:
        if output.source is None:
            return None
        if self._items is None:
            site = self._site
            self._items = {item.source: item for item in (*site.entries, *site.tombstones)}
            self._items.update((page.source, page) for page in site.pages)
        item = self._items.get(output.source)
        if item is None:  # a static file: its path is its place under content/static/
            return None
        if any(alias.output == output.path for alias in item.aliases):
            return item.lines.get("aliases")
        return item.lines.get("permalink") or item.lines.get("slug")


def _parents(path: str) -> Iterator[str]:
    """The folders ``path`` lies in, deepest first (``a/b/c.html``: ``a/b``, ``a``)."""
    while "/" in path:
        path = path.rsplit("/", 1)[0]
        yield path
