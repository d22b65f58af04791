"""A warm build's new site, made beside the old one and swapped in with one rename.

A warm build rewrites a few files, or all of them (a changed title), and a visitor, a deploy or a
kill -9 must never meet half of the old build and half of the new one. So the new build is made
as a whole tree in the staging folder: the files written anew are there already, and every other
file of the old site (unchanged pages, and files plnpress did not write) is added as a hard link,
which costs one directory entry, not a copy. Then the two trees trade places in one system call
(``renameat2`` with ``RENAME_EXCHANGE``, Linux 3.15 and later), and the old tree, now in the
staging folder, is deleted with it. Where the exchange is not available, the old site is renamed
aside and the new one into place: two renames, with an instant between them where ``site/`` is
missing but never mixed.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
from collections.abc import Set
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_UNSUPPORTED = frozenset({errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EPERM})


def same_file_system(one: Path, other: Path) -> bool:
    """Can files be linked and renamed between the two folders (both must exist)?"""
    try:
        return one.stat().st_dev == other.stat().st_dev
    except OSError:
        return False


def link_the_rest(old: Path, tree: Path, skip: Set[str]) -> None:
    """Hard-link every file under `old` into `tree` at the same place, except the paths in
    `skip` (relative, forward slashes: the files written anew and those no longer built).
    A folder left with nothing is not made again, unless it was empty in `old` too."""
    _link_folder(str(old), str(tree), "", skip)


# Plain strings and system calls below, not Path objects: a big site has tens of thousands of
# files, and a warm build links every one.


def _link_folder(old: str, tree: str, rel: str, skip: Set[str]) -> bool:
    """Link the folder `rel`; True if it exists in `tree` afterwards."""
    made = os.path.isdir(_join(tree, rel)) if rel else True  # noqa: PTH112
    try:
        with os.scandir(_join(old, rel)) as listing:
            entries = list(listing)
    except OSError:
        return made
    for entry in entries:
        inner = f"{rel}/{entry.name}" if rel else entry.name
        if entry.is_dir(follow_symlinks=False):
            made = _link_folder(old, tree, inner, skip) or made
            continue
        if inner in skip:
            continue
        if not made:
            made = _make_folder(_join(tree, rel))
            if not made:
                return False  # a file of the new build stands where this folder was
        with contextlib.suppress(FileExistsError, NotADirectoryError):
            os.link(entry.path, _join(tree, inner), follow_symlinks=False)
    if not entries and not made:
        made = _make_folder(_join(tree, rel))
    return made


def _make_folder(path: str) -> bool:
    try:
        os.makedirs(path, exist_ok=True)  # noqa: PTH103
    except (FileExistsError, NotADirectoryError):
        return False
    return True


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
