"""Choosing each imported item's file and writing it, with its bundle, through the ledger.

Posts and links are named as ``plnpress new`` names them (``content/posts/2020-01-02-slug.md``);
an item with files beside it becomes a bundle (``content/posts/2020-01-02-slug/index.md`` and
its pictures next to it); pages are ``content/pages/slug.md``. Two items that would share a file
or an address get ``-2``, ``-3``... on the later one's slug (in the order the importer gave them,
which is stable from run to run).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from posixpath import dirname
from typing import Any

from plnpress.config import Config
from plnpress.content.naming import entry_slug, page_slug
from plnpress.importers.addresses import alias_paths, new_location
from plnpress.importers.entry import ImportedEntry, ImportedFile, ImportedKind, entry_text
from plnpress.importers.ledger import Ledger, Outcome
from plnpress.importers.report import ImportReport
from plnpress.model import Location
from plnpress.model.permalinks import PermalinkError
from plnpress.model.slugs import slug_problem, slugify


@dataclass(frozen=True, slots=True)
class Placed:
    """An entry with its file and address settled."""

    entry: ImportedEntry
    path: str
    location: Location


def write_all(
    config: Config,
    entries: Sequence[ImportedEntry],
    statics: Sequence[ImportedFile],
    ledger: Ledger,
    report: ImportReport,
) -> list[Placed]:
    """Write every entry (with its bundle) and every static file; return where each went."""
    placed = place(config, entries, report)
    taken = {p.location.output for p in placed}
    for item in placed:
        aliases, dropped = alias_paths(config, item.location, item.entry.old_urls, taken)
        for message in dropped:
            report.warn(item.entry.origin, None, message)
        report.aliases += len(aliases)
        text = entry_text(_front(item, aliases), item.entry.body)
        _write(ledger, report, item.path, text.encode("utf-8"), item.entry.origin)
        folder = dirname(item.path)
        for file in item.entry.bundle:
            _write(ledger, report, f"{folder}/{file.path}", file.read(), item.entry.origin)
    for file in statics:
        _write(ledger, report, file.path, file.read(), str(file.source or file.path))
    return placed


def place(config: Config, entries: Sequence[ImportedEntry], report: ImportReport) -> list[Placed]:
    """Each entry's file and address, with clashes settled (see the module docstring)."""
    paths: set[str] = set()
    outputs: set[str] = set()
    placed = []
    for entry in entries:
        entry = _clean_slug(entry)
        base, n = entry.slug, 1
        while True:
            candidate = replace(entry, slug=base if n == 1 else f"{base}-{n}")
            path = candidate.path or _file_for(config, candidate)
            try:
                location = new_location(config, candidate)
            except PermalinkError as exc:
                report.skip(entry.origin, f"no address can be made for it: {exc}")
                break
            if path not in paths and location.output not in outputs:
                paths.add(path)
                outputs.add(location.output)
                placed.append(Placed(candidate, path, location))
                break
            n += 1
    return placed


def _clean_slug(entry: ImportedEntry) -> ImportedEntry:
    if not slug_problem(entry.slug):
        return entry
    return replace(entry, slug=slugify(entry.slug) or "untitled")


def _file_for(config: Config, entry: ImportedEntry) -> str:
    folder = f"content/{entry.kind.value}"
    if entry.kind is ImportedKind.PAGE or entry.date is None:
        stem = entry.slug
    else:
        stem = f"{entry.date:%Y-%m-%d}-{entry.slug}"
    return f"{folder}/{stem}/index.md" if entry.bundle else f"{folder}/{stem}.md"


def _front(item: Placed, aliases: list[str]) -> dict[str, Any]:
    """The front matter as written: title first, then the date, the slug if the file name does
    not give it, everything else, and the aliases last."""
    entry = item.entry
    front: dict[str, Any] = {}
    if "title" in entry.front:
        front["title"] = entry.front["title"]
    if entry.date is not None and entry.kind is not ImportedKind.PAGE:
        front["date"] = entry.date
    if _slug_from_file(item.path, entry.kind) != entry.slug:
        front["slug"] = entry.slug
    front.update((k, v) for k, v in entry.front.items() if k not in {"title", "aliases"})
    if aliases:
        front["aliases"] = aliases
    return front


def _slug_from_file(path: str, kind: ImportedKind) -> str:
    """The slug the build takes from the file's name."""
    inner = path.removeprefix(f"content/{kind.value}/")
    return page_slug(inner) if kind is ImportedKind.PAGE else entry_slug(inner)


def _write(ledger: Ledger, report: ImportReport, rel: str, data: bytes, origin: str) -> None:
    outcome = ledger.write(rel, data, origin)
    report.outcomes[outcome] += 1
    if outcome is Outcome.KEPT:
        report.kept.append(rel)
