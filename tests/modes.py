"""File modes in tests: a strict umask while a command runs, and a file's permission bits.

A file the writer made readable by everyone (0644) must stay so whatever plnpress rewrites it
with; under ``umask(0o077)`` a new file would be 0600, so a mode that survives a rewrite there
was kept on purpose, not given again by chance.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

SHARED = 0o644
"""What the writer's files usually are: the owner writes, everyone reads."""
STRICT_UMASK = 0o077
"""New files only for their owner (0600), unlike :data:`SHARED`."""


@contextlib.contextmanager
def umask(mask: int) -> Iterator[None]:
    """Run the block (and the processes it starts) with ``mask`` as the umask."""
    before = os.umask(mask)
    try:
        yield
    finally:
        os.umask(before)


def mode(path: Path) -> int:
    """The permission bits of ``path``."""
    return stat.S_IMODE(path.stat().st_mode)


def share(*paths: Path) -> None:
    """Make ``paths`` readable by everyone, as the writer's files usually are."""
    for path in paths:
        path.chmod(SHARED)
