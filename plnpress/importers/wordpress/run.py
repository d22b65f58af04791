"""``plnpress import wordpress``: a WordPress export into this blog, read top to bottom.

1. Read the whole export once (:mod:`.scan`): a broken or hostile file stops here, before
   anything is written; every post and page gets its file and address (``place``).
2. Read it again, a few posts at a time, each body made Markdown (:mod:`.body`) after the files
   it shows are fetched (:mod:`.media`), each entry written through the import ledger (never
   over the writer's edits), its comments kept as responses (:mod:`.comments`).
3. Save the ledger, and mark the imported entries' links as already notified in the sent log
   (each entry is marked as it is written, as the next send will see it, so the blog is never
   loaded whole).

Only a batch of posts (their bodies, comments and files) is in memory at a time, whatever the
size of the export; what grows with it is a line per post and a mark per link.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TypeVar

from plnpress.config import Config
from plnpress.errors import ProblemLog, ProblemsError
from plnpress.importers.baseline import Baseline
from plnpress.importers.ledger import Ledger
from plnpress.importers.report import ImportReport
from plnpress.importers.wordpress.export import Export, ExportError, Item
from plnpress.importers.wordpress.scan import scan_export
from plnpress.importers.wordpress.writer import EntryWriter, Kept, WordPressOptions
from plnpress.importers.write import Placed, place
from plnpress.mentions.files import read_mentions, write_mentions
from plnpress.progress import Progress, Silent

T = TypeVar("T")

BATCH = 20
"""Posts converted together, so their files are fetched together."""

ROWS = ("posts", "pages", "drafts", "scheduled", "comments", "pingbacks and trackbacks")
"""The first rows of the summary, in this order, even when they are 0."""


def import_wordpress(
    config: Config,
    path: Path,
    options: WordPressOptions | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import the export at ``path`` into the blog of ``config``; see the module docstring.
    A file that cannot be read raises ``ProblemsError`` (``path:line: why``) and writes nothing."""
    progress = progress or Silent()
    options = options or WordPressOptions()
    export = Export(path)
    report = ImportReport(source=f"WordPress export {path.name}")
    for row in ROWS:
        report.count(row, 0)
    try:
        scan = scan_export(export, config, report)
    except ExportError as exc:
        raise _unreadable(path, exc) from None
    placed = place(config, scan.entries, report)
    archive, state = read_mentions(config)
    keep = Kept(Ledger.read(config.root), archive, state, Baseline(config))
    writer = EntryWriter(config, scan, placed, report, keep, options)
    progress.begin("Importing posts and pages", len(placed))
    try:
        for batch in _batches(_items(writer, export, path), BATCH):
            writer.write(batch)
            progress.advance(len(batch))
    finally:
        keep.ledger.save()
        write_mentions(config, archive, state)
    writer.finish()
    report.baselined = keep.baseline.save()
    return report


def _items(writer: EntryWriter, export: Export, path: Path) -> Iterator[tuple[Placed, Item]]:
    try:
        yield from writer.items(export)
    except ExportError as exc:  # the file changed since the first reading
        raise _unreadable(path, exc) from None


def _unreadable(path: Path, exc: ExportError) -> ProblemsError:
    problems = ProblemLog()
    problems.error(str(path), exc.line, exc.message)
    return ProblemsError(problems.problems, "Import")


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
