"""What a cache was made by: the code that rendered it and the templates it rendered with.

A cache made by other code (another plnpress, another Markdown or Jinja2 version, or a source file
of plnpress edited in a checkout) is thrown away: its results might differ from what this code
makes. Nothing here imports the libraries it describes, so a warm build stays light.
"""

from __future__ import annotations

import functools
import importlib.util
from collections.abc import Iterable
from pathlib import Path

from plnpress import __version__
from plnpress.incremental.fingerprint import Digest, digest

CACHE_FORMAT = 2
"""Bump when the layout of the cache files changes."""

LIBRARIES = ("jinja2", "markdown_it", "mdit_py_plugins", "linkify_it", "pygments", "yaml")
"""Libraries whose behaviour shapes the output."""


@functools.cache
def code_version() -> Digest:
    """A digest of plnpress's version, the cache format, and the files of plnpress and its
    libraries (by path, size and modification time: a reinstall or an edit changes it)."""
    package = Path(__file__).resolve().parent.parent
    parts = [f"{__version__}|{CACHE_FORMAT}|".encode()]
    parts += _stamps(sorted(package.rglob("*.py")))
    for name in LIBRARIES:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec is not None else None
        parts += _stamps([Path(origin)] if origin else [])
    return digest(*parts)


def _stamps(paths: Iterable[Path]) -> list[bytes]:
    stamps = []
    for path in paths:
        try:
            stat = path.stat()
        except OSError:
            continue
        stamps.append(f"{path}|{stat.st_size}|{stat.st_mtime_ns};".encode())
    return stamps


def folder_digest(folders: Iterable[Path]) -> Digest:
    """A digest of every file under ``folders``, by name and content (templates are small)."""
    parts: list[bytes] = []
    for index, folder in enumerate(folders):
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            name = path.relative_to(folder).as_posix()
            parts += [f"{index}|{name}|".encode(), digest(path.read_bytes())]
    return digest(*parts)
