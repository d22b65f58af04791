"""The reply context of an entry: what the pages it replies to, likes or reposts said.

``context:`` in the front matter is saved by ``plnpress new reply`` (and ``like``, ``repost``)
from the answered page's h-entry, so the build shows what an entry answers without fetching
anything. Each item names the page it describes with ``url:``; an entry that answers one page may
leave it out. An item for a page the entry does not answer is a mistake, reported at its line.
"""

from __future__ import annotations

from dataclasses import replace

from plnpress.content.fields import EntryFields
from plnpress.errors import ProblemLog
from plnpress.model.entry import RESPONSE_VERBS, Cited
from plnpress.yamldoc import YamlDocument


def answered(fields: EntryFields) -> tuple[str, ...]:
    """The pages an entry answers or shares: replies, likes, reposts, then the bookmark."""
    bookmark = (fields.bookmark_of,) if fields.bookmark_of else ()
    return tuple(
        dict.fromkeys((*fields.in_reply_to, *fields.like_of, *fields.repost_of, *bookmark))
    )


def resolved_context(
    fields: EntryFields, rel: str, front: YamlDocument, log: ProblemLog
) -> tuple[Cited, ...]:
    """``context:`` with each item's page known; items that name no page the entry answers are
    reported and left out."""
    targets = answered(fields)
    listed = isinstance((front.data or {}).get("context"), list)
    resolved: list[Cited] = []
    for index, cited in enumerate(fields.context):
        at = ("context", index) if listed else ("context",)
        if not cited.url:
            if len(targets) != 1:
                what = "nothing" if not targets else "more than one page"
                log.error(
                    rel,
                    front.line_of(at),
                    f"context: url: missing; the entry answers {what}, so say which page this "
                    "context describes",
                )
                continue
            cited = replace(cited, url=targets[0])
        elif cited.url not in targets:
            log.error(
                rel,
                front.line_of((*at, "url")),
                f"context: url: {cited.url} is not in in_reply_to, like_of, repost_of or "
                "bookmark_of, so the entry does not answer it",
            )
            continue
        resolved.append(cited)
    return tuple(resolved)


def response_title(fields: EntryFields, context: tuple[Cited, ...]) -> str | None:
    """The title of a reply, like or repost written without one: "Reply to “Their title”",
    "Liked Their Name", "Reposted example.org/note/1"."""
    for name, verb in RESPONSE_VERBS:
        targets: tuple[str, ...] = getattr(fields, name)
        if targets:
            cited = next((c for c in context if c.url == targets[0]), Cited(targets[0]))
            return f"{verb} {cited.label}"
    return None
