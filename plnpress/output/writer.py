"""The one place that writes the site to disk.

Everything is rendered first (pages into the staging folder, see :mod:`plnpress.output.staging`,
the rest in memory), so a build with errors writes nothing. Then only files whose bytes changed
are written, each one atomically: a staged page is renamed into place (keeping the mode of the
file it replaces), anything else goes through :func:`plnpress.atomic.atomic_write`. Files that an
earlier build wrote but this one no longer produces are removed. Files plnpress did not write are
never deleted: a manifest in the build state folder remembers what it wrote.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import shutil
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from plnpress.atomic import atomic_copy, atomic_write
from plnpress.output.files import OutputFile
from plnpress.output.staging import Staging


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
        self._prefix = f"{out_dir}{os.sep}"
        self.path = state_dir / f"manifest-{folder_key(out_dir, state_dir)}.json"
        self.records = _load_manifest(self.path)
        self.write_through = True
        """Save to disk on every :meth:`save` (else only on :meth:`flush`: ``plnpress serve``)."""
        self._unsaved = False

    def intact(self, rel: str, digest: str) -> bool:
        """Is ``rel`` on disk, as the writer left it, with bytes of ``digest``?"""
        record = self.records.get(rel)
        if record is None or record.digest != digest:
            return False
        try:  # a warm build asks this of every page: plain strings, no Path objects
            stat = os.stat(self._prefix + rel)  # noqa: PTH116
        except OSError:
            return False
        return stat.st_size == record.size and stat.st_mtime_ns == record.mtime_ns

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
    """Write ``files`` into ``out_dir``; ``manifest`` is the folder's, if already loaded.

    Pages rendered into ``staging`` are moved into place; if ``out_dir`` is new or empty, the
    rest is written into ``staging`` too and the whole folder becomes ``out_dir`` at once.
    """
    manifest = manifest or Manifest(out_dir, state_dir)
    if staging is not None and all(item.kept is None for item in files) and _is_empty(out_dir):
        files = [_staged(item, staging) for item in files]
        if _swap_in(staging.folder, out_dir):
            records = {item.path: _staged_record(item) for item in files}
            manifest.save(records)
            return WriteReport(len(files), 0, 0, tuple(records))
    out_dir.mkdir(parents=True, exist_ok=True)
    previous = manifest.records
    current: dict[str, _Record] = {}
    changed: list[str] = []
    unchanged = 0
    folders = _Folders(out_dir, previous)
    for item in files:
        old = previous.get(item.path)
        if item.kept is not None:  # the build checked it is on disk with these bytes
            current[item.path] = (
                old
                if old is not None and old.digest == item.kept
                else _record(out_dir / item.path, item.kept)
            )
            unchanged += 1
            continue
        target = out_dir / item.path
        if item.staged is not None:
            staged = item.staged
            folders.place(Path(staged.path), target)
            current[item.path] = _Record(staged.digest, staged.size, staged.mtime_ns)
            changed.append(item.path)
            continue
        digest = _digest(item)
        if old is not None and old.digest == digest and _same_stat(target, old):
            current[item.path] = old
            unchanged += 1
            continue
        if item.data is not None and _same_bytes(target, item.data):
            current[item.path] = _record(target, digest)
            unchanged += 1
            continue
        current[item.path] = _write(target, item, digest, folders)
        changed.append(item.path)
    removed = _remove_stale(out_dir, set(previous) - set(current))
    manifest.save(current)
    return WriteReport(len(changed), unchanged, removed, tuple(changed))


def write_changed(files: Sequence[OutputFile], out_dir: Path, manifest: Manifest) -> WriteReport:
    """Write ``files`` over a site whose other files are as ``manifest`` says (a rebuild in
    memory that knows which files it made again); nothing is removed."""
    records = manifest.records
    folders = _Folders(out_dir, records)
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
        records[item.path] = _write(target, item, digest, folders)
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


def _write(target: Path, item: OutputFile, digest: str, folders: _Folders) -> _Record:
    """Write ``item`` at ``target``, atomically (so no one sees half a file)."""
    folders.make_parent(target)
    try:
        _write_file(target, item)
    except IsADirectoryError:  # an earlier build made a folder here
        shutil.rmtree(target)
        _write_file(target, item)
    return _record(target, digest)


def _write_file(target: Path, item: OutputFile) -> None:
    if item.data is not None:
        atomic_write(target, item.data)
    else:
        assert item.copy_from is not None
        atomic_copy(item.copy_from, target)


class _Folders:
    """Moves files into the output folder, making the folders they go in as needed."""

    def __init__(self, out_dir: Path, previous: dict[str, _Record]) -> None:
        self._out_dir = out_dir
        self._previous = previous
        self._made: set[Path] = set()

    def place(self, path: Path, target: Path) -> None:
        """Move ``path`` to ``target`` (a rename; a copy across file systems), keeping the mode
        of the file it replaces."""
        self.make_parent(target)
        _keep_mode(path, target)
        try:
            path.replace(target)
        except IsADirectoryError:
            shutil.rmtree(target)
            path.replace(target)
        except OSError as exc:
            if exc.errno != errno.EXDEV:
                raise
            atomic_copy(path, target)
            path.unlink()

    def make_parent(self, target: Path) -> None:
        """Create the folders above ``target``; a file we wrote earlier in the way is removed."""
        parent = target.parent
        if parent in self._made:
            return
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError):
            for above in reversed(target.relative_to(self._out_dir).parents[:-1]):
                folder = self._out_dir / above
                if folder.is_file() and above.as_posix() in self._previous:
                    folder.unlink()
            parent.mkdir(parents=True, exist_ok=True)
        self._made.add(parent)


def _keep_mode(path: Path, target: Path) -> None:
    """Give ``path`` the permission bits of the file at ``target``, if there is one."""
    try:
        old = target.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        return
    if stat.S_ISREG(old) and stat.S_IMODE(old) != stat.S_IMODE(path.stat().st_mode):
        path.chmod(stat.S_IMODE(old))


def _remove_stale(out_dir: Path, stale: set[str]) -> int:
    removed = 0
    for rel in sorted(stale):
        path = out_dir / rel
        with contextlib.suppress(FileNotFoundError, IsADirectoryError):
            path.unlink()
            removed += 1
            parent = path.parent
            while parent != out_dir:
                try:
                    parent.rmdir()
                except OSError:
                    break
                parent = parent.parent
    return removed


def _load_manifest(path: Path) -> dict[str, _Record]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return {key: _Record._make(value) for key, value in raw["files"].items()}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _save_manifest(path: Path, records: dict[str, _Record]) -> None:
    data = {"version": 1, "files": {k: [r.digest, r.size, r.mtime_ns] for k, r in records.items()}}
    atomic_write(path, json.dumps(data, separators=(",", ":")))
