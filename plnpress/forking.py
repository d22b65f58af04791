"""Whether this process may fork: the build's workers and its look-ahead at the site's files
(:mod:`plnpress.incremental.parallel`, :mod:`plnpress.output.stat_ahead`) both ask.

Forking is safe only on the main thread with no other thread running: a fork copies the locks
other threads might hold, and nothing in the child would ever release them.
"""

from __future__ import annotations

import os
import threading


def can_fork() -> bool:
    """Whether forking is possible and safe here (see the module docstring)."""
    return (
        hasattr(os, "fork")
        and threading.current_thread() is threading.main_thread()
        and threading.active_count() == 1
    )
