"""Publishing the site's pictures: each one made fit for the web once, then kept.

Every picture among the site's files (``content/static/``, page bundles) is published through
:func:`plnpress.images.make_copies`: the original without its metadata, and copies in a few widths
in its own format and in WebP. What comes out depends only on the picture's bytes and the
settings, so it is kept in ``.plnpress-cache/pictures/`` under the digest of both, and the build
state remembers which digest each file had (by its size and modification time, as the content
cache does): a warm build reads no picture and encodes nothing. Pictures that must be made are
spread over every core (each is seconds of work for a phone's photo).

A file with a picture's name that is not a picture (broken, or something else renamed) is an
error at every line of every entry or page that shows it, or at the file itself if none does.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from plnpress.errors import ProblemLog
from plnpress.images import PICTURE_SUFFIXES, PictureError, copy_name, make_copies, settings_key
from plnpress.images.copies import widths_for
from plnpress.incremental.fingerprint import Digest, digest
from plnpress.incremental.parallel import fork_map, processes_for
from plnpress.model import Entry, Page, Site
from plnpress.output import OutputFile
from plnpress.render.pictures import Picture, site_file

FOLDER = "pictures"
"""Below the build state folder: one folder of copies per picture and settings."""
RACY_NS = 3_000_000_000
"""A file modified this close to a build is read again next time (see the content cache)."""
_META = "copies.json"


class PictureRecord(NamedTuple):
    """What one picture file became (saved as a plain tuple in the build state)."""

    size: int
    mtime_ns: int
    trusted: bool
    """The stat alone proves the file unchanged (it was old enough when recorded)."""
    key: str
    """The folder of its copies: the digest of its bytes and of the settings."""
    width: int
    height: int
    copies: tuple[tuple[int, str, bool], ...]
    """Each copy's width, suffix and whether it is the original."""


@dataclass(frozen=True, slots=True)
class PublishedPictures:
    """The site's pictures as published: what pages need to show them, and their files."""

    pictures: Mapping[str, Picture] = field(default_factory=dict)
    """By output file of the original."""
    files: tuple[OutputFile, ...] = ()
    encoded: int = 0
    """Pictures made this build (0 when every one was made before)."""

    def fingerprints(self) -> dict[str, Digest]:
        """A digest of each picture as pages show it, by output file."""
        return {rel: digest(repr(tuple(p)).encode()) for rel, p in self.pictures.items()}


class _Job(NamedTuple):
    source: str
    """Relative to the blog folder."""
    output: str
    key: str


class PictureCache:
    """The pictures of one build's site, made or found made (see the module docstring)."""

    def __init__(
        self,
        state_dir: Path,
        records: Mapping[str, PictureRecord],
        processes: int | None = None,
    ) -> None:
        self._folder = state_dir / FOLDER
        self._before = {rel: PictureRecord(*record) for rel, record in records.items()}
        self._processes = processes
        self._started_ns = time.time_ns()
        self.records: dict[str, PictureRecord] = {}
        """This build's records, saved for the next one."""

    def publish(
        self, site: Site, files: Iterable[tuple[str, str]], keep_metadata: bool, log: ProblemLog
    ) -> PublishedPictures:
        """Publish the pictures among ``files`` (each: source relative to the blog, output);
        a picture that cannot be read is an error in ``log`` where ``site`` shows it."""
        root = site.config.root
        settings = settings_key(keep_metadata)
        wanted = [(s, o) for s, o in files if PurePosixPath(s).suffix.lower() in PICTURE_SUFFIXES]
        jobs: list[_Job] = []
        for source, output in wanted:
            found = self._known(root, source, settings)
            if found is None:
                key = _key(root / source, settings)
                found = self._made(root, source, key)
            if found is None:
                jobs.append(_Job(source, output, _key(root / source, settings)))
        failures = self._make(root, jobs, keep_metadata)
        for source, message in failures.items():
            self._report(site, dict(wanted)[source], source, message, log)
        pictures: dict[str, Picture] = {}
        outputs: list[OutputFile] = []
        for source, output in wanted:
            record = self.records.get(source)
            if record is not None:
                pictures[output] = _picture(output, record)
                outputs += self._files(source, output, record)
        self._prune()
        return PublishedPictures(pictures, tuple(outputs), len(jobs) - len(failures))

    def _known(self, root: Path, source: str, settings: str) -> PictureRecord | None:
        """The last build's record of ``source`` when the file is as it was then."""
        record = self._before.get(source)
        if record is None or not record.key.endswith(settings):
            return None
        try:
            stat = (root / source).stat()
        except OSError:
            return None
        if not (
            record.trusted and (stat.st_size, stat.st_mtime_ns) == (record.size, record.mtime_ns)
        ):
            return None
        if not all((self._folder / record.key / _file_name(c)).is_file() for c in record.copies):
            return None
        self.records[source] = record
        return record

    def _made(self, root: Path, source: str, key: str) -> PictureRecord | None:
        """The record of ``source`` when its copies were made before (by any build)."""
        try:
            meta = json.loads((self._folder / key / _META).read_text(encoding="utf-8"))
            copies = tuple((int(w), str(s), bool(o)) for w, s, o in meta["copies"])
            width, height = int(meta["width"]), int(meta["height"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if not all((self._folder / key / _file_name(c)).is_file() for c in copies):
            return None
        return self._record(root, source, key, width, height, copies)

    def _record(
        self,
        root: Path,
        source: str,
        key: str,
        width: int,
        height: int,
        copies: tuple[tuple[int, str, bool], ...],
    ) -> PictureRecord:
        stat = (root / source).stat()
        trusted = stat.st_mtime_ns < self._started_ns - RACY_NS
        record = PictureRecord(stat.st_size, stat.st_mtime_ns, trusted, key, width, height, copies)
        self.records[source] = record
        return record

    def _make(self, root: Path, jobs: Sequence[_Job], keep_metadata: bool) -> dict[str, str]:
        """Make the copies of every picture of ``jobs``, over every core when there are
        several; returns why each picture that could not be made failed."""
        failures: dict[str, str] = {}
        folder = self._folder

        def work(start: int, end: int) -> list[tuple[int, int, list[tuple[int, str, bool]] | str]]:
            return [
                _make_one(root / job.source, folder / job.key, keep_metadata)
                for job in jobs[start:end]
            ]

        def consume(
            start: int, results: list[tuple[int, int, list[tuple[int, str, bool]] | str]]
        ) -> None:
            for job, (width, height, made) in zip(jobs[start:], results, strict=False):
                if isinstance(made, str):
                    failures[job.source] = made
                else:
                    self._record(root, job.source, job.key, width, height, tuple(made))

        processes = processes_for(len(jobs), self._processes, worth_it_from=2)
        fork_map(work, len(jobs), 1, processes, consume)
        return failures

    def _files(self, source: str, output: str, record: PictureRecord) -> Iterator[OutputFile]:
        for copy in record.copies:
            width, suffix, original = copy
            rel = output if original else copy_name(output, width, suffix)
            yield OutputFile(
                rel, copy_from=self._folder / record.key / _file_name(copy), source=source
            )

    def _report(self, site: Site, output: str, source: str, message: str, log: ProblemLog) -> None:
        uses = list(_uses(site, output))
        if not uses:
            log.error(source, None, f"cannot be published: {message}")
        for item, line, address in uses:
            log.error(item, line, f"{address}: {source} cannot be published: {message}")

    def _prune(self) -> None:
        """Remove the copies of pictures no file of this build has any more."""
        keep = {record.key for record in self.records.values()}
        with contextlib.suppress(OSError):
            for folder in self._folder.iterdir():
                if folder.name not in keep:
                    shutil.rmtree(folder, ignore_errors=True)


def _key(path: Path, settings: str) -> str:
    hasher = hashlib.blake2b(digest_size=16)
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            hasher.update(chunk)
    return f"{hasher.hexdigest()}-{settings}"


def _file_name(copy: tuple[int, str, bool]) -> str:
    width, suffix, original = copy
    return f"original{suffix}" if original else f"{width}w{suffix}"


def _make_one(
    path: Path, folder: Path, keep_metadata: bool
) -> tuple[int, int, list[tuple[int, str, bool]] | str]:
    """Make ``path``'s copies in ``folder`` (written beside it, then renamed into place, so a
    folder that exists is whole); its size and copies, or why it cannot be made."""
    try:
        made = make_copies(path.read_bytes(), path.suffix, keep_metadata)
    except PictureError as exc:
        return 0, 0, str(exc)
    except OSError as exc:
        return 0, 0, f"cannot be read ({exc.strerror or exc})"
    building = folder.with_name(f"{folder.name}.{os.getpid()}.tmp")
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    copies = [(copy.width, copy.suffix, copy.original) for copy in made.copies]
    for copy, data in zip(copies, made.copies, strict=True):
        (building / _file_name(copy)).write_bytes(data.data)
    meta = {"width": made.width, "height": made.height, "copies": copies}
    (building / _META).write_text(json.dumps(meta), encoding="utf-8")
    try:
        building.rename(folder)
    except OSError:  # another build made it meanwhile: theirs is the same
        shutil.rmtree(building, ignore_errors=True)
    return made.width, made.height, copies


def _picture(output: str, record: PictureRecord) -> Picture:
    """What pages need to show the picture at ``output``: its size and its copies."""
    if len(record.copies) == 1:  # published as it is: no copies to choose from
        return Picture(record.width, record.height, (), ())
    suffix = PurePosixPath(output).suffix
    widths = widths_for(record.width)
    own = tuple(
        (output if width == record.width else copy_name(output, width, suffix), width)
        for width in widths
    )
    if suffix.lower() == ".webp":
        return Picture(record.width, record.height, own, ())
    webp = tuple((copy_name(output, width, ".webp"), width) for width in widths)
    return Picture(record.width, record.height, own, webp)


def _uses(site: Site, output: str) -> Iterator[tuple[str, int | None, str]]:
    """Where ``site`` shows the picture at ``output``: file, line and the address written."""
    base = site.config.base_path
    items: list[Entry | Page] = [*site.entries, *site.tombstones, *site.pages]
    for item in sorted(items, key=lambda i: i.source):
        cover = item.image or ""
        if cover.startswith("/") and not cover.startswith("//"):
            cover = base.rstrip("/") + cover  # written from the site's root, as url() takes it
        if cover and site_file(cover, item.path, base) == output:
            yield item.source, item.lines.get("image"), item.image or ""
        for address, line in item.pictures:
            if site_file(address, item.path, base) == output:
                yield item.source, line, address
