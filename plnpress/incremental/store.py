"""The cache files in ``.plnpress-cache/``: one state file and one pack of rendered bodies.

The state file is a pickle written by this code only, and read back with an unpickler that
builds nothing but plain data, dates and plnpress's model classes. Anything that is not a cache
of this plnpress (unreadable, truncated, made by other code, or not ours at all) reads as "no
cache": the build then starts cold and overwrites it.

Rendered bodies (HTML, the bulk of the cache) go to an append-only pack file beside it, so that a
warm build reads only the few it needs. A record in the state file points at an offset and a
length and carries a digest, so a damaged pack is noticed when read.
"""

from __future__ import annotations

import contextlib
import os
import pickle
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from plnpress.incremental.fingerprint import Digest, digest

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


def load_state(path: Path, version: Digest) -> dict[str, Any] | None:
    """The state saved by a build of this code version, or None if there is none we can use."""
    try:
        with path.open("rb") as handle:
            state = _DataOnly(handle).load()
    except Exception:  # a corrupt or foreign cache must never stop a build
        return None
    if not isinstance(state, dict) or state.get("version") != version:
        return None
    return state


def save_state(path: Path, state: dict[str, Any]) -> None:
    """Write atomically (a crash leaves the old state or the new one, never half of one)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("wb") as handle:
        pickle.dump(state, handle, protocol=pickle.HIGHEST_PROTOCOL)
    temporary.replace(path)


class BodyRef(NamedTuple):
    """Where one rendered body is in the pack."""

    offset: int
    length: int
    check: Digest
    """Digest of the stored bytes, checked on every read."""


class PackError(Exception):
    """The pack does not hold what the state file says (damaged or replaced)."""


@dataclass
class BodyPack:
    """An append-only file of UTF-8 texts; a compacted copy replaces it when mostly garbage."""

    path: Path
    _fd: int = -1
    """Open for reading from the first read until :meth:`close` (reopened if read again)."""
    _pending: list[bytes] = field(default_factory=list, repr=False)
    _end: int = -1

    def read(self, ref: BodyRef) -> str:
        try:
            if self._fd < 0:
                self._fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
            data = os.pread(self._fd, ref.length, ref.offset)
        except OSError as exc:
            raise PackError(str(exc)) from None
        if len(data) != ref.length or digest(data) != ref.check:
            raise PackError(f"{self.path.name}: body at {ref.offset} is damaged")
        return data.decode("utf-8")

    def add(self, text: str) -> BodyRef:
        """Queue ``text`` for the next :meth:`flush`; the reference is valid once flushed."""
        if self._end < 0:
            try:
                self._end = self.path.stat().st_size
            except OSError:
                self._end = 0
        data = text.encode("utf-8", "surrogatepass")
        ref = BodyRef(self._end, len(data), digest(data))
        self._pending.append(data)
        self._end += len(data)
        return ref

    def flush(self) -> None:
        if not self._pending:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("ab") as handle:
            if handle.tell() != self._pending_start():
                raise PackError(f"{self.path.name} changed while the build ran")
            handle.write(b"".join(self._pending))
        self._pending.clear()

    def _pending_start(self) -> int:
        return self._end - sum(len(data) for data in self._pending)

    def close(self) -> None:
        if self._fd >= 0:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = -1

    def size(self) -> int:
        return max(self._end, 0) if self._end >= 0 else _size(self.path)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
