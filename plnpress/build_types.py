"""What a build is asked to do and what it gives back, and where it keeps its state.

A leaf below the build: :func:`plnpress.build.build`, the build cache
(:mod:`plnpress.incremental`) and ``plnpress serve``'s rebuilds in memory all import these, so
none of them needs to import another to know what a build is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from plnpress.config import Config
from plnpress.errors import Problem
from plnpress.model import EntryKind, Site
from plnpress.output import WriteReport

STATE_DIR = ".plnpress-cache"
"""Build state kept beside the content (git-ignored): the output manifest and caches."""


def state_dir(config: Config) -> Path:
    """The blog's build state folder (:data:`STATE_DIR`)."""
    return config.root / STATE_DIR


@dataclass(frozen=True, slots=True)
class BuildOptions:
    drafts: bool = False
    """Include drafts."""
    future: bool = False
    """Include entries dated in the future."""
    output: Path | None = None
    """Where to write the site; ``site/`` in the blog folder by default."""
    live_reload_script: str | None = None
    """Served pages only: a script tag ``plnpress serve`` injects. Never set by ``build``."""
    search_later: bool = False
    """Make a new search index after the build instead of during it (``plnpress serve``: see
    :attr:`BuildResult.index_later`)."""
    processes: int | None = None
    """Processes a build may use for loading and rendering; None: one per core, when there is
    enough work to share. The output is the same whatever it is."""

    def output_dir(self, config: Config) -> Path:
        """The folder the site is written to (not yet checked: see the build)."""
        return (self.output or config.root / "site").resolve()

    @property
    def cache_key(self) -> str:
        """What, besides the files, changes what a content file becomes."""
        return f"drafts={self.drafts}|future={self.future}"


@dataclass(frozen=True, slots=True)
class BuildResult:
    site: Site
    output_dir: Path
    report: WriteReport
    seconds: float
    warnings: tuple[Problem, ...]
    pictures_made: int = 0
    """Pictures whose copies this build made (0 when all were made before)."""
    index_later: Callable[[], None] | None = None
    """Set when the search index is to be made after the build (``search_later``): call it (in
    a thread of its own), then build again to publish the index it made."""

    @property
    def summary(self) -> str:
        posts = len(self.site.of_kind(EntryKind.POST))
        links = len(self.site.of_kind(EntryKind.LINK))
        pages = len(self.site.pages)
        report = self.report
        return (
            f"Built {posts} post{_s(posts)}, {links} link{_s(links)}, {pages} page{_s(pages)}: "
            f"{report.written} file{_s(report.written)} written, {report.unchanged} unchanged, "
            f"{report.removed} removed"
            + (f", {made} picture{_s(made)} made" if (made := self.pictures_made) else "")
            + f" in {self.seconds:.2f} s"
        )


def _s(count: int) -> str:
    return "" if count == 1 else "s"
