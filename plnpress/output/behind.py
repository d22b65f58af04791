"""What the spare tree lacks of the site, noted at each swap so the next warm build need not
compare the two trees whole.

After a warm build's swap (:mod:`plnpress.output.swap`) the spare tree is the site before, and it
differs from the site only at the files that build wrote or removed. The next build makes the
spare like the site again; walking both trees to find those files costs a quarter of a second
at 10,000 posts, most of a warm build's budget. So the swap notes them here, with the
modification time of every folder of the site: a file put into ``site/`` or taken out of it by
anything else (a writer's own file, ``plnpress serve`` writing in place, a deploy tool) changes
its folder's time, and such a folder is compared entry by entry as before. A folder whose time
was within a few seconds of the note is compared too: a file system's clock may not tick between
two changes that close (Git treats its "racily clean" files the same way). The note is taken
away before the spare is touched and written again only after the swap, so a build that stops
in between leaves none, and the next build walks both trees.

A build that asked about the spare's folders ahead (:mod:`plnpress.output.stat_ahead`) notes
the times it found then, before it changed any, and notes them as of then: a folder it changed
since has a later time now and is compared next time (a few, next to the note's thousands),
and nothing else touches the spare in between.
"""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from plnpress.atomic import atomic_write
from plnpress.output.stat_ahead import SizeAndTime, prefix_of, size_and_time

_FORMAT = 1
RACY_NS = 3_000_000_000
"""A folder changed this close to the note is compared anyway (see the module docstring)."""


@dataclass(frozen=True, slots=True)
class Behind:
    """The spare tree's difference from the site, as the last swap left them."""

    paths: frozenset[str]
    """Files the last build wrote or removed (relative, forward slashes)."""
    folders: dict[str, int]
    """Every folder of the site ("" for the site itself) and its modification time (ns)."""
    noted_ns: int
    """When the note was taken."""
    size_and_time: Callable[[str], SizeAndTime | None] = field(default=size_and_time, compare=False)
    """How a folder's modification time is found (a build may have asked ahead)."""

    def changed_folders(self, site: Path) -> list[str]:
        """The folders of the site whose entries may have changed since: their time differs,
        they are gone, or their time was too close to the note's to tell."""
        changed = []
        racy = self.noted_ns - RACY_NS
        prefix = prefix_of(site)
        ask = self.size_and_time
        for rel, mtime in self.folders.items():
            found = ask(prefix + rel)
            if found is None or found[1] != mtime or mtime >= racy:
                changed.append(rel)
        return changed


def note_path(other: Path) -> Path:
    return other.with_name(other.name + ".behind")


def take(
    site: Path,
    other: Path,
    size_and_time: Callable[[str], SizeAndTime | None] = size_and_time,
) -> Behind | None:
    """The note the last swap left for these two trees, removed (None when there is none, it
    is unreadable, or either tree is not the one it was written for); its folders' times are
    found with ``size_and_time``."""
    path = note_path(other)
    try:
        raw = path.read_bytes()
        path.unlink()
    except OSError:
        return None
    try:
        found = _parsed(raw)
        if found["format"] != _FORMAT or found["trees"] != [_identity(site), _identity(other)]:
            return None
        return Behind(
            frozenset(found["paths"]),
            dict(found["folders"]),
            int(found["noted_ns"]),
            size_and_time,
        )
    except (ValueError, KeyError, TypeError, OSError):
        return None


def noted_folders(other: Path) -> list[str]:
    """The site's folders the note beside ``other`` names, the note left in place (for a look
    ahead at them: :mod:`plnpress.output.stat_ahead`); none if there is no readable note."""
    try:
        return list(_parsed(note_path(other).read_bytes())["folders"])
    except (OSError, ValueError, KeyError, TypeError):
        return []


@functools.lru_cache(maxsize=1)
def _parsed(raw: bytes) -> Any:
    return json.loads(raw)  # read twice in a build (ahead, then taken): parsed once


class Seen(NamedTuple):
    """The times of the spare tree's folders as a build found them before it made the spare
    like the site (:mod:`.stat_ahead`): after the swap they are the site's folders."""

    since_ns: int
    """When they were found."""
    mtime_of: Callable[[str], int | None]
    """A folder's time then, by its place in the site (None: not found then)."""


def leave(
    site: Path, other: Path, paths: Iterable[str], folders: Iterable[str], seen: Seen | None = None
) -> None:
    """Note, after a swap, that `other` lacks `paths` of `site`; `folders` are the site's. With
    `seen`, their times are the ones found before the build changed any (a folder it changed
    since has a later time, and is compared next time, as is one whose time was too close to
    when it was seen), and only folders not seen then are asked about now."""
    noted_ns = time.time_ns()
    if seen is None:
        times = dict(_times(site, folders))
    else:
        noted_ns = min(noted_ns, seen.since_ns)
        times, unseen = {}, []
        for rel in folders:
            found = seen.mtime_of(rel)
            if found is None:
                unseen.append(rel)
            else:
                times[rel] = found
        times.update(_times(site, unseen))
    note = {
        "format": _FORMAT,
        "trees": [_identity(site), _identity(other)],
        "paths": sorted(paths),
        "folders": times,
        "noted_ns": noted_ns,
    }
    atomic_write(note_path(other), json.dumps(note, separators=(",", ":")).encode())


def folders_of(files: Iterable[str]) -> set[str]:
    """The folders (and the folders above them, and "") that hold `files`."""
    found = {""}
    for rel in files:
        parent = rel.rpartition("/")[0]
        while parent and parent not in found:
            found.add(parent)
            parent = parent.rpartition("/")[0]
    return found


def _times(site: Path, folders: Iterable[str]) -> Iterator[tuple[str, int]]:
    prefix = prefix_of(site)
    for rel in folders:
        if (found := size_and_time(prefix + rel)) is not None:
            yield rel, found[1]


def _identity(path: Path) -> list[int]:
    found = path.stat()
    return [found.st_dev, found.st_ino]
