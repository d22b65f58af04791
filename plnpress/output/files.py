"""A file the build produces, before it is written."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Staged:
    """A file already written to the staging folder, to be moved into the site."""

    path: str
    """Where it is now."""
    digest: str
    """Of its bytes (see :func:`plnpress.output.writer.content_digest`)."""
    size: int
    mtime_ns: int
    """Its stat once written (moving it keeps both)."""


@dataclass(frozen=True, slots=True)
class OutputFile:
    """Bytes to write (or a file to copy or move) at ``path`` under the output folder."""

    path: str
    """Relative to the output folder, forward slashes."""
    data: bytes | None = None
    copy_from: Path | None = None
    """For static files: copied as they are instead of held in memory."""
    source: str | None = None
    """The writer's file responsible for it, if any (named when two outputs collide)."""
    kept: str | None = None
    """Set instead of ``data`` when the build knows the file on disk is already right: the
    digest of its bytes (see :meth:`plnpress.output.writer.Manifest.intact`)."""
    staged: Staged | None = None
    """Set instead of ``data`` for a page rendered into the staging folder."""
