"""A file the build produces, before it is written."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class OutputFile:
    """Bytes to write (or a file to copy) at ``path`` under the output folder."""

    path: str
    """Relative to the output folder, forward slashes."""
    data: bytes | None = None
    copy_from: Path | None = None
    """For static files: copied as they are instead of held in memory."""
    source: str | None = None
    """The writer's file responsible for it, if any (named when two outputs collide)."""
    kept: str | None = None
    """Set instead of ``data`` when the build knows the file on disk is already right: the
    digest the manifest holds for it (see :meth:`plnpress.output.writer.Manifest.intact`)."""
