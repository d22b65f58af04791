"""Generated files other than pages (feeds): made again only when their inputs changed."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from plnpress.incremental.fingerprint import Digest, Fingerprints, digest
from plnpress.model import Site
from plnpress.output import Manifest, OutputFile, content_digest
from plnpress.render.feeds import (
    FeedItems,
    site_feed_entries,
    site_feed_files,
    tag_feed_entries,
    tag_feed_file,
)


class UnitRecord(NamedTuple):
    fingerprint: Digest
    files: tuple[tuple[str, str], ...]
    """Each file's path and the digest of its bytes."""


class UnitCache:
    """Files made together by one function from inputs with one fingerprint."""

    def __init__(self, records: dict[str, UnitRecord], manifest: Manifest) -> None:
        self._records = {name: UnitRecord(*record) for name, record in records.items()}
        self._manifest = manifest
        self.records: dict[str, UnitRecord] = {}
        """This build's records, saved for the next one."""

    def files(
        self, name: str, fingerprint: Digest, make: Callable[[], list[OutputFile]]
    ) -> list[OutputFile]:
        """``make()``, or the files it made last time if ``fingerprint`` is unchanged."""
        record = self._records.get(name)
        intact = self._manifest.intact
        if (
            record is not None
            and record.fingerprint == fingerprint
            and all(intact(path, data) for path, data in record.files)
        ):
            self.records[name] = record
            return [OutputFile(path, kept=data) for path, data in record.files]
        made = make()
        if all(item.data is not None for item in made):
            files = tuple((item.path, content_digest(item.data or b"")) for item in made)
            self.records[name] = UnitRecord(fingerprint, files)
        return made


def feed_files(site: Site, units: UnitCache, fingerprints: Fingerprints) -> list[OutputFile]:
    """The site's feeds (as :func:`plnpress.render.feeds.render_feeds` makes them), each made
    again only when the config or the entries it shows changed."""
    config = fingerprints.of(site.config)
    shown = fingerprints.of(tuple(site_feed_entries(site)))
    items = FeedItems()
    files = units.files("feeds", digest(config, shown), lambda: site_feed_files(site, items))
    for taxon in site.tags:
        shown = fingerprints.of((taxon.name, taxon.slug, *tag_feed_entries(site.config, taxon)))
        files += units.files(
            f"tag-feed:{taxon.slug}",
            digest(config, shown),
            lambda taxon=taxon: [tag_feed_file(site.config, taxon, items)],  # type: ignore[misc]
        )
    return files
