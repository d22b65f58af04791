"""The one place that writes the site to disk.

Everything is rendered first (pages into the staging folder, see :mod:`plnpress.output.staging`,
the rest in memory), so a build with errors writes nothing. Then only files whose bytes changed
are written, into the staging folder, and the whole new site replaces the old one at once
(:mod:`plnpress.output.swap`): unchanged files are hard links to the old ones, a rewritten file
keeps the mode of the file it replaces, and files that an earlier build wrote but this one no
longer produces are left out. Files plnpress did not write are never deleted: a manifest in the
build state folder remembers what it wrote. (``plnpress serve``'s rebuilds in memory write their
few files one by one, each atomically: `write_changed`.)
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from plnpress.atomic import atomic_write
from plnpress.output.behind import Seen, folders_of, leave, noted_folders, take
from plnpress.output.files import OutputFile
from plnpress.output.in_place import Folders, keep_mode, remove_stale, write_one
from plnpress.output.staging import Staging
from plnpress.output.stat_ahead import SizeAndTime, StatsAhead, prefix_of, size_and_time
from plnpress.output.swap import make_like, place, same_file_system, swap


@dataclass(frozen=True, slots=True)
class WriteReport:
    written: int
    """Files created or changed."""
    unchanged: int
    removed: int
    """Files an earlier build wrote that no longer exist in the site."""
    changed_paths: tuple[str, ...] = ()


class _Record(NamedTuple):  # a tuple: a big site's manifest holds tens of thousands
    digest: str
    size: int
    mtime_ns: int


class Manifest:
    """What the writer wrote into one output folder: each file's digest, size and mtime."""

    def __init__(self, out_dir: Path, state_dir: Path) -> None:
        self.out_dir = out_dir
        self._prefix = prefix_of(out_dir)
        self.path = state_dir / f"manifest-{folder_key(out_dir, state_dir)}.json"
        self.records = _load_manifest(self.path)
        self.write_through = True
        """Save to disk on every :meth:`save` (else only on :meth:`flush`: ``plnpress serve``)."""
        self._unsaved = False
        self._ahead: StatsAhead | None = None
        self._spare: tuple[StatsAhead, str] | None = None
        self.size_and_time: Callable[[str], SizeAndTime | None] = size_and_time
        """A file's (or folder's) size and modification time: found ahead, or asked now."""

    def look_ahead(self, other_site: Path, under: Sequence[str] = ()) -> None:
        """Have every recorded file, every folder of the site the last swap noted (beside
        ``other_site``) and every file under the folders ``under`` (the writer's content)
        asked about in another process meanwhile (:mod:`.stat_ahead`), for this build only:
        :meth:`stop_looking_ahead` when it ends."""
        prefix = self._prefix
        noted = noted_folders(other_site)
        paths = [prefix + rel for rel in self.records]
        paths += [prefix + rel for rel in noted]
        self._ahead = StatsAhead(paths, under)
        self.size_and_time = self._ahead.get
        # The spare tree's folders too, by another process: they are wanted last, once the
        # spare has become the site (behind.leave notes their times).
        spare = prefix_of(other_site)
        self._spare = (StatsAhead([spare + rel for rel in noted]), spare) if noted else None

    def stop_looking_ahead(self) -> None:
        """Forget what was found ahead: the next build must ask again."""
        self._ahead = self._spare = None
        self.size_and_time = size_and_time

    def spare_folders_seen(self) -> Seen | None:
        """The times of the spare tree's folders as this build found them ahead, if it did."""
        if self._spare is None:
            return None
        ahead, prefix = self._spare
        if ahead.since_ns is None:  # not asked ahead after all (too few, or no fork here)
            return None

        def mtime_of(rel: str) -> int | None:
            found = ahead.get(prefix + rel)
            return found[1] if found is not None else None

        return Seen(ahead.since_ns, mtime_of)

    @property
    def asked_since_ns(self) -> int | None:
        """When the answers :meth:`size_and_time` gives began to be asked for, if earlier than
        now (a file changed in the same tick of its clock could look unchanged from then)."""
        return self._ahead.since_ns if self._ahead is not None else None

    def intact(self, rel: str, digest: str) -> bool:
        """Is ``rel`` on disk, as the writer left it, with bytes of ``digest``?"""
        record = self.records.get(rel)
        if record is None or record.digest != digest:
            return False
        # A warm build asks this of every page: plain strings, no Path objects.
        return self.size_and_time(self._prefix + rel) == (record.size, record.mtime_ns)

    def save(self, records: dict[str, _Record]) -> None:
        self.records = records
        self._unsaved = True
        if self.write_through:
            self.flush()

    def flush(self) -> None:
        """Write the records to disk if :meth:`save` did not."""
        if self._unsaved:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            _save_manifest(self.path, self.records)
            self._unsaved = False


def content_digest(data: bytes) -> str:
    """The digest the manifest keeps for a file of ``data``."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def write_output(
    files: Sequence[OutputFile],
    out_dir: Path,
    state_dir: Path,
    manifest: Manifest | None = None,
    staging: Staging | None = None,
) -> WriteReport:
    """Write ``files`` into ``out_dir`` as one whole build; ``manifest`` is the folder's, if
    already loaded.

    The new site is made in ``staging`` (where the pages were rendered): when ``out_dir`` is
    new or empty it becomes ``out_dir`` in one rename; otherwise the rest of the old site is
    hard-linked in beside the new files and the two trade places at once
    (:mod:`plnpress.output.swap`). Only when the staging folder is on another file system than
    ``out_dir`` are files replaced one by one, each atomically.
    """
    manifest = manifest or Manifest(out_dir, state_dir)
    own = staging is None
    staging = staging or Staging(state_dir, out_dir)
    try:
        if all(item.kept is None for item in files) and _is_empty(out_dir):
            files = [_staged(item, staging) for item in files]
            if _swap_in(staging.folder, out_dir):
                records = {item.path: _staged_record(item) for item in files}
                manifest.save(records)
                return WriteReport(len(files), 0, 0, tuple(records))
        out_dir.mkdir(parents=True, exist_ok=True)
        state_dir.mkdir(parents=True, exist_ok=True)
        if same_file_system(state_dir, out_dir):
            return _write_whole(files, out_dir, manifest, staging)
        return _write_in_place(files, out_dir, manifest)
    finally:
        if own:
            staging.discard()


def _write_whole(
    files: Sequence[OutputFile], out_dir: Path, manifest: Manifest, staging: Staging
) -> WriteReport:
    """The new site as a whole tree in ``staging``, swapped with ``out_dir`` (see above)."""
    previous = manifest.records
    current, changed = _sort_out(files, out_dir, previous)
    unchanged = len(current)
    fresh = [_staged(item, staging) for item in changed]
    current.update((item.path, _staged_record(item)) for item in fresh)
    stale = set(previous) - set(current)
    removed = sum(1 for rel in stale if (out_dir / rel).is_file())
    if fresh or removed:
        other = staging.other_site
        written = {item.path for item in fresh}
        behind = take(out_dir, other, manifest.size_and_time) if other.is_dir() else None
        folders = make_like(out_dir, other, written, stale, behind)
        for item in fresh:
            assert item.staged is not None
            keep_mode(Path(item.staged.path), out_dir / item.path)
            place(Path(item.staged.path), other, item.path)
        swap(other, out_dir)  # the old site is kept in `other`, for the next build
        seen = manifest.spare_folders_seen()
        leave(out_dir, other, written | stale, folders | folders_of(current), seen)
    manifest.save(current)
    return WriteReport(len(fresh), unchanged, removed, tuple(item.path for item in fresh))


def _sort_out(
    files: Sequence[OutputFile], out_dir: Path, previous: dict[str, _Record]
) -> tuple[dict[str, _Record], list[OutputFile]]:
    """The records of the files already on disk as they should be, and the files to write."""
    current: dict[str, _Record] = {}
    to_write: list[OutputFile] = []
    for item in files:
        record = _unchanged(item, out_dir, previous.get(item.path))
        if record is None:
            to_write.append(item)
        else:
            current[item.path] = record
    return current, to_write


def _unchanged(item: OutputFile, out_dir: Path, old: _Record | None) -> _Record | None:
    """The record of ``item`` if the file on disk already is what it should be, else None."""
    if item.kept is not None:  # the build checked it is on disk with these bytes
        if old is not None and old.digest == item.kept:
            return old
        return _record(out_dir / item.path, item.kept)
    if item.staged is not None:
        return None
    digest = _digest(item)
    target = out_dir / item.path
    if old is not None and old.digest == digest and _same_stat(target, old):
        return old
    if item.data is not None and _same_bytes(target, item.data):
        return _record(target, digest)
    return None


def _write_in_place(files: Sequence[OutputFile], out_dir: Path, manifest: Manifest) -> WriteReport:
    """Replace changed files one by one, each atomically (a staging folder on another file
    system than the site cannot be swapped in)."""
    previous = manifest.records
    current, to_write = _sort_out(files, out_dir, previous)
    unchanged = len(current)
    changed: list[str] = []
    folders = Folders(out_dir, previous)
    for item in to_write:
        target = out_dir / item.path
        if item.staged is not None:
            folders.place(Path(item.staged.path), target)
            current[item.path] = _staged_record(item)
        else:
            write_one(target, item, folders)
            current[item.path] = _record(target, _digest(item))
        changed.append(item.path)
    removed = remove_stale(out_dir, set(previous) - set(current))
    manifest.save(current)
    return WriteReport(len(changed), unchanged, removed, tuple(changed))


def write_changed(files: Sequence[OutputFile], out_dir: Path, manifest: Manifest) -> WriteReport:
    """Write ``files`` over a site whose other files are as ``manifest`` says (a rebuild in
    memory that knows which files it made again); nothing is removed."""
    records = manifest.records
    folders = Folders(out_dir, records)
    changed: list[str] = []
    for item in files:
        if item.kept is not None:
            continue
        target = out_dir / item.path
        if item.staged is not None:
            folders.place(Path(item.staged.path), target)
            records[item.path] = _staged_record(item)
            changed.append(item.path)
            continue
        digest = _digest(item)
        old = records.get(item.path)
        if old is not None and old.digest == digest and _same_stat(target, old):
            continue
        if item.data is not None and _same_bytes(target, item.data):
            records[item.path] = _record(target, digest)
            continue
        write_one(target, item, folders)
        records[item.path] = _record(target, digest)
        changed.append(item.path)
    manifest.save(records)
    return WriteReport(len(changed), len(records) - len(changed), 0, tuple(changed))


def _is_empty(folder: Path) -> bool:
    try:
        with os.scandir(folder) as entries:
            return next(entries, None) is None
    except FileNotFoundError:
        return True
    except OSError:
        return False


def _swap_in(folder: Path, out_dir: Path) -> bool:
    """Make ``folder`` the (new or empty) output folder in one rename; False if it is on
    another file system than ``out_dir`` (the files are then moved one by one)."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    try:
        folder.replace(out_dir)
    except OSError as exc:
        # EBUSY: the output folder is a mount point, another file system as well.
        if exc.errno not in (errno.EXDEV, errno.EBUSY):
            raise
        return False
    return True


def _staged(item: OutputFile, staging: Staging) -> OutputFile:
    """``item`` as a file in ``staging`` (written there unless it is a staged page already)."""
    if item.staged is not None:
        return item
    if item.data is not None:
        staged = staging.write(item.path, item.data, content_digest(item.data))
    elif item.copy_from is not None:
        staged = staging.copy(item.path, item.copy_from, _digest(item))
    else:
        raise ValueError(f"{item.path}: kept, but the output folder is empty")  # never kept here
    return OutputFile(item.path, source=item.source, staged=staged)


def _staged_record(item: OutputFile) -> _Record:
    assert item.staged is not None
    return _Record(item.staged.digest, item.staged.size, item.staged.mtime_ns)


def folder_key(out_dir: Path, state_dir: Path, extra: str = "") -> str:
    """A short name for the output folder in the build state (with ``extra`` for the build's
    options): the folder relative to the blog when it is inside it, so that the state restored
    into another clone of the blog (a deploy's cache) still finds it."""
    folder = out_dir.resolve()
    try:
        name = "./" + folder.relative_to(state_dir.resolve().parent).as_posix()
    except ValueError:
        name = str(folder)
    return hashlib.sha256(f"{name}|{extra}".encode()).hexdigest()[:16]


def _digest(item: OutputFile) -> str:
    if item.data is not None:
        return content_digest(item.data)
    if item.copy_from is None:
        raise ValueError(f"{item.path}: kept, but not on disk as the build expected")
    stat = item.copy_from.stat()
    return f"copy:{item.copy_from}:{stat.st_size}:{stat.st_mtime_ns}"


def _record(target: Path, digest: str) -> _Record:
    stat = target.stat()
    return _Record(digest, stat.st_size, stat.st_mtime_ns)


def _same_stat(target: Path, record: _Record) -> bool:
    try:
        stat = target.stat()
    except OSError:
        return False
    return stat.st_size == record.size and stat.st_mtime_ns == record.mtime_ns


def _same_bytes(target: Path, data: bytes) -> bool:
    try:
        if target.stat().st_size != len(data):
            return False
        return target.read_bytes() == data
    except OSError:
        return False


def _load_manifest(path: Path) -> dict[str, _Record]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return {key: _Record._make(value) for key, value in raw["files"].items()}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _save_manifest(path: Path, records: dict[str, _Record]) -> None:
    data = {"version": 1, "files": {k: [r.digest, r.size, r.mtime_ns] for k, r in records.items()}}
    atomic_write(path, json.dumps(data, separators=(",", ":")))
