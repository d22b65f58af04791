"""Find the writer's files under ``content/``; symlinks out of the blog folder are refused."""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from plnpress.errors import ProblemLog


class SourceKind(StrEnum):
    POST = "post"
    LINK = "link"
    PAGE = "page"
    STATIC = "static"
    BESIDE = "beside"
    """Any other file in posts/, links/ or pages/: published with the entry or page whose
    bundle folder holds it (see :mod:`plnpress.content.bundles`)."""

    @property
    def is_content(self) -> bool:
        """A Markdown file that becomes an entry or a page."""
        return self not in {SourceKind.STATIC, SourceKind.BESIDE}


FOLDERS = {
    "posts": SourceKind.POST,
    "links": SourceKind.LINK,
    "pages": SourceKind.PAGE,
    "static": SourceKind.STATIC,
}


@dataclass(frozen=True, slots=True)
class SourceFile:
    kind: SourceKind
    file: str
    """Absolute path (through any symlink inside the blog folder), as a string: a blog can
    have ten thousand files, and a warm build only asks each for its size and time."""
    rel: str
    """Relative to the blog folder, with forward slashes; used in every message."""
    inner: str
    """Relative to its content folder (``content/static/img/a.png`` -> ``img/a.png``)."""

    @property
    def path(self) -> Path:
        """Absolute path (through any symlink inside the blog folder)."""
        return Path(self.file)


def _ignored(name: str) -> bool:
    """Editor droppings and OS metadata, never content."""
    return (
        name.startswith((".#", "~$"))
        or name.endswith(("~", ".swp", ".swx", ".tmp"))
        or name in {".DS_Store", "Thumbs.db", ".git"}
    )


def content_folders(root: Path) -> list[tuple[Path, SourceKind]]:
    """The folders content is found in, each with its kind, as :func:`discover` names them
    (the blog folder resolved: the build's look-ahead asks about the files by these names)."""
    content = root.resolve() / "content"
    return [(content / folder, kind) for folder, kind in FOLDERS.items()]


def discover(root: Path, log: ProblemLog) -> list[SourceFile]:
    """Every content file in a stable order; unsafe symlinks are reported to ``log``."""
    root = root.resolve()
    found: list[SourceFile] = []
    for base, kind in content_folders(root):
        if not base.exists():
            continue
        # Plain strings, not Path objects, until the end: a blog can have thousands of files.
        base_prefix = len(str(base)) + 1
        root_prefix = len(str(root)) + 1
        for path in _walk(root, base, log):
            inner = path[base_prefix:].replace(os.sep, "/")
            this_kind = kind
            if kind is not SourceKind.STATIC:
                if inner.startswith(".") or "/." in inner:
                    continue
                if not path.lower().endswith((".md", ".markdown")):
                    this_kind = SourceKind.BESIDE
            rel = path[root_prefix:].replace(os.sep, "/")
            found.append(SourceFile(this_kind, path, rel, inner))
    return sorted(found, key=lambda s: (s.kind, s.rel))


def _walk(root: Path, top: Path, log: ProblemLog) -> list[str]:
    files: list[str] = []
    seen: set[str] = set()
    stack = [str(top)]
    while stack:
        directory = stack.pop()
        real = os.path.realpath(directory)
        if real in seen:  # a symlink loop inside the blog folder
            continue
        seen.add(real)
        try:
            with os.scandir(directory) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            log.error(_rel(root, directory), None, f"cannot read this folder: {exc.strerror}")
            continue
        for item in entries:
            if _ignored(item.name):
                continue
            if item.is_symlink() and not _inside(root, Path(item.path)):
                path = Path(item.path)
                log.error(
                    _rel(root, item.path),
                    None,
                    f"is a symlink to {path.readlink()}, outside the blog folder; copy the file "
                    "in instead (symlinks out of the folder are refused for safety)",
                )
                continue
            try:
                is_dir = item.is_dir(follow_symlinks=True)
                is_file = not is_dir and item.is_file(follow_symlinks=True)
            except OSError as exc:  # a symlink loop: a -> b -> a
                log.error(_rel(root, item.path), None, _broken_link(item.path, exc))
                continue
            if is_dir:
                stack.append(item.path)
            elif is_file:
                files.append(item.path)
            elif item.is_symlink():
                log.error(_rel(root, item.path), None, _broken_link(item.path, None))
    return files


def _broken_link(path: str, error: OSError | None) -> str:
    """What is wrong with a symlink that leads to no file: a loop, or a missing target."""
    target = Path(path).readlink()
    if error is not None and error.errno == errno.ELOOP:
        return f"is a symlink to {target} that leads back to itself (a loop); remove it"
    why = error.strerror if error is not None else "which does not exist"
    return f"is a symlink to {target}, {why}; remove it or restore the file"


def _rel(root: Path, path: str) -> str:
    return Path(path).relative_to(root).as_posix()


def _inside(root: Path, path: Path) -> bool:
    real = Path(os.path.realpath(path))
    return real == root or root in real.parents
