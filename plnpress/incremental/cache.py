"""The build cache: everything a build remembers for the next one, in ``.plnpress-cache/``.

One :class:`BuildCache` belongs to one blog, output folder and set of build options. ``build()``
opens it from disk; ``plnpress serve`` keeps one in memory between rebuilds (see
:class:`plnpress.serve.cached_builder.Builder`). Each build works on a :class:`CacheRun`, which
becomes the cache's state only when the build succeeds.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2

from plnpress.config import Config
from plnpress.content.discovery import content_folders
from plnpress.incremental.fingerprint import Fingerprints, digest
from plnpress.incremental.pages import PageCache
from plnpress.incremental.pictures import PictureCache
from plnpress.incremental.sources import Reused, SourceCache
from plnpress.incremental.state import CacheState, empty_state
from plnpress.incremental.statefile import StateFile
from plnpress.incremental.store import BodyPack, BodyRef, PackError
from plnpress.incremental.units import UnitCache
from plnpress.incremental.version import code_version, folder_digest
from plnpress.output import Manifest
from plnpress.output.staging import Staging
from plnpress.output.writer import folder_key

if TYPE_CHECKING:
    from plnpress.incremental.last_build import LastBuild

COMPACT_ABOVE = 8 * 1024 * 1024
"""Bytes of pack below which unused bodies are left in it (rewriting would cost more)."""


class BuildCache:
    """The cache of one blog, output folder and set of options; see the module docstring."""

    def __init__(self, state_dir: Path, output_dir: Path, flavour: str, persist: bool = True):
        name = folder_key(output_dir, state_dir, flavour)
        self.state_dir = state_dir
        self.output_dir = output_dir
        self.state_file = StateFile(state_dir / f"build-{name}.state")
        self.pack = BodyPack(state_dir / f"bodies-{name}.pack")
        self._persist = persist
        self._state: CacheState | None = None
        """None until the first build reads it from disk."""
        self._manifest: Manifest | None = None
        self._items: Reused = {}
        """The last successful build's items by source (see :class:`SourceCache`)."""
        self.last: LastBuild | None = None
        """What the last build left in memory, for a rebuild in memory (``plnpress serve``)."""

    def start(self, config: Config, key: str, processes: int | None = None) -> CacheRun:
        """A run for one build; ``key`` names everything else that changes what files become;
        ``processes`` caps the processes a cold build uses (None: one per core)."""
        if self._manifest is None:
            self._manifest = Manifest(self.output_dir, self.state_dir)
            # A build in a fresh process: the site's files are asked about meanwhile, while
            # the state loads (an earlier build's answers would be out of date: see finish()).
            self._manifest.look_ahead(
                Staging(self.state_dir, self.output_dir).other_site,
                [str(folder) for folder, kind in content_folders(config.root) if kind.is_content],
            )
        if self._state is None:
            loaded = self.state_file.load(code_version())
            if loaded is None:
                self._reset_pack()
            self._state = loaded or empty_state()
        self._manifest.write_through = self._persist
        return CacheRun(self, config, key, self._state, self._manifest, processes, self._items)

    def finish(self, run: CacheRun) -> None:
        """Keep what a successful build learnt (and save it, unless this cache lives in memory)."""
        self._stop_looking_ahead()
        self._state = run.state()
        self._items = run.sources.items
        try:
            self.pack.flush()
            self.pack.close()
            self._compact_if_mostly_garbage()
        except (OSError, PackError):  # another build wrote here meanwhile: start afresh
            self._state = empty_state()
            self._items = {}
            self._reset_pack()
            self.state_file.forget()
            return
        if self._persist:
            self.save()

    @property
    def persist(self) -> bool:
        """Whether each build saves the cache (else only :meth:`save` does)."""
        return self._persist

    @persist.setter
    def persist(self, value: bool) -> None:
        self._persist = value
        if self._manifest is not None:
            self._manifest.write_through = value

    def save(self) -> None:
        """Write the state of the last successful build to disk."""
        self.pack.write_out()
        if self._state is not None and self._state["version"]:  # a build made it
            self.state_file.save(self._state)
        if self._manifest is not None:
            self._manifest.flush()

    def abandon(self) -> None:
        """A build failed: keep the state of the last good one (bodies rendered meanwhile stay
        in the pack, unreferenced, until it is compacted)."""
        self._stop_looking_ahead()
        self.pack.close()
        self.last = None

    def _stop_looking_ahead(self) -> None:
        if self._manifest is not None:
            self._manifest.stop_looking_ahead()

    @property
    def state(self) -> CacheState:
        """The state of the last successful build."""
        return self._state if self._state is not None else empty_state()

    def _reset_pack(self) -> None:
        self.pack.close()
        self.pack.path.unlink(missing_ok=True)
        self.pack = BodyPack(self.pack.path)

    def _compact_if_mostly_garbage(self) -> None:
        assert self._state is not None
        bodies = self._state["bodies"]
        live = sum(BodyRef(*ref).length for ref in bodies.values())
        size = self.pack.size()
        if size < COMPACT_ABOVE or live * 2 > size:
            return
        compacted = BodyPack(self.pack.path.with_name(self.pack.path.name + ".tmp"))
        compacted.path.unlink(missing_ok=True)
        moved = {key: compacted.add(self.pack.read(BodyRef(*ref))) for key, ref in bodies.items()}
        compacted.flush()
        compacted.close()
        self.pack.close()
        compacted.path.replace(self.pack.path)
        self.pack = BodyPack(self.pack.path)
        self._state["bodies"] = moved
        self._items = {}  # their bodies are read through the pack as it was


class CacheRun:
    """One build's view of the cache: the content cache, the page cache, the feed cache."""

    def __init__(
        self,
        cache: BuildCache,
        config: Config,
        key: str,
        state: CacheState,
        manifest: Manifest,
        processes: int | None,
        reuse: Reused,
    ) -> None:
        self._cache = cache
        self.processes = processes
        self.fingerprints = Fingerprints()
        self.meta_fingerprints = Fingerprints(skip=frozenset({"content_html"}))
        # Not the blog's folder: items name their files relative to it, so the state restored
        # into another clone of the blog (a deploy's cache) holds for it too.
        source_key = digest(key.encode(), self.fingerprints.of(config.site))
        self.manifest = manifest
        self.sources = SourceCache(
            config,
            source_key,
            state,
            cache.pack,
            self.fingerprints,
            self.meta_fingerprints,
            processes,
            reuse,
            manifest.size_and_time,
            manifest.asked_since_ns,
        )
        self.units = UnitCache(state["units"], manifest)
        self._pages_state = state["pages"]
        self._structure_before = (state["structure"], state["items"], state["shown_pictures"])
        self.pictures = PictureCache(cache.state_dir, state["pictures"], processes)
        self._pages: PageCache | None = None
        self._source_key = source_key

    def pages(self, env: jinja2.Environment, template_folders: Iterable[Path]) -> PageCache:
        """The page cache, for pages rendered by ``env`` (its globals installed)."""
        shown = {name: value for name, value in env.globals.items() if name != "site"}
        globals_digest = digest(
            code_version(),
            folder_digest(template_folders),
            self.fingerprints.of(shown),
            self.fingerprints.of(env.filters),
            self.fingerprints.of(env.tests),
        )
        self._pages = PageCache(
            self._pages_state,
            (self.meta_fingerprints, self.fingerprints),
            self.manifest,
            globals_digest,
            self._structure_before,
        )
        return self._pages

    def remember(self, last: LastBuild) -> None:
        """Keep what the finished build left in memory, for a rebuild in memory."""
        self._cache.last = last

    def cache_state(self) -> CacheState:
        """The build cache's state (this run's, once finished)."""
        return self._cache.state

    def pages_cache(self) -> PageCache:
        """The page cache (after :meth:`pages`)."""
        assert self._pages is not None, "pages() first"
        return self._pages

    def finish(self) -> None:
        """The build succeeded and its output is written: keep what it learnt."""
        self._cache.finish(self)

    def abandon(self) -> None:
        """The build failed: keep the cache as it was."""
        self._cache.abandon()

    def state(self) -> CacheState:
        """What to keep: this build's records only (deleted files and pages drop out)."""
        sources = self.sources
        records = sources.records
        used = {record.body for record in records.values()}
        pages = self._pages
        return {
            "version": code_version(),
            "source_key": self._source_key,
            "sources": records,
            "markdown": sources.markdown_in_use(),
            "bodies": {key: ref for key, ref in sources.bodies.items() if key in used},
            "pages": pages.records if pages is not None else {},
            "units": self.units.records,
            "structure": pages.structure if pages is not None else None,
            "items": pages.items if pages is not None else {},
            "pictures": self.pictures.records,
            "shown_pictures": pages.pictures if pages is not None else {},
        }
