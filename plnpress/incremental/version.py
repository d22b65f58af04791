"""What a cache was made by: the code that rendered it and the templates it rendered with.

A cache made by other code (another plnpress, another Markdown or Jinja2 version, another
Python, or a source file of plnpress edited in a checkout) is thrown away: its results might
differ from what this code makes. The code is named by content, not by where it is installed or
when: a deploy that restores ``.plnpress-cache/`` into a fresh clone, with plnpress installed
afresh (same versions, new paths and times), still finds its cache. Nothing here imports the
libraries it describes, so a warm build stays light.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import sys
from collections.abc import Iterable
from pathlib import Path

from plnpress import __version__
from plnpress.incremental.fingerprint import Digest, digest

CACHE_FORMAT = 4
"""Bump when the layout of the cache files changes."""

LIBRARIES = {
    "jinja2": "jinja2",
    "markdown_it": "markdown_it_py",
    "mdit_py_plugins": "mdit_py_plugins",
    "linkify_it": "linkify_it_py",
    "pygments": "pygments",
    "yaml": "pyyaml",
    "markupsafe": "markupsafe",
}
"""Libraries whose behaviour shapes the output: module, and the name its installed
distribution's ``*.dist-info`` folder starts with."""


@functools.cache
def code_version() -> Digest:
    """A digest of plnpress's version, the cache format, Python's version, the contents of
    plnpress's source files, and each library's installed files (as its ``RECORD`` lists them,
    with their hashes)."""
    package = Path(__file__).resolve().parent.parent
    parts = [f"{__version__}|{CACHE_FORMAT}|{sys.version}|".encode()]
    for path in sorted(package.rglob("*.py")):
        parts += [path.relative_to(package).as_posix().encode(), b"|", _contents(path)]
    for module, distribution in LIBRARIES.items():
        parts += [f"|{module}|".encode(), _library_stamp(module, distribution)]
    return digest(*parts)


def _contents(path: Path) -> bytes:
    try:
        return digest(path.read_bytes())
    except OSError:
        return b"?"


def _library_stamp(module: str, distribution: str) -> bytes:
    """The library's ``RECORD`` (every file with its hash, so its version and contents), or
    where that cannot be found, its module file's path, size and time (a cache made elsewhere
    is then not used, never wrongly used)."""
    spec = importlib.util.find_spec(module)
    origin = Path(spec.origin) if spec is not None and spec.origin else None
    if origin is None:
        return b"missing"
    installed_in = origin.parent.parent
    prefix = f"{distribution}-"
    try:
        entries = list(os.scandir(installed_in))
    except OSError:
        entries = []
    for entry in entries:
        name = entry.name.lower()
        if name.startswith(prefix) and name.endswith(".dist-info"):
            record = Path(entry.path, "RECORD")
            if record.is_file():
                return digest(record.read_bytes())
    return b"".join(_stamps([origin]))


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
