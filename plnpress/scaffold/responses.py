"""``plnpress new reply|like|repost URL``: a post that answers another page, with its context.

The new file names the page (``in_reply_to``, ``like_of`` or ``repost_of``) and keeps what the
page said about itself in ``context:`` (see :mod:`plnpress.scaffold.context`), so the build shows
what the post answers without fetching anything. Offline, the file is written with the address
alone; ``--refresh FILE`` reads the pages again later and rewrites only the ``context:`` lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from plnpress.config import Config
from plnpress.content.context import answered
from plnpress.content.fields import CONTEXT_KEYS, EntryFields
from plnpress.content.frontmatter import FrontMatterError, edit_file, with_block
from plnpress.content.source import decode, split_front_matter
from plnpress.errors import PlnpressError, ProblemLog
from plnpress.model import Cited
from plnpress.model.entry import bookmark_title
from plnpress.model.slugs import slugify
from plnpress.scaffold.context import ContextLookup, look_up
from plnpress.scaffold.entries import _new_file, _timestamp, _yaml_text
from plnpress.schema import Context, load_section
from plnpress.yamledit import scalar


@dataclass(frozen=True, slots=True)
class ResponseKind:
    """How one kind of answer is written."""

    field: str
    """The front matter key naming the answered page."""
    slug: str
    """What the file name starts with."""
    body: str
    """The text the new file starts with (none for likes and reposts: they need no words)."""


RESPONSE_KINDS = {
    "reply": ResponseKind("in_reply_to", "reply-to", "Write your reply here, in Markdown.\n"),
    "like": ResponseKind("like_of", "liked", ""),
    "repost": ResponseKind("repost_of", "reposted", ""),
}
CONTEXT_AFTER = ("in_reply_to", "like_of", "repost_of", "bookmark_of")
"""Keys a ``context:`` block is written after, when a file has none yet."""


def new_response(
    config: Config, kind: str, url: str, *, slug: str | None = None
) -> tuple[Path, ContextLookup]:
    """Create ``content/posts/YYYY-MM-DD-reply-to-….md`` answering `url` (`kind` is ``reply``,
    ``like`` or ``repost``); the lookup says whether the page could be read."""
    how = RESPONSE_KINDS[kind]
    lookup = look_up(config, url)
    cited = lookup.cited or Cited(url)
    when = _timestamp(config)
    named = cited.name or cited.author or bookmark_title(url)
    slug = slug or (f"{how.slug}-{slugify(named)}"[:60].rstrip("-"))
    lines = [
        "---",
        f"date: {when.isoformat(sep=' ')}",
        f"{how.field}: {_yaml_text(url)}",
        *(context_block([cited]).splitlines() if lookup.cited else []),
        "tags: []",
        "---",
        "",
    ]
    text = "\n".join(lines) + ("\n" + how.body if how.body else "")
    return _new_file(config.content_dir / "posts", when, slug, text), lookup


def context_block(contexts: Sequence[Cited]) -> str:
    """``context:`` lines for `contexts`: one mapping for one page, else a list."""
    items = [_cited_lines(cited) for cited in contexts]
    if len(items) == 1:
        return "context:\n" + "".join(f"  {line}\n" for line in items[0])
    return "context:\n" + "".join(
        f"  {'- ' if index == 0 else '  '}{line}\n"
        for lines in items
        for index, line in enumerate(lines)
    )


def _cited_lines(cited: Cited) -> list[str]:
    lines = []
    for key in CONTEXT_KEYS:
        value = getattr(cited, key)
        if value is None or value == "":
            continue
        # A date is written plain: YAML reads it back as the same moment.
        text = value.isoformat(sep=" ") if key == "published" else scalar(str(value))
        lines.append(f"{key}: {text}")
    return lines


def refresh_context(config: Config, path: Path) -> list[ContextLookup]:
    """Read again every page the entry at `path` answers and rewrite its ``context:`` (pages
    that cannot be read keep what the file said of them). Returns one lookup per page."""
    fields = _entry_fields(config, path)
    targets = answered(fields)
    if not targets:
        raise PlnpressError(
            f"{path}: answers no page (no in_reply_to, like_of, repost_of or bookmark_of)"
        )
    known = {cited.url: cited for cited in fields.context}
    if len(fields.context) == 1 and not fields.context[0].url and len(targets) == 1:
        known = {targets[0]: fields.context[0]}
    lookups = [look_up(config, url) for url in targets]
    contexts = [lookup.cited or known.get(lookup.url) or Cited(lookup.url) for lookup in lookups]
    contexts = [cited for cited in contexts if _cited_lines(cited)[1:]]  # more than the address
    block = context_block(contexts) if contexts else ""
    try:
        edit_file(path, lambda text: with_block(text, "context", block, CONTEXT_AFTER))
    except FrontMatterError as exc:
        raise PlnpressError(f"{path}: {exc}") from None
    return lookups


def _entry_fields(config: Config, path: Path) -> EntryFields:
    if not path.is_file():
        raise PlnpressError(f"{path}: no such file")
    log = ProblemLog()
    rel = str(path)
    text = decode(rel, path.read_bytes(), log)
    doc = split_front_matter(rel, text, log) if text is not None else None
    fields = None
    if doc is not None:
        fields, _ = load_section(
            EntryFields,
            doc.front.data,
            doc=doc.front,
            at=(),
            ctx=Context(config.site.timezone),
            log=log,
            path=rel,
            unknown="keep",
        )
    log.raise_if_errors("Refresh")
    assert fields is not None
    return fields
