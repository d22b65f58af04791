"""The pack of rendered bodies in ``.plnpress-cache/``, beside the state file
(:mod:`plnpress.incremental.statefile`).

Rendered bodies (HTML, the bulk of the cache) go to an append-only pack file, so that a warm build
reads only the few it needs. A record in the state file points at an offset and a length and
carries a digest, so a damaged pack is noticed when read.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from plnpress.incremental.fingerprint import Digest, digest


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
    """An append-only file of UTF-8 texts; a compacted copy replaces it when mostly garbage.

    Texts are written as they are added (so a cold build never holds every body at once) and
    can be read back at once, by this process or by workers forked from it.
    """

    path: Path
    _fd: int = -1
    """Open for reading from the first read until :meth:`close` (reopened if read again)."""
    _append_fd: int = -1
    _end: int = -1
    """Where the next text goes: the size the file has if no one else wrote to it."""
    _unwritten: list[bytes] = field(default_factory=list, repr=False)
    """Texts added but not written yet (written a megabyte at a time, and before any read)."""
    _unwritten_size: int = 0
    _writer: int = field(default_factory=os.getpid, repr=False)
    """The process that writes; a forked worker only reads."""

    def read(self, ref: BodyRef) -> str:
        self._write_out()
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
        """Append ``text``; :meth:`flush` tells whether every reference handed out is right."""
        data = text.encode("utf-8", "surrogatepass")
        return self.add_encoded(data, digest(data))

    def add_encoded(self, data: bytes, check: Digest) -> BodyRef:
        """Append a text already encoded, whose digest is ``check``."""
        if self._append_fd < 0:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_BINARY", 0)
            self._append_fd = os.open(self.path, flags, 0o644)
            size = os.fstat(self._append_fd).st_size
            if self._end < 0:
                self._end = size
            elif size != self._end:
                raise PackError(f"{self.path.name} changed while the build ran")
        ref = BodyRef(self._end, len(data), check)
        self._unwritten.append(data)
        self._unwritten_size += len(data)
        self._end += len(data)
        if self._unwritten_size >= 1 << 20:
            self._write_out()
        return ref

    def write_out(self) -> None:
        """Write what was added so far (before workers are forked to read it)."""
        self._write_out()

    def _write_out(self) -> None:
        if not self._unwritten or os.getpid() != self._writer:
            return
        view = memoryview(b"".join(self._unwritten))
        self._unwritten.clear()
        self._unwritten_size = 0
        while view:
            view = view[os.write(self._append_fd, view) :]

    def flush(self) -> None:
        """Raise :class:`PackError` if someone else wrote to the pack since this build began
        (the offsets handed out would then be wrong)."""
        if self._append_fd < 0:
            return
        self._write_out()
        if os.fstat(self._append_fd).st_size != self._end:
            raise PackError(f"{self.path.name} changed while the build ran")

    def close(self) -> None:
        if self._append_fd >= 0:
            with contextlib.suppress(OSError):
                self._write_out()
        for name in ("_fd", "_append_fd"):
            fd = getattr(self, name)
            if fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)
                setattr(self, name, -1)

    def size(self) -> int:
        return max(self._end, 0) if self._end >= 0 else _size(self.path)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
