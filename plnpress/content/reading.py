"""What ``plnpress read`` keeps between runs, and the `Reading` the build shows from it.

``.plnpress-cache/reading/state.json`` holds, per feed, what it answered last (its ``ETag`` and
``Last-Modified``, for conditional requests) and its newest entries, already cleaned; photos are
in ``avatars/`` beside it. It is state, not content: deleting the folder loses nothing the next
``read`` cannot bring back. The build shows the entries of the feeds still on the blogroll.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from plnpress.atomic import write_if_changed
from plnpress.config import Config
from plnpress.errors import ProblemLog
from plnpress.model.blogroll import BlogrollPerson
from plnpress.model.reading import ReadEntry, Reading
from plnpress.model.response import Author

READING_DIR = "reading"
"""Below the state folder (:attr:`plnpress.config.Config.state_dir`)."""
STATE_FILE = "state.json"
AVATARS = "avatars"
VERSION = 1


@dataclass(frozen=True, slots=True)
class FeedState:
    """What one feed answered when it was last read."""

    etag: str | None = None
    last_modified: str | None = None
    checked: datetime | None = None
    problem: str | None = None
    """Why the last read failed (the entries are those of the read before)."""
    entries: tuple[StoredEntry, ...] = ()


@dataclass(frozen=True, slots=True)
class StoredEntry:
    """One entry as ``read`` keeps it (the person it belongs to comes from the blogroll)."""

    url: str
    title: str | None
    summary_html: str
    published: datetime | None
    seen: datetime
    author: Author


@dataclass(frozen=True, slots=True)
class ReadState:
    read_at: datetime | None = None
    feeds: Mapping[str, FeedState] = field(default_factory=dict)


def reading_dir(config: Config) -> Path:
    return config.state_dir / READING_DIR


def load_state(config: Config, log: ProblemLog | None = None) -> ReadState:
    """The state the last ``read`` left; empty if there is none (or it cannot be read, which
    is reported to `log` as a warning)."""
    path = reading_dir(config) / STATE_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return _state(data)
    except FileNotFoundError:
        return ReadState()
    except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
        if log is not None:
            rel = path.relative_to(config.root).as_posix()
            log.warning(rel, None, f"cannot be read ({exc}); run 'plnpress read' again")
        return ReadState()


def save_state(config: Config, state: ReadState) -> None:
    data = {
        "version": VERSION,
        "read_at": _date(state.read_at),
        "feeds": {url: _feed_data(feed) for url, feed in sorted(state.feeds.items())},
    }
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    write_if_changed(reading_dir(config) / STATE_FILE, text)


def load_reading(
    config: Config, people: Sequence[BlogrollPerson], log: ProblemLog
) -> Reading | None:
    """The newest entries of `people`'s feeds, as the last ``read`` found them (at most
    ``reading.per_person`` each and ``reading.entries`` in all); None if ``read`` never ran."""
    state = load_state(config, log)
    if state.read_at is None:
        return None
    settings = config.site.reading
    avatars = reading_dir(config) / AVATARS
    found: list[ReadEntry] = []
    for person in people:
        feed = state.feeds.get(person.feed or "")
        if feed is not None:
            found += [_shown(entry, person, avatars) for entry in feed.entries]
    found.sort(key=lambda e: (e.date, e.url), reverse=True)
    per_person: Counter[str] = Counter()
    shown: list[ReadEntry] = []
    seen: set[str] = set()
    for entry in found:
        if entry.url in seen or per_person[entry.person_url] >= settings.per_person:
            continue
        seen.add(entry.url)
        per_person[entry.person_url] += 1
        shown.append(entry)
    return Reading(tuple(shown[: settings.entries]), state.read_at)


def _shown(entry: StoredEntry, person: BlogrollPerson, avatars: Path) -> ReadEntry:
    author = entry.author
    if author.avatar and not (avatars / author.avatar).is_file():
        author = replace(author, avatar=None)  # deleted meanwhile: a placeholder instead
    return ReadEntry(
        url=entry.url,
        title=entry.title,
        summary_html=entry.summary_html,
        published=entry.published,
        seen=entry.seen,
        author=author,
        feed=person.feed or "",
        person=person.name,
        person_url=person.url,
        person_photo=person.photo,
    )


def _date(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _parse_date(value: object) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) else None


def _feed_data(feed: FeedState) -> dict[str, Any]:
    return {
        "etag": feed.etag,
        "last_modified": feed.last_modified,
        "checked": _date(feed.checked),
        "problem": feed.problem,
        "entries": [
            {
                "url": entry.url,
                "title": entry.title,
                "summary_html": entry.summary_html,
                "published": _date(entry.published),
                "seen": _date(entry.seen),
                "author": {
                    "name": entry.author.name,
                    "url": entry.author.url,
                    "photo": entry.author.photo,
                    "avatar": entry.author.avatar,
                },
            }
            for entry in feed.entries
        ],
    }


def _state(data: dict[str, Any]) -> ReadState:
    if data.get("version") != VERSION:
        raise ValueError(f"version {data.get('version')!r}, not {VERSION}")
    feeds = {str(url): _feed(feed) for url, feed in data["feeds"].items()}
    return ReadState(_parse_date(data.get("read_at")), feeds)


def _feed(data: dict[str, Any]) -> FeedState:
    return FeedState(
        etag=data.get("etag"),
        last_modified=data.get("last_modified"),
        checked=_parse_date(data.get("checked")),
        problem=data.get("problem"),
        entries=tuple(_entry(item) for item in data.get("entries", [])),
    )


def _entry(item: dict[str, Any]) -> StoredEntry:
    author = item["author"]
    return StoredEntry(
        url=str(item["url"]),
        title=item.get("title"),
        summary_html=str(item.get("summary_html") or ""),
        published=_parse_date(item.get("published")),
        seen=datetime.fromisoformat(item["seen"]),
        author=Author(
            name=str(author["name"]),
            url=author.get("url"),
            photo=author.get("photo"),
            avatar=author.get("avatar"),
        ),
    )
