"""An in-process incremental builder: ``plnpress serve`` builds through one for its whole run."""

from __future__ import annotations

from plnpress.build import BuildOptions, BuildResult, build, open_cache
from plnpress.config import Config
from plnpress.incremental.cache import BuildCache


class Builder:
    """Builds a blog again and again, keeping what each build learnt in memory.

    The first build of each output folder and set of options reads the cache from
    ``.plnpress-cache/`` (and saves it, so the next ``plnpress build`` or ``serve`` starts warm);
    later ones work from memory and do not write the cache until :meth:`save`.
    """

    def __init__(self) -> None:
        self._caches: dict[tuple[object, ...], BuildCache] = {}

    def build(self, config: Config, options: BuildOptions) -> BuildResult:
        """Like :func:`plnpress.build.build`, reusing the cache of the builds before."""
        key = (config.root, options.output, options.drafts, options.future, options.markdown)
        cache = self._caches.get(key)
        if cache is None:
            cache = self._caches[key] = open_cache(config, options)
            result = build(config, options, cache)
            cache.persist = False
            return result
        return build(config, options, cache)

    def save(self) -> None:
        """Write the caches to disk (serve calls this when it stops)."""
        for cache in self._caches.values():
            cache.save()
