"""A warm build's new site, made beside the old one and swapped in with one rename.

A warm build rewrites a few files, or all of them (a changed title), and a visitor, a deploy or a
kill -9 must never meet half of the old build and half of the new one. So the new build is made
as a whole tree beside the site, in the build state folder (``other-KEY``): every file of the
old site that stays (unchanged pages, files plnpress did not write) as a hard link, which costs
a directory entry, not a copy, and the files written anew moved in from the staging folder. Then
the two trees trade places in one system call (``renameat2`` with ``RENAME_EXCHANGE``, Linux
3.15 and later). The old site is kept there, to become the next build's tree: most of its files
already are links to the right files, so a warm build relinks only what changed since. Where the
exchange is not available, the old site is renamed aside and the new one into place: two
renames, with an instant between them where ``site/`` is missing but never mixed.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import stat
from collections.abc import Mapping, Set
from pathlib import Path

from plnpress.output.behind import Behind

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_UNSUPPORTED = frozenset({errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EPERM})


def same_file_system(one: Path, other: Path) -> bool:
    """Can files be linked and renamed between the two folders (both must exist)?"""
    try:
        return one.stat().st_dev == other.stat().st_dev
    except OSError:
        return False


def make_like(
    site: Path, other: Path, written: Set[str], gone: Set[str], behind: Behind | None = None
) -> set[str]:
    """Make `other` hold a hard link to every file of `site` (at the same place) and nothing
    else, except that the paths in `gone` (relative, forward slashes: files no longer built)
    are left out, and those in `written` are left for the caller to put in (`place`). Returns
    the folders of `site` it knows of.

    `other` is usually the site before last, kept from the last swap: most of its files are
    already links to the same files, so only what the last build changed is linked again, and
    no folder is made again (making and deleting thousands of folders and files costs seconds
    on some file systems). With the last swap's note (`behind`), only the files that build
    changed and the folders whose time changed are looked at; without it, both trees whole."""
    other.mkdir(parents=True, exist_ok=True)
    site_, other_ = str(site), str(other)
    if behind is None:
        folders: set[str] = set()
        _sync(site_, other_, "", written, gone, folders)
    else:
        folders = set(behind.folders)
        for folder in behind.changed_folders(site):
            _sync_noted(site_, other_, folder, written, gone, folders, behind.folders)
        for rel in (behind.paths - written) | gone:
            _sync_file(site_, other_, rel, gone)
    for rel in gone:  # a folder that held only files no longer built goes too
        parent = rel.rpartition("/")[0]
        while parent:
            try:
                os.rmdir(_join(str(other), parent))  # noqa: PTH106
            except OSError:
                break
            parent = parent.rpartition("/")[0]
    return folders


def _sync(
    site: str,
    other: str,
    rel: str,
    written: Set[str],
    gone: Set[str],
    folders: set[str],
    known: Mapping[str, int] | None = None,
) -> None:
    """Make folder `rel` of `other` (which exists) like `site`'s, and every folder below it: all
    of them, or with `known` (the folders the last swap noted), only those it did not note or
    that were made anew (a noted folder is looked at on its own when its time changed)."""
    folders.add(rel)
    front = _entries(_join(site, rel))
    back = _entries(_join(other, rel))
    for name, entry in front.items():
        inner = f"{rel}/{name}" if rel else name
        there = back.get(name)
        if entry.is_dir(follow_symlinks=False):
            if there is not None and not there.is_dir(follow_symlinks=False):
                _remove(there)
                there = None
            if there is None:
                os.mkdir(_join(other, inner))  # noqa: PTH102
                _sync(site, other, inner, written, gone, folders)
            elif known is None or inner not in known:
                _sync(site, other, inner, written, gone, folders, known)
        elif inner in written:
            continue  # replaced by the new file in one rename
        elif there is None or inner in gone or there.inode() != entry.inode():
            if there is not None:
                _remove(there)
            if inner not in gone:
                os.link(entry.path, _join(other, inner), follow_symlinks=False)
    for name, there in back.items():
        if name not in front:
            _remove(there)


def _sync_noted(
    site: str,
    other: str,
    rel: str,
    written: Set[str],
    gone: Set[str],
    folders: set[str],
    known: Mapping[str, int],
) -> None:
    """`_sync` for a folder the last swap noted, which may since be gone from the site, or not
    yet be in `other` (made by that build)."""
    target = _join(other, rel)
    if rel and not os.path.isdir(_join(site, rel)):  # noqa: PTH112
        folders.discard(rel)
        shutil.rmtree(target, ignore_errors=True)
        return
    if rel and not os.path.isdir(target):  # noqa: PTH112
        if os.path.lexists(target):
            os.unlink(target)  # noqa: PTH108
        os.makedirs(target)  # noqa: PTH103
    _sync(site, other, rel, written, gone, folders, known)


def _sync_file(site: str, other: str, rel: str, gone: Set[str]) -> None:
    """Make `rel` in `other` a link to `site`'s file there, or take it away (gone, or no
    longer a file of the site)."""
    target = _join(other, rel)
    try:
        found = None if rel in gone else os.lstat(_join(site, rel))
    except FileNotFoundError:
        found = None
    try:
        there = os.lstat(target)
    except FileNotFoundError:
        there = None
    if found is not None and stat.S_ISDIR(found.st_mode):
        return  # a folder now: its folder's sync made it
    if found is not None and there is not None and there.st_ino == found.st_ino:
        return
    if there is not None:
        if stat.S_ISDIR(there.st_mode):
            shutil.rmtree(target, ignore_errors=True)
        else:
            os.unlink(target)  # noqa: PTH108
    if found is not None:
        os.makedirs(os.path.dirname(target), exist_ok=True)  # noqa: PTH103, PTH120
        os.link(_join(site, rel), target, follow_symlinks=False)


def _entries(folder: str) -> dict[str, os.DirEntry[str]]:
    try:
        with os.scandir(folder) as listing:
            return {entry.name: entry for entry in listing}
    except (FileNotFoundError, NotADirectoryError):
        return {}


def _remove(entry: os.DirEntry[str]) -> None:
    if entry.is_dir(follow_symlinks=False):
        shutil.rmtree(entry.path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(entry.path)  # noqa: PTH108


def place(path: Path, other: Path, rel: str) -> None:
    """Move the new file `path` (in the staging folder) to `rel` in `other`, over what is
    there: one rename when its folder exists."""
    target = other / rel
    try:
        path.replace(target)
        return
    except IsADirectoryError:
        shutil.rmtree(target)
    except (FileNotFoundError, NotADirectoryError):
        for above in reversed(Path(rel).parents[:-1]):  # a file where a folder goes
            folder = other / above
            if folder.exists() and not folder.is_dir():
                folder.unlink()
        target.parent.mkdir(parents=True, exist_ok=True)
    path.replace(target)


def _join(folder: str, rel: str) -> str:
    return f"{folder}/{rel}" if rel else folder


def swap(tree: Path, site: Path) -> None:
    """Put `tree` where `site` is, at once; `site`'s old contents end up at `tree`."""
    if _exchange(tree, site):
        return
    aside = tree.with_name(tree.name + "-old")
    site.replace(aside)
    tree.replace(site)
    aside.replace(tree)


def _exchange(one: Path, other: Path) -> bool:
    """Swap two paths in one step; False where the system cannot."""
    function = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if function is None:
        return False
    result = function(_AT_FDCWD, os.fsencode(one), _AT_FDCWD, os.fsencode(other), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(other))
