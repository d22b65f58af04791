"""Read ``content/blogroll.yaml``: a list of people, each checked like front matter.

Every problem is reported as ``content/blogroll.yaml:LINE: message``; a person with a bad value is
left out so that the rest of the build can still report its own problems in the same run.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from plnpress import yamledit
from plnpress.errors import ProblemLog
from plnpress.mentions import yamlfile
from plnpress.model.blogroll import BlogrollPerson
from plnpress.schema import Context, Custom, ListOf, Text, Url, load_section, option
from plnpress.yamldoc import KeyPath, YamlDocument

BLOGROLL = "content/blogroll.yaml"
"""Where the blogroll lives, relative to the blog folder."""

_HOW = "write one '- name: ...' item per person, each with 'url:' (see docs/network.md)"


def _empty_or_url(value: object, ctx: Context) -> str | None:
    """A URL, or nothing: ``feed:`` left empty is a feed still to be found."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return Url().convert(value, ctx)


@dataclass(frozen=True, slots=True)
class BlogrollFields:
    """One person in ``content/blogroll.yaml``."""

    name: str = option(Text(), doc="The person's or the site's name.")
    url: str = option(Url(), doc="Their site.")
    feed: str | None = option(
        Custom(_empty_or_url, "a URL"),
        default=None,
        doc="Their feed; 'blogroll discover' fills it.",
    )
    note: str | None = option(Text(), default=None, doc="Why you read them.")
    tags: tuple[str, ...] = option(ListOf(Text()), default=(), doc="Topics, for grouping.")


def load_blogroll(root: Path, log: ProblemLog, ctx: Context) -> tuple[BlogrollPerson, ...]:
    """The blogroll, in the writer's order; empty if there is no file. Problems go to `log`."""
    path = root / BLOGROLL
    if not path.is_file():
        return ()
    doc = yamlfile.read(path, BLOGROLL, log)
    if doc is None or doc.data is None:
        return ()
    if not isinstance(doc.data, list):
        log.error(BLOGROLL, doc.first_line, f"expected a list of people: {_HOW}")
        return ()
    people: list[BlogrollPerson] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(doc.data):
        line = doc.line_of((index,))
        if not isinstance(item, dict):
            log.error(BLOGROLL, line, f"item {index + 1}: expected 'name:' and 'url:'; {_HOW}")
            continue
        # Read each person as a document of its own, so messages say "url: ..." at its line.
        own = YamlDocument(data=item, lines=_lines_under(doc, index), first_line=line)
        fields, _ = load_section(
            BlogrollFields, item, doc=own, at=(), ctx=ctx, log=log, path=BLOGROLL
        )
        if fields is None:
            continue
        key = _same_site(fields.url)
        if key in seen:
            at = own.line_of(("url",))
            log.error(BLOGROLL, at, f"url: {fields.url} is already listed on line {seen[key]}")
            continue
        seen[key] = line
        people.append(
            BlogrollPerson(
                name=fields.name,
                url=fields.url,
                feed=fields.feed,
                note=fields.note,
                tags=tuple(dict.fromkeys(fields.tags)),
                line=line,
            )
        )
    return tuple(people)


def _lines_under(doc: YamlDocument, index: int) -> dict[KeyPath, int]:
    return {path[1:]: line for path, line in doc.lines.items() if path[:1] == (index,)}


def _same_site(url: str) -> str:
    """``https://Example.org/`` and ``http://example.org`` are one site."""
    return url.split("://", 1)[-1].lower().rstrip("/")


def with_feeds(text: str, feeds: Mapping[int, str]) -> str:
    """The text of ``blogroll.yaml`` with ``feed:`` set for the people at the given positions
    (0 is the first person) that have none yet; everything else stays exactly as written."""
    root = yamledit.compose(text)
    if not isinstance(root, yaml.SequenceNode):
        raise ValueError("the blogroll is not a list")
    edits = []
    for index, feed in feeds.items():
        person = root.value[index]
        if not isinstance(person, yaml.MappingNode):
            raise ValueError(f"item {index + 1} is not a mapping")
        existing = yamledit.mapping_get(person, "feed")
        if existing is not None:
            if yamledit.is_empty(existing[1]):
                edits.append(yamledit.set_empty_value(text, existing[1], feed))
            continue
        after = yamledit.mapping_get(person, "url") or person.value[-1]
        edits.append(yamledit.add_key_after(text, person, after, "feed", feed))
    return yamledit.apply(text, edits)
