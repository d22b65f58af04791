"""The one way plnpress replaces a file: whole or not at all, keeping its mode.

Every file plnpress writes outside the staging folder goes through :func:`atomic_write` (or
:func:`atomic_copy`): the writer's posts (Bridgy copies added to ``syndication:``),
``content/blogroll.yaml``, the files in ``content/mentions/`` (responses, state, the sent log,
the WebSub state, avatars), the build's state and manifest, and the site's files other than
pages (pages are staged, then renamed: :mod:`plnpress.output.staging`).

The bytes go to a temporary file in the same folder (so the rename cannot cross file systems),
are flushed to disk, and the file is renamed over the old one: a reader, or a crash, sees the old
file or the new one, never half of one. The new file keeps the old one's permission bits (a post
the writer made readable by everyone stays so); a new file gets what the umask gives any new
file, as ``open(path, "w")`` would.
"""

from __future__ import annotations

import os
import secrets
import shutil
import stat
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

_NEW_FILE_MODE = 0o666
"""Asked for when creating the temporary file; the kernel takes the umask off, as for any file."""


def atomic_write(path: Path, data: bytes | str) -> None:
    """Replace (or create) ``path`` with ``data`` (text is written as UTF-8, line endings as
    they are), atomically; see the module docstring."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    _replace(path, lambda file: file.write(raw))


def atomic_write_pieces(path: Path, pieces: Iterable[bytes | str]) -> None:
    """:func:`atomic_write` of ``pieces`` one after another, for a file too big to be built
    whole in memory first (text as UTF-8)."""

    def fill(file: BinaryIO) -> None:
        for piece in pieces:
            file.write(piece.encode("utf-8") if isinstance(piece, str) else piece)

    _replace(path, fill)


def atomic_copy(source: Path, path: Path) -> None:
    """Replace (or create) ``path`` with a copy of the file ``source``, atomically."""
    with source.open("rb") as original:
        _replace(path, lambda file: shutil.copyfileobj(original, file))


def write_if_changed(path: Path, data: bytes | str) -> bool:
    """:func:`atomic_write`, unless ``path`` already holds exactly ``data``; True if written."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        if path.stat().st_size == len(raw) and path.read_bytes() == raw:
            return False
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        pass
    atomic_write(path, raw)
    return True


def _replace(path: Path, fill: Callable[[BinaryIO], object]) -> None:
    """Make a temporary file beside ``path``, ``fill`` it, flush it to disk, give it the old
    file's mode, and rename it over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = _mode_of(path)
    temporary, fd = _create_beside(path)
    try:
        with os.fdopen(fd, "wb") as file:
            fill(file)
            file.flush()
            if mode is not None:
                os.fchmod(file.fileno(), mode)
            os.fsync(file.fileno())
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _mode_of(path: Path) -> int | None:
    """The permission bits of the regular file at ``path``; None if there is none."""
    try:
        found = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return None
    return stat.S_IMODE(found.st_mode) if stat.S_ISREG(found.st_mode) else None


def _create_beside(path: Path) -> tuple[Path, int]:
    """A new, empty temporary file in ``path``'s folder (hidden, named after it), open for
    writing; created with the umask's default mode, like any new file."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        temporary = path.with_name(f".{path.name[:200]}.{secrets.token_hex(4)}.tmp")
        try:
            return temporary, os.open(temporary, flags, _NEW_FILE_MODE)
        except FileExistsError:
            continue
