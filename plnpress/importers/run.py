"""The end every import shares: write the items, save the ledger, baseline the sent log."""

from __future__ import annotations

from collections.abc import Sequence

from plnpress.config import Config
from plnpress.importers.baseline import baseline_sent_log
from plnpress.importers.entry import ImportedEntry, ImportedFile
from plnpress.importers.ledger import Ledger
from plnpress.importers.report import ImportReport
from plnpress.importers.write import Placed, write_all


def finish_import(
    config: Config,
    entries: Sequence[ImportedEntry],
    report: ImportReport,
    statics: Sequence[ImportedFile] = (),
) -> list[Placed]:
    """Write ``entries`` and ``statics`` into the blog (never over the writer's edits), then
    mark their links as notified; counts go into ``report``. Returns where each entry went."""
    ledger = Ledger.read(config.root)
    try:
        placed = write_all(config, entries, statics, ledger, report)
    finally:
        ledger.save()
    written = {item.path for item in placed}
    report.baselined = baseline_sent_log(config, files=written, strict=False)
    return placed
