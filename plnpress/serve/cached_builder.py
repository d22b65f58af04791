"""An in-process incremental builder: ``plnpress serve`` builds through one for its whole run."""

from __future__ import annotations

import gc
from collections.abc import Iterable
from pathlib import Path

from plnpress.build import BuildOptions, BuildResult, build, open_cache
from plnpress.config import Config
from plnpress.incremental.cache import BuildCache
from plnpress.incremental.parallel import without_collections
from plnpress.serve.in_memory import rebuild_in_memory


class Builder:
    """Builds a blog again and again, keeping what each build learnt in memory.

    The first build of each output folder and set of options reads the cache from
    ``.plnpress-cache/`` (and saves it, so the next ``plnpress build`` or ``serve`` starts warm);
    later ones work from memory and do not write the cache until :meth:`save`.
    """

    def __init__(self) -> None:
        self._caches: dict[tuple[object, ...], BuildCache] = {}

    def build(
        self, config: Config, options: BuildOptions, changed: Iterable[Path] = ()
    ) -> BuildResult:
        """Like :func:`plnpress.build.build`, reusing the cache of the builds before.

        ``changed`` are the files saved since the last build, if the caller knows (a file
        watcher): when they changed only what some entries say, only what shows them is made
        again (:mod:`plnpress.serve.in_memory`).
        """
        key = (config.root, options.output, options.drafts, options.future)
        cache = self._caches.get(key)
        if cache is None:
            cache = self._caches[key] = open_cache(config, options)
            result = _settled(build(config, options, cache))
            cache.persist = False
            return result
        last, cache.last = cache.last, None  # a rebuild that raises leaves a whole build next
        if last is not None and changed:
            with without_collections():
                quick = rebuild_in_memory(last, config, options, changed)
            if quick is not None:
                cache.last = last
                return quick
        return _settled(build(config, options, cache))

    def save(self) -> None:
        """Write the caches to disk (serve calls this when it stops)."""
        for cache in self._caches.values():
            cache.save()


def _settled(result: BuildResult) -> BuildResult:
    """After a whole build: collect what the builds before left, then keep what this one made
    out of the garbage collector's way. A big blog's build leaves millions of objects that live
    as long as the server; a collection that looks at them all takes a fifth of a second, far
    too long for a rebuild in memory to wait for."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    return result
