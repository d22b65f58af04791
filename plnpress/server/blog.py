"""The blog's ``plnpress.yaml`` as the server sees it: read again whenever the file changes.

A writer who sets ``server.url`` or changes ``micropub.token_endpoint`` should not have to
restart the server. A file that no longer loads keeps the last good config in use (and the log
says why), so a typo cannot take the server down.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from plnpress.config import CONFIG_FILE, Config, load_config
from plnpress.errors import ProblemsError

log = logging.getLogger("plnpress.server")


class BlogConfig:
    """Call it for the current `Config`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._config = load_config(root)
        self._stamp = self._stat()

    def __call__(self) -> Config:
        stamp = self._stat()
        if stamp == self._stamp:
            return self._config
        with self._lock:
            try:
                self._config = load_config(self.root)
            except ProblemsError as exc:
                log.error(
                    "%s has errors; still using the settings read before:\n%s",
                    CONFIG_FILE,
                    "\n".join(map(str, exc.problems)),
                )
            self._stamp = stamp
        return self._config

    def _stat(self) -> tuple[int, int] | None:
        try:
            info = (self.root / CONFIG_FILE).stat()
        except OSError:
            return None
        return (info.st_mtime_ns, info.st_size)
