"""Incremental builds: a cache of what earlier builds made, so that a build redoes only what
changed, and the process pool that spreads a cold build's Markdown over every core."""

from plnpress.incremental.cache import BuildCache, CacheRun
from plnpress.incremental.units import feed_files

__all__ = ["BuildCache", "CacheRun", "feed_files"]
