"""The state file in ``.plnpress-cache/``: a snapshot of the build state, then each later build's
changes appended to it.

A warm build changes a handful of records among tens of thousands, so it appends only those (and
the keys it dropped) instead of writing the whole state again; once the appended changes grow to
half the snapshot, the next save writes a fresh snapshot. Each part of the state is a dict of
records (plain tuples, which pickle reads back fastest); the other keys are plain values, written
with every change.

Frames are pickles written by this code only and read back with an unpickler that builds nothing
but plain data, dates and plnpress's model classes. A file that is not ours, or whose snapshot is
unreadable, reads as "no cache". A damaged or cut-off change at the end is ignored: the state is
then an earlier build's, and every record in it is checked against the files before it is used.
"""

from __future__ import annotations

import contextlib
import io
import pickle
import struct
from collections.abc import Iterator, Mapping
from enum import Enum
from pathlib import Path
from typing import Any, cast
from zoneinfo import ZoneInfo

from plnpress.atomic import atomic_write
from plnpress.incremental.fingerprint import Digest
from plnpress.incremental.state import PARTS, CacheState, is_state

MAGIC = b"plnpress-state-2\n"
_LENGTH = struct.Struct("<Q")

_SAFE_MODULES = ("plnpress.model.", "datetime", "zoneinfo")
"""Modules of plain values: the model's frozen dataclasses, dates and time zones."""
_SAFE_NAMES = {
    ("builtins", "frozenset"),
    ("builtins", "set"),
}


class _DataOnly(pickle.Unpickler):
    """Unpickles data, never code: only the classes above can be named in the file."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("builtins", "getattr"):
            return _safe_getattr
        if (module, name) in _SAFE_NAMES or module.startswith(_SAFE_MODULES):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the build cache")


def _safe_getattr(cls: object, name: str) -> object:
    """``getattr`` as pickles of enum members and time zones use it, and no other way."""
    if isinstance(cls, type) and issubclass(cls, Enum):
        return cls[name]
    if cls is ZoneInfo and name == "_unpickle":
        return ZoneInfo._unpickle  # type: ignore[attr-defined]
    raise pickle.UnpicklingError(f"getattr on {cls!r} is not allowed in the build cache")


class StateFile:
    """One state file, and what it held when last read or written (to append changes to)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._saved: dict[str, Any] | None = None
        self._snapshot_size = 0
        self._changes_size = 0
        self._clean_end = False
        """The file ends with a whole frame (else a change appended now could not be read)."""

    def load(self, version: Digest) -> CacheState | None:
        """The state saved by a build of this code version, or None if there is none we can use."""
        self._saved = None
        try:
            data = self.path.read_bytes()
        except OSError:
            return None
        frames = _frames(data)
        try:
            first, self._snapshot_size = next(frames)
            state = _unpickle(first)
        except Exception:  # a corrupt or foreign cache must never stop a build
            return None
        if not is_state(state) or state.get("version") != version:
            return None
        read_to = self._snapshot_size
        for frame, end in frames:
            try:
                change = _unpickle(frame)
            except Exception:  # damaged at the end: the earlier state stands
                break
            if not isinstance(change, dict) or change.get("version") != version:
                break
            _apply(state, change)
            read_to = end
        self._saved = state
        self._changes_size = read_to - self._snapshot_size
        self._clean_end = read_to == len(data)
        return cast(CacheState, state)

    def save(self, state: CacheState) -> None:
        """Append what changed since the file was read or written, or write a new snapshot."""
        records: Mapping[str, Any] = state  # each part, by name
        plain = {key: value for key, value in records.items() if key not in PARTS}
        saved = self._saved
        if saved is not None and self._clean_end and saved.get("version") == state["version"]:
            change = _changes(saved, records)
            frame = _pickle(change)
            if self._changes_size + len(frame) < self._snapshot_size // 2:
                with self.path.open("ab") as handle:
                    handle.write(_LENGTH.pack(len(frame)) + frame)
                self._changes_size += len(frame) + _LENGTH.size
                _apply(saved, change)
                return
        snapshot = dict(plain)
        for part in PARTS:
            snapshot[part] = {key: tuple(record) for key, record in records[part].items()}
        frame = _pickle(snapshot)
        atomic_write(self.path, MAGIC + _LENGTH.pack(len(frame)) + frame)
        self.path.with_suffix(".pickle").unlink(missing_ok=True)  # where earlier versions kept it
        self._saved = snapshot
        self._snapshot_size = len(frame) + len(MAGIC) + _LENGTH.size
        self._changes_size = 0
        self._clean_end = True

    def forget(self) -> None:
        """The file is gone or untrusted: the next save writes a snapshot."""
        self._saved = None
        with contextlib.suppress(OSError):
            self.path.unlink()


def _changes(saved: dict[str, Any], state: Mapping[str, Any]) -> dict[str, Any]:
    """The plain keys, and per part the records added or changed and the keys removed."""
    change: dict[str, Any] = {key: value for key, value in state.items() if key not in PARTS}
    for part in PARTS:
        old: dict[Any, Any] = saved.get(part, {})
        new: Mapping[Any, Any] = state.get(part, {})
        changed = {key: tuple(record) for key, record in new.items() if old.get(key) != record}
        removed = [key for key in old if key not in new]
        change[part] = (changed, removed)
    return change


def _apply(state: dict[str, Any], change: dict[str, Any]) -> None:
    for key, value in change.items():
        if key not in PARTS:
            state[key] = value
            continue
        changed, removed = value
        records = state.setdefault(key, {})
        for name in removed:
            records.pop(name, None)
        records.update(changed)


def _frames(data: bytes) -> Iterator[tuple[memoryview, int]]:
    """The pickles in ``data`` (a snapshot, then changes) as memory views, each with where it
    ends; a frame cut off at the end is left out."""
    if not data.startswith(MAGIC):
        return
    view = memoryview(data)
    position = len(MAGIC)
    while position + _LENGTH.size <= len(view):
        (length,) = _LENGTH.unpack_from(view, position)
        start = position + _LENGTH.size
        if start + length > len(view):
            return
        position = start + length
        yield view[start:position], position


def _pickle(value: object) -> bytes:
    buffer = io.BytesIO()
    pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return buffer.getvalue()


def _unpickle(frame: memoryview) -> Any:
    return _DataOnly(io.BytesIO(frame)).load()
