"""Page bundles: the files beside an entry's or page's ``index.md``, published beside its page.

``content/posts/2024-05-01-trip/index.md`` with ``photo.jpg`` (or ``images/map.png``) next to it:
the entry's page is written to its permalink, say ``2024/05/trip/index.html``, and the files go
into the same folder (``2024/05/trip/photo.jpg``), so ``![](photo.jpg)`` in the post works on its
page and, made absolute, in the feeds. A file belongs to the nearest folder above it that has an
``index.md``. The files of a draft (or of an entry left out for any reason) are not published.
A file in ``posts/``, ``links/`` or ``pages/`` outside any bundle is not published either, and the
writer is told.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from posixpath import dirname

from plnpress.content.discovery import SourceFile, SourceKind
from plnpress.content.naming import is_bundle_index
from plnpress.errors import ProblemLog
from plnpress.model import Entry, Page, StaticFile


def bundle_files(
    items: Iterable[Entry | Page], files: Sequence[SourceFile], log: ProblemLog
) -> list[StaticFile]:
    """The bundle files of ``items`` (the loaded entries and pages), from the discovered
    ``files``; a file outside every bundle folder is reported."""
    folders = {
        dirname(source.rel)
        for source in files
        if source.kind.is_content and is_bundle_index(source.inner)
    }
    owners: dict[str, Entry | Page] = {}
    if folders:
        for item in items:
            if (item_folder := dirname(item.source)) in folders:
                owners[item_folder] = item
    found = []
    for source in files:
        if source.kind is not SourceKind.BESIDE:
            continue
        folder = _bundle_folder(source.rel, folders)
        if folder is None:
            log.warning(
                source.rel,
                None,
                "not published: only Markdown files are read here; put it in content/static/, "
                "or beside an index.md to make a page bundle",
            )
            continue
        owner = owners.get(folder)
        if owner is None:
            continue  # its entry is a draft, in the future, or has an error
        page_folder = dirname(owner.location.output)
        inside = source.rel[len(folder) + 1 :]
        output = f"{page_folder}/{inside}" if page_folder else inside
        found.append(StaticFile(source.rel, output, bundle_of=owner.source))
    return found


def _bundle_folder(rel: str, folders: set[str]) -> str | None:
    """The nearest folder above ``rel`` that is a bundle."""
    folder = dirname(rel)
    while folder.count("/") >= 2:  # content/posts/<folder> at least
        if folder in folders:
            return folder
        folder = dirname(folder)
    return None
