"""The one clock: what time it is, always in UTC.

Two readings. :func:`now` is the build's "now", which reproducible builds and tests pin with
``SOURCE_DATE_EPOCH``. :func:`utc_now` is the wall clock, for records of what happened when (a
notification sent, a hub pinged, a Webmention received); commands that take a ``clock`` accept
any :data:`Clock`, so tests can pass a fixed one.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime

from plnpress.errors import Problem, ProblemsError

Clock = Callable[[], datetime]
"""Something that tells the time (an aware datetime)."""


def utc_now() -> datetime:
    """The wall clock, in UTC."""
    return datetime.now(UTC)


def utc_stamp() -> str:
    """:func:`utc_now` as ISO 8601 to the second (``2025-06-01T10:30:00+00:00``)."""
    return utc_now().isoformat(timespec="seconds")


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
    """The build's "now": ``SOURCE_DATE_EPOCH`` if it is set, else the wall clock."""
    return pinned_now() or utc_now()
