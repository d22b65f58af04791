"""The rebuild loop: build through the public API, remember what to show, tell open pages.

Every rebuild goes through one :class:`~plnpress.serve.cached_builder.Builder`, which builds as
``plnpress build`` does but keeps the build cache in memory between saves, so a save rebuilds only
what it changed. The output writer rewrites only files whose bytes changed and names
them; those names decide which open pages reload. A rebuild never raises: problems in the blog
and crashes alike become a :class:`~plnpress.serve.errorpage.Failure` the browser shows.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from plnpress.build import STATE_DIR, BuildOptions, BuildResult
from plnpress.config import CONFIG_FILE, Config, load_config
from plnpress.errors import ProblemsError
from plnpress.render.theme import ThemeError, find_theme
from plnpress.serve.cached_builder import Builder
from plnpress.serve.errorpage import Failure
from plnpress.serve.reload import Change, ReloadChannel
from plnpress.serve.search import BackgroundIndex
from plnpress.serve.watcher import ChangeQueue, WatchPlan

logger = logging.getLogger(__name__)

# Changes to these reload only the pages they are; any other file (a stylesheet, an image) may
# be used by every page.
_NOT_EMBEDDED = {".html", ".xml", ".json", ".txt"}


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What the server shows now; replaced whole after every rebuild (never changed in place)."""

    base_path: str
    """The URL path the site is served under (``/`` or ``/blog/``)."""
    output_dir: Path
    failure: Failure | None = None
    """Set while the blog does not build: every page shows the error page."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """One build or rebuild, for the terminal."""

    changed_sources: tuple[str, ...]
    """What triggered it, relative to the blog folder; empty for the first build."""
    result: BuildResult | None
    """The build, when it succeeded."""
    failure: Failure | None
    change: Change | None
    """What open pages were told, if anything."""


OutcomeHandler = Callable[[Outcome], None]


class Rebuilder:
    """Builds the blog on demand and keeps :attr:`snapshot` up to date."""

    def __init__(
        self,
        root: Path,
        options: BuildOptions,
        channel: ReloadChannel,
        on_outcome: OutcomeHandler | None = None,
    ) -> None:
        assert options.output is not None, "serve builds into its own folder, never site/"
        self.root = root.resolve()
        self.options = options
        self.channel = channel
        self.on_outcome = on_outcome
        self.config: Config | None = None
        self.snapshot = Snapshot("/", options.output)
        self.builder = Builder()
        self._index: BackgroundIndex | None = None
        self._index_ready = self.root / STATE_DIR / "search-ready"
        """Put in the queue when an index is made: no such file, so a whole build follows."""

    def rebuild(
        self,
        changed: frozenset[Path] = frozenset(),
        announce: bool = True,
        rewatch: Callable[[WatchPlan], None] | None = None,
    ) -> Outcome:
        """Build now; reload the config first if it changed (or never loaded).

        With ``announce``, open pages the build changed are told to reload. ``rewatch`` gets
        what to watch now (a new theme, a new templates folder) before anyone hears of the
        build, so that no save made after it goes unseen.
        """
        previous = self.snapshot.failure
        result: BuildResult | None = None
        failure: Failure | None = None
        try:
            if self.config is None or self.root / CONFIG_FILE in changed:
                self.config = None
                self.config = load_config(self.root)
            result = self.builder.build(self.config, self.options, changed)
        except ProblemsError as exc:
            failure = Failure.from_problems(exc)
        except Exception as exc:  # the server must outlive any bug in a rebuild
            failure = Failure.from_exception(exc)
        if rewatch is not None:
            try:
                rewatch(self.watch_plan())
            except Exception as exc:
                failure = failure or Failure.from_exception(exc)
        base_path = self.config.base_path if self.config else self.snapshot.base_path
        self.snapshot = Snapshot(base_path, self.snapshot.output_dir, failure)
        outcome = Outcome(
            changed_sources=self._relative(changed),
            result=result,
            failure=failure,
            change=self._announce(previous, failure, result) if announce else None,
        )
        if self.on_outcome is not None:
            self.on_outcome(outcome)
        return outcome

    def run(self, queue: ChangeQueue, rewatch: Callable[[WatchPlan], None]) -> None:
        """Rebuild after every burst of changes until the queue closes."""
        while (batch := queue.take()) is not None:
            try:
                # A build that only publishes a new search index changes no page anyone sees.
                announce = batch != {self._index_ready}
                self.index_later(self.rebuild(batch, announce, rewatch), queue)
            except Exception:  # in reporting the outcome: say so, keep watching
                logger.exception("plnpress serve: reporting a rebuild failed")

    def index_later(self, outcome: Outcome, queue: ChangeQueue) -> None:
        """Make the search index ``outcome`` left for later, then build again to publish it."""
        result = outcome.result
        if result is None or result.index_later is None:
            return
        if self._index is None:
            self._index = BackgroundIndex(lambda: queue.put([self._index_ready]))
        self._index.request(result.index_later)

    def stop(self) -> None:
        """Wait for a search index still being made (the server is stopping)."""
        if self._index is not None:
            self._index.stop()

    def watch_plan(self) -> WatchPlan:
        """The blog's content, templates, theme and config (the theme may change with it)."""
        themes = self.root / "themes"  # the blog's own themes, including one still to come
        folders = [self.root / "content", self.root / "templates", themes]
        if self.config is not None:
            with contextlib.suppress(ThemeError):  # a missing theme is reported by the build
                theme = find_theme(self.config).folder.resolve()
                if themes not in theme.parents:
                    folders.append(theme)
        return WatchPlan(
            root=self.root,
            folders=tuple(folders),
            root_names=frozenset({CONFIG_FILE, "content", "templates", "themes"}),
            ignored=(self.snapshot.output_dir.resolve(),),
        )

    def _announce(
        self, previous: Failure | None, failure: Failure | None, result: BuildResult | None
    ) -> Change | None:
        if failure != previous:
            return self.channel.publish(frozenset(), everything=True)
        if result is None or not (result.report.changed_paths or result.report.removed):
            return None
        files = frozenset(result.report.changed_paths)
        embedded = any(PurePosixPath(f).suffix not in _NOT_EMBEDDED for f in files)
        return self.channel.publish(files, everything=embedded or result.report.removed > 0)

    def _relative(self, paths: frozenset[Path]) -> tuple[str, ...]:
        """The changed files to name in the log. A file gone already with no extension was
        some tool's temporary file (renamed over the one being saved): it is not named."""
        names = []
        for path in paths:
            if not path.suffix and not path.exists():
                continue
            try:
                names.append(path.relative_to(self.root).as_posix())
            except ValueError:
                names.append(str(path))
        return tuple(sorted(names))
