"""Finding the Pagefind program: the ``pagefind`` package's own search (``PAGEFIND_BINARY_PATH``,
then the ``pagefind_bin`` packages, then ``pagefind`` on the ``PATH``)."""

from __future__ import annotations

import os
from pathlib import Path

MISSING = (
    "search: the Pagefind program is not installed for this platform "
    "(pip install 'pagefind[bin]'); the site is built without search"
)
"""What a build says, once, when ``search: true`` but Pagefind cannot run here."""


def pagefind_program() -> Path | None:
    """The Pagefind program, or None when there is none that can run here."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        return None
    try:
        found = get_executable()
    except (FileNotFoundError, OSError):
        return None
    if found is None or not found.is_file() or not os.access(found, os.X_OK):
        return None
    return found
