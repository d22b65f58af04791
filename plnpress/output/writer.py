"""The one place that writes the site to disk.

Everything is rendered in memory first, so a build with errors writes nothing. Then only files
whose bytes changed are written (each one atomically: a temporary file renamed over the old one),
and files that an earlier build wrote but this one no longer produces are removed. Files plnpress
did not write are never deleted: a manifest in the build state folder remembers what it wrote.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from plnpress.output.files import OutputFile


@dataclass(frozen=True, slots=True)
class WriteReport:
    written: int
    """Files created or changed."""
    unchanged: int
    removed: int
    """Files an earlier build wrote that no longer exist in the site."""
    changed_paths: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Record:
    digest: str
    size: int
    mtime_ns: int


class Manifest:
    """What the writer wrote into one output folder: each file's digest, size and mtime."""

    def __init__(self, out_dir: Path, state_dir: Path) -> None:
        self.out_dir = out_dir
        self.path = state_dir / f"manifest-{_key(out_dir)}.json"
        self.records = _load_manifest(self.path)

    def intact(self, rel: str, digest: str) -> bool:
        """Is ``rel`` on disk, as the writer left it, with bytes of ``digest``?"""
        record = self.records.get(rel)
        return (
            record is not None
            and record.digest == digest
            and _same_stat(self.out_dir / rel, record)
        )

    def save(self, records: dict[str, _Record]) -> None:
        self.records = records
        self.path.parent.mkdir(parents=True, exist_ok=True)
        _save_manifest(self.path, records)


def content_digest(data: bytes) -> str:
    """The digest the manifest keeps for a file of ``data``."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def write_output(
    files: Sequence[OutputFile], out_dir: Path, state_dir: Path, manifest: Manifest | None = None
) -> WriteReport:
    """Write ``files`` into ``out_dir``; ``manifest`` is the folder's, if already loaded."""
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest = manifest or Manifest(out_dir, state_dir)
    previous = manifest.records
    current: dict[str, _Record] = {}
    changed: list[str] = []
    unchanged = 0
    for item in files:
        old = previous.get(item.path)
        if item.kept is not None and old is not None and old.digest == item.kept:
            current[item.path] = old  # the build checked it is intact on disk
            unchanged += 1
            continue
        target = out_dir / item.path
        digest = _digest(item)
        if old is not None and old.digest == digest and _same_stat(target, old):
            current[item.path] = old
            unchanged += 1
            continue
        if item.data is not None and _same_bytes(target, item.data):
            unchanged += 1
        else:
            _write(target, item, out_dir, previous)
            changed.append(item.path)
        stat = target.stat()
        current[item.path] = _Record(digest, stat.st_size, stat.st_mtime_ns)
    removed = _remove_stale(out_dir, set(previous) - set(current))
    manifest.save(current)
    return WriteReport(len(changed), unchanged, removed, tuple(changed))


def _key(out_dir: Path) -> str:
    return hashlib.sha256(str(out_dir.resolve()).encode()).hexdigest()[:16]


def _digest(item: OutputFile) -> str:
    if item.data is not None:
        return content_digest(item.data)
    if item.copy_from is None:
        raise ValueError(f"{item.path}: kept, but not on disk as the build expected")
    stat = item.copy_from.stat()
    return f"copy:{item.copy_from}:{stat.st_size}:{stat.st_mtime_ns}"


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


def _write(target: Path, item: OutputFile, out_dir: Path, previous: dict[str, _Record]) -> None:
    _make_parent(target, out_dir, previous)
    if target.is_dir() and not target.is_symlink():
        shutil.rmtree(target)
    temporary = target.with_name(f".{target.name}.plnpress-tmp")
    if item.data is not None:
        with temporary.open("wb") as handle:
            handle.write(item.data)
    else:
        assert item.copy_from is not None
        shutil.copyfile(item.copy_from, temporary)
    temporary.replace(target)


def _make_parent(target: Path, out_dir: Path, previous: dict[str, _Record]) -> None:
    """Create the folders above ``target``; a file we wrote earlier in the way is removed."""
    for parent in reversed(target.relative_to(out_dir).parents[:-1]):
        folder = out_dir / parent
        if folder.is_file() and parent.as_posix() in previous:
            folder.unlink()
    target.parent.mkdir(parents=True, exist_ok=True)


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
        return {key: _Record(*value) for key, value in raw["files"].items()}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _save_manifest(path: Path, records: dict[str, _Record]) -> None:
    data = {"version": 1, "files": {k: [r.digest, r.size, r.mtime_ns] for k, r in records.items()}}
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    temporary.replace(path)
