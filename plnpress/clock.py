"""The build's idea of "now", which reproducible builds and tests pin."""

from __future__ import annotations

import os
from datetime import UTC, datetime

from plnpress.errors import Problem, ProblemsError


def pinned_now() -> datetime | None:
    """``SOURCE_DATE_EPOCH`` (the reproducible-builds convention) as a time, if it is set."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return None
    try:
        return datetime.fromtimestamp(int(raw), tz=UTC)
    except (ValueError, OverflowError):
        problem = Problem(
            "(environment)", None, f"SOURCE_DATE_EPOCH={raw!r} is not a number of seconds"
        )
        raise ProblemsError([problem], "Config") from None


def now() -> datetime:
    return pinned_now() or datetime.now(UTC)
