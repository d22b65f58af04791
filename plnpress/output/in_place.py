"""Replacing the site's files one by one, each atomically: for ``plnpress serve``'s rebuilds in
memory (a few files over a site the manifest describes), and for a build whose staging folder
is on another file system than the site, so that the new site cannot be swapped in whole.
"""

from __future__ import annotations

import contextlib
import errno
import shutil
import stat
from collections.abc import Collection
from pathlib import Path

from plnpress.atomic import atomic_copy, atomic_write
from plnpress.output.files import OutputFile


def write_one(target: Path, item: OutputFile, folders: Folders) -> None:
    """Write ``item`` at ``target``, atomically (so no one sees half a file)."""
    folders.make_parent(target)
    try:
        _write_file(target, item)
    except IsADirectoryError:  # an earlier build made a folder here
        shutil.rmtree(target)
        _write_file(target, item)


def _write_file(target: Path, item: OutputFile) -> None:
    if item.data is not None:
        atomic_write(target, item.data)
    else:
        assert item.copy_from is not None
        atomic_copy(item.copy_from, target)


class Folders:
    """Moves files into the output folder, making the folders they go in as needed."""

    def __init__(self, out_dir: Path, previous: Collection[str]) -> None:
        """`previous`: the files an earlier build wrote (only those may be removed)."""
        self._out_dir = out_dir
        self._previous = previous
        self._made: set[Path] = set()

    def place(self, path: Path, target: Path) -> None:
        """Move ``path`` to ``target`` (a rename; a copy across file systems), keeping the mode
        of the file it replaces."""
        self.make_parent(target)
        keep_mode(path, target)
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


def keep_mode(path: Path, target: Path) -> None:
    """Give ``path`` the permission bits of the file at ``target``, if there is one."""
    try:
        old = target.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        return
    if stat.S_ISREG(old) and stat.S_IMODE(old) != stat.S_IMODE(path.stat().st_mode):
        path.chmod(stat.S_IMODE(old))


def remove_stale(out_dir: Path, stale: set[str]) -> int:
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
