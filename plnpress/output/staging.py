"""The staging folder: where rendered pages wait until every page has rendered without error.

Pages are written here (by the build's workers too), at their place in the site, instead of
being held in memory. The writer moves them into the site only when the whole build succeeded:
file by file, or, when the output folder is new or empty, the whole folder at once. The folder
is removed either way, so a failed build leaves ``site/`` as it was. It lives beside the build
state, one per output folder and process; one left behind by a killed build is removed by the
next.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
from pathlib import Path

from plnpress.output.files import Staged


class Staging:
    """One build's staging folder (created on the first write)."""

    def __init__(self, state_dir: Path, out_dir: Path) -> None:
        key = hashlib.sha256(str(out_dir.resolve()).encode()).hexdigest()[:16]
        self._prefix = f"staging-{key}-"
        self._state_dir = state_dir
        self.folder = state_dir / f"{self._prefix}{os.getpid()}"
        self.other_site = state_dir / f"other-{key}"
        """Where the site before the last one is kept, to become the next warm build's site
        (:mod:`plnpress.output.swap`)."""
        self._clashes = 0

    def write(self, rel: str, data: bytes, digest: str) -> Staged:
        """Write ``data`` at ``rel`` (its path in the site)."""
        try:
            return self._write(self.folder / rel, data, digest)
        except (NotADirectoryError, IsADirectoryError, FileExistsError):
            return self._write(self._aside(), data, digest)

    def _aside(self) -> Path:
        """Where a file goes whose place in the site is taken by a folder, or whose folder by a
        file (``feed.xml`` and ``feed.xml/index.html``): the build reports the clash and fails,
        and nothing staged is ever moved into the site."""
        self._clashes += 1
        aside = self.folder / ".clashes" / f"{os.getpid()}-{self._clashes}"
        aside.parent.mkdir(parents=True, exist_ok=True)
        return aside

    def _write(self, path: Path, data: bytes, digest: str) -> Staged:
        # Plain system calls: a big site stages thousands of pages, nearly each in a folder of
        # its own (``2024/05/hello/index.html``), and Python's file objects cost four more each.
        try:
            path.parent.mkdir()
        except FileExistsError:
            pass
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
        fd = os.open(path, flags, 0o666)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            stat = os.fstat(fd)
        finally:
            os.close(fd)
        return Staged(str(path), digest, stat.st_size, stat.st_mtime_ns)

    def copy(self, rel: str, source: Path, digest: str) -> Staged:
        """Copy ``source`` to ``rel``."""
        path = self.folder / rel
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, path)
        except (NotADirectoryError, IsADirectoryError, FileExistsError):
            path = self._aside()
            shutil.copyfile(source, path)
        stat = path.stat()
        return Staged(str(path), digest, stat.st_size, stat.st_mtime_ns)

    def discard(self) -> None:
        """Remove the folder and whatever is left in it."""
        shutil.rmtree(self.folder, ignore_errors=True)

    def discard_abandoned(self) -> None:
        """Remove staging folders of this output that builds no longer running left behind."""
        with contextlib.suppress(OSError):
            for entry in os.scandir(self._state_dir):
                if entry.name.startswith(self._prefix) and not _running(entry.name):
                    shutil.rmtree(entry.path, ignore_errors=True)


def _running(name: str) -> bool:
    try:
        pid = int(name.rsplit("-", 1)[1])
    except ValueError:
        return False
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
