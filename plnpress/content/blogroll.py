"""Read ``content/blogroll.yaml``: a list of people, each checked like front matter.

Every problem is reported as ``content/blogroll.yaml:LINE: message``; a person with a bad value is
left out so that the rest of the build can still report its own problems in the same run.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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
    photo: str | None = option(
        Url(relative=True),
        default=None,
        doc="Their picture: a path in content/static/ ('blogroll add' stores theirs there).",
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
        key = same_site(fields.url)
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
                photo=fields.photo,
                note=fields.note,
                tags=tuple(dict.fromkeys(fields.tags)),
                line=line,
            )
        )
    return tuple(people)


def _lines_under(doc: YamlDocument, index: int) -> dict[KeyPath, int]:
    return {path[1:]: line for path, line in doc.lines.items() if path[:1] == (index,)}


def same_site(url: str) -> str:
    """``https://Example.org/`` and ``http://example.org`` are one site: the key they share."""
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


def with_people(text: str, people: Sequence[BlogrollPerson]) -> str:
    """The text of ``blogroll.yaml`` with `people` appended, written as the people before them
    are (the same indentation, a blank line between people if the file has them); everything
    already in the file stays exactly as written."""
    root = yamledit.compose(text) if text.strip() else None
    if root is not None and not (isinstance(root, yaml.SequenceNode) and not root.flow_style):
        raise ValueError("the blogroll is not a list of '- name: ...' items")
    dash, indent, gap = 0, 2, "\n"
    if root is not None and root.value:
        last = root.value[-1]
        dash = root.start_mark.column
        indent = last.start_mark.column - dash
        gap = "\n\n" if _blank_between(text, root) else "\n"
    items = [_person_lines(person, " " * dash, indent) for person in people]
    added = gap.join(items) if items else ""
    if not added:
        return text
    if not text.strip():
        return text + added + "\n"
    body = text if text.endswith("\n") else text + "\n"
    return body + ("\n" if gap == "\n\n" else "") + added + "\n"


def _blank_between(text: str, root: yaml.SequenceNode) -> bool:
    """Does the writer leave a blank line between people? (Yes, for a first person.)"""
    if len(root.value) < 2:
        return True
    between = text[root.value[-2].start_mark.index : root.value[-1].start_mark.index]
    return "\n\n" in between.replace(" ", "")


def _person_lines(person: BlogrollPerson, dash: str, indent: int) -> str:
    values = [
        ("name", person.name),
        ("url", person.url),
        ("feed", person.feed),
        ("photo", person.photo),
        ("note", person.note),
    ]
    lines = [f"{key}: {yamledit.scalar(value)}" for key, value in values if value]
    if person.tags:
        tags = ", ".join(yamledit.scalar(tag, flow=True) for tag in person.tags)
        lines.append(f"tags: [{tags}]")
    first, *rest = lines
    pad = dash + " " * indent
    return "\n".join([dash + "-" + " " * (indent - 1) + first, *(pad + line for line in rest)])
