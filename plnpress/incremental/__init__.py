"""Fast builds: a cache of what earlier builds made, so that a build redoes only what changed;
forked workers that spread a cold build's loading and rendering over every core; and rebuilds
in memory for ``plnpress serve``. ``bench/README.md`` sums up what each part is for."""

from plnpress.incremental.cache import BuildCache, CacheRun
from plnpress.incremental.units import feed_files

__all__ = ["BuildCache", "CacheRun", "feed_files"]
