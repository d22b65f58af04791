"""What an import did: counts, warnings, files kept and items not imported, and the summary
table the command ends with."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rich.table import Table

from plnpress.errors import Problem, ProblemLog
from plnpress.importers.ledger import Outcome


@dataclass(slots=True)
class ImportReport:
    """Filled in as an import goes; every importer adds its own counts (``count``)."""

    source: str
    """What was imported, for the table's title (``Jekyll site ../old-blog``)."""
    counts: Counter[str] = field(default_factory=Counter)
    """By what was read: ``posts``, ``pages``, ``drafts``, ``comments``..., in the order first
    counted."""
    outcomes: Counter[Outcome] = field(default_factory=Counter)
    """Files written, by what happened to each."""
    kept: list[str] = field(default_factory=list)
    """Files left as they were because the writer edited them (or an import never wrote them)."""
    not_imported: list[tuple[str, str]] = field(default_factory=list)
    """(origin, why) for every item of the source that was left out."""
    problems: ProblemLog = field(default_factory=ProblemLog)
    """Warnings about what was imported, at the file and line of the source."""
    aliases: int = 0
    """Old addresses kept as aliases."""
    baselined: int = 0
    """Links marked as already notified in the sent log."""

    def count(self, what: str, n: int = 1) -> None:
        self.counts[what] += n

    def skip(self, origin: str, why: str) -> None:
        self.not_imported.append((origin, why))

    def warn(self, origin: str, line: int | None, message: str) -> None:
        self.problems.warning(origin, line, message)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return self.problems.problems

    def rows(self) -> list[tuple[str, str]]:
        """The summary as (what, how many) rows, in a fixed order."""
        rows = [(what, str(n)) for what, n in self.counts.items()]
        rows.append(("old addresses kept as aliases", str(self.aliases)))
        rows.append(("not imported", str(len(self.not_imported))))
        rows.append(("warnings", str(len(self.warnings))))
        for outcome in Outcome:
            rows.append((f"files {outcome.value}", str(self.outcomes[outcome])))
        rows.append(("links marked as already notified", str(self.baselined)))
        return rows

    def table(self) -> Table:
        table = Table(title=f"Imported from {self.source}", title_justify="left")
        table.add_column("what")
        table.add_column("count", justify="right")
        for what, n in self.rows():
            table.add_row(what, n)
        return table
