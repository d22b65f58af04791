"""Read every content file into the model, collecting every problem on the way."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePosixPath
from typing import Any, Protocol

from plnpress.config import Config
from plnpress.content.aliases import alias_locations, check_aliases
from plnpress.content.blogroll import load_blogroll
from plnpress.content.bundles import bundle_files
from plnpress.content.context import resolved_context, response_title
from plnpress.content.discovery import SourceFile, SourceKind, discover
from plnpress.content.fields import EntryFields, PageFields, hidden
from plnpress.content.foreign_syntax import family_of
from plnpress.content.front_keys import unknown_key_message
from plnpress.content.mentions import addresses_of, shown_responses, with_responses
from plnpress.content.naming import entry_date_prefix, entry_slug, page_slug
from plnpress.content.reading import load_reading
from plnpress.content.rendered import RenderedMarkdown
from plnpress.content.source import SourceDocument, decode, split_front_matter
from plnpress.errors import Problem, ProblemLog, said_once
from plnpress.model import Entry, EntryKind, Page, Site, StaticFile
from plnpress.model.entry import Photo, bookmark_title
from plnpress.model.permalinks import PermalinkError, expand, locate
from plnpress.schema import Context, Invalid, field_names, load_section, parse_datetime

MarkdownRenderer = Callable[[str, str], RenderedMarkdown]
"""Renders one body for a site under a base path (the build cache puts one in front that
remembers what it rendered)."""


def render_markdown(body: str, base_path: str) -> RenderedMarkdown:
    from plnpress.content.markdown import render_markdown  # only when there is Markdown to render

    return render_markdown(body, base_path)


@dataclass(frozen=True, slots=True)
class Loaded:
    """What one content file became: an entry, a page, or nothing (a draft left out)."""

    item: Entry | Page | None
    warnings: tuple[Problem, ...] = ()
    """What the file was warned about when it was read (a cache says it again)."""


@dataclass(frozen=True, slots=True)
class FileLoad:
    """What reading one content file gave: the item, every problem, and what a cache needs."""

    item: Entry | Page | None
    """None when the file is left out (a draft) or has an error."""
    problems: tuple[Problem, ...]
    parsed: bool
    """The front matter was read without error (only then may a cache remember the file)."""
    published: datetime | None
    """For entries: the date from the front matter or the file name (future or past?)."""


def load_file(
    source: SourceFile,
    raw: bytes,
    config: Config,
    options: ContentOptions,
    render: MarkdownRenderer = render_markdown,
) -> FileLoad:
    """Read one content file's bytes into an entry or page, collecting its problems."""
    log = ProblemLog()
    ctx = Context(config.site.timezone)
    if _too_large(source, raw, config.site.max_post_mb, log):
        return FileLoad(None, log.problems, parsed=False, published=None)
    read = _read(source, raw, ctx, log)
    if read is None:
        return FileLoad(None, log.problems, parsed=False, published=None)
    item = None
    if _included(read, config, options, ctx, log):
        markdown = render(read.doc.body, config.base_path)
        _warn_foreign_syntax(read.doc, markdown, log)
        item = _item(read, markdown, config, ctx, log)
    return FileLoad(item, log.problems, parsed=True, published=read.published)


def _too_large(source: SourceFile, raw: bytes, limit_mb: int, log: ProblemLog) -> bool:
    """A file over the limit is refused before it is parsed: a 50 MB post takes minutes and
    gigabytes to render, and is far more likely a mistake (a pasted log, a file saved twice)."""
    limit = limit_mb * 1_000_000
    if len(raw) <= limit:
        return False
    log.error(
        source.rel,
        raw.count(b"\n", 0, limit) + 1,
        f"is {len(raw) / 1_000_000:.1f} MB, more than the {limit_mb} MB a post, link or page may"
        " be (this line passes it); split it, or raise max_post_mb in plnpress.yaml",
    )
    return True


class ContentCache(Protocol):
    """Remembers what each content file became, so an unchanged file is not read again.

    ``plnpress.incremental`` has the real one; a cache must give exactly what reading the file
    would give, and files with problems are never restored (their problems are reported again).
    """

    def restore(self, source: SourceFile) -> Loaded | None:
        """What ``source`` became last time, if it and everything it depends on are unchanged."""

    def load(
        self, sources: Sequence[SourceFile], config: Config, options: ContentOptions
    ) -> list[FileLoad]:
        """:func:`load_file` of each of ``sources`` (which it could not restore), in order;
        items in the form the cache hands out."""


class _NoCache:
    def restore(self, source: SourceFile) -> Loaded | None:
        return None

    def load(
        self, sources: Sequence[SourceFile], config: Config, options: ContentOptions
    ) -> list[FileLoad]:
        return [load_file(s, s.path.read_bytes(), config, options) for s in sources]


@dataclass(frozen=True, slots=True)
class ContentOptions:
    """Which entries a build includes."""

    drafts: bool = False
    """Include entries and pages marked ``draft: true`` (or hidden in another convention:
    ``published: false``, ``status: draft``...)."""
    future: bool = False
    """Include entries dated after the build time."""
    reading: bool = False
    """Show ``/reading/`` although ``reading.publish`` is off (``plnpress serve``)."""


@dataclass(frozen=True, slots=True)
class _Read:
    """A file whose front matter passed validation, waiting for its body to be rendered."""

    source: SourceFile
    doc: SourceDocument
    fields: EntryFields | PageFields
    extra: dict[str, Any]
    published: datetime | None
    """For entries: the date from the front matter or the file name."""


def load_site(
    config: Config,
    options: ContentOptions,
    log: ProblemLog,
    cache: ContentCache | None = None,
) -> Site:
    """The model of the blog from every file that has no error; the errors are in ``log``.

    Bad files are left out rather than stopping the load, so that the rest of the build can still
    find problems elsewhere (a missing template, say) and report them all in one run.
    """
    cache = cache or _NoCache()
    files = discover(config.root, log)
    statics = [StaticFile(f.rel, f.inner) for f in files if f.kind is SourceKind.STATIC]
    loaded: list[Entry | Page] = []
    missing: list[SourceFile] = []
    problems: list[Problem] = []
    for source in files:
        if not source.kind.is_content:
            continue
        restored = cache.restore(source)
        if restored is None:
            missing.append(source)
            continue
        problems += restored.warnings
        if restored.item is not None:
            loaded.append(restored.item)
    for result in cache.load(missing, config, options):
        problems += result.problems
        loaded += [result.item] if result.item is not None else []
    log.extend(said_once(problems))
    loaded = check_aliases(loaded, log)
    statics += bundle_files(loaded, files, log)
    answered_urls = {url for item in loaded for url in addresses_of(item)}
    responses = shown_responses(config, log, answered_urls)
    entries = [with_responses(e, responses) for e in loaded if isinstance(e, Entry)]
    pages = [with_responses(page, responses) for page in loaded if isinstance(page, Page)]
    blogroll = load_blogroll(config.root, log, Context(config.site.timezone))
    reading = None
    if options.reading or config.site.reading.publish:
        reading = load_reading(config, blogroll, log)
    return Site.assemble(config, entries, pages, statics, blogroll, reading)


def _item(
    read: _Read, markdown: RenderedMarkdown, config: Config, ctx: Context, log: ProblemLog
) -> Entry | Page | None:
    if isinstance(read.fields, PageFields):
        return _page(read, read.fields, markdown, config, log)
    return _entry(read, read.fields, markdown, config, ctx, log)


def _read(source: SourceFile, raw: bytes, ctx: Context, log: ProblemLog) -> _Read | None:
    text = decode(source.rel, raw, log)
    if text is None:
        return None
    doc = split_front_matter(source.rel, text, log)
    if doc is None:
        return None
    schema: type[EntryFields] | type[PageFields] = (
        PageFields if source.kind is SourceKind.PAGE else EntryFields
    )
    fields, unknown = load_section(
        schema,
        doc.front.data,
        doc=doc.front,
        at=(),
        ctx=ctx,
        log=log,
        path=source.rel,
        unknown="keep",
    )
    kind = "page" if schema is PageFields else "entry"
    for key in unknown:
        message, is_error = unknown_key_message(key, field_names(schema), kind)
        line = doc.front.line_of((key,))
        if is_error:
            log.error(source.rel, line, message)
        else:
            log.warning(source.rel, line, message, once=True)
    if fields is None or log.has_errors:
        return None
    published = None
    if isinstance(fields, EntryFields):
        published = _published(source, fields, ctx, log)
    return _Read(source, doc, fields, {**unknown, **(fields.extra or {})}, published)


def _warn_foreign_syntax(doc: SourceDocument, markdown: RenderedMarkdown, log: ProblemLog) -> None:
    """One warning per kind of other generators' syntax left in the text: at its first line,
    naming the others."""
    lines: dict[str, list[tuple[int, str]]] = {}
    for line, tag in markdown.foreign:
        lines.setdefault(family_of(tag).name, []).append((doc.body_line + line - 1, tag))
    for name, found in lines.items():
        first_line, tag = found[0]
        family = family_of(tag)
        shown = tag if len(tag) <= 80 else tag[:77] + "..."
        others = sorted({line for line, _ in found[1:]} - {first_line})
        also = f" (also on line{'s' if len(others) > 1 else ''} {_list(others)})" if others else ""
        log.warning(
            doc.rel,
            first_line,
            f"{shown}: {name} from another generator, shown as written{also}; "
            f"{family.importer} converts the common ones",
        )


def _list(numbers: Sequence[int], most: int = 8) -> str:
    shown = ", ".join(map(str, numbers[:most]))
    return shown + (f" and {len(numbers) - most} more" if len(numbers) > most else "")


def _included(
    read: _Read, config: Config, options: ContentOptions, ctx: Context, log: ProblemLog
) -> bool:
    if hidden(read.fields) and not options.drafts:
        return False
    if isinstance(read.fields, PageFields):
        return True
    published = read.published
    return published is None or options.future or published <= config.now()


def _published(
    source: SourceFile, fields: EntryFields, ctx: Context, log: ProblemLog
) -> datetime | None:
    if fields.date is not None:
        return fields.date
    prefix = entry_date_prefix(source.inner)
    if prefix is None:
        return None
    try:
        return parse_datetime(prefix, ctx.timezone)
    except Invalid as exc:
        what = "folder name" if PurePosixPath(source.inner).stem == "index" else "file name"
        log.error(source.rel, 1, f"{what}: {exc.message}")
        return None


def _entry(
    read: _Read,
    fields: EntryFields,
    markdown: RenderedMarkdown,
    config: Config,
    ctx: Context,
    log: ProblemLog,
) -> Entry | None:
    rel, front = read.source.rel, read.doc.front
    kind = EntryKind.POST if read.source.kind is SourceKind.POST else EntryKind.LINK
    published = read.published
    ok = True
    if published is None:
        if fields.date is None and entry_date_prefix(read.source.inner) is None:
            log.error(
                rel,
                front.first_line,
                "date: missing (required); add 'date: 2024-05-31' or name the file "
                "2024-05-31-your-slug.md",
            )
        ok = False
    responds = bool(fields.in_reply_to or fields.like_of or fields.repost_of)
    if kind is EntryKind.POST and fields.title is None and not responds:
        log.error(rel, front.first_line, "title: missing (required)")
        ok = False
    if kind is EntryKind.LINK and fields.bookmark_of is None:
        log.error(rel, front.first_line, "bookmark_of: missing (required for a link-bookmark)")
        ok = False
    if fields.updated is not None and published is not None and fields.updated < published:
        log.warning(rel, front.line_of(("updated",)), "updated: is earlier than the date")
    slug = fields.slug or entry_slug(read.source.inner)
    if not slug:
        log.error(rel, front.first_line, "slug: the file name gives an empty slug; add 'slug: ...'")
        ok = False
    if not ok or published is None:
        return None
    pattern = config.site.permalinks.post if kind is EntryKind.POST else config.site.permalinks.link
    try:
        location = locate(config, expand(pattern, slug, published))
    except PermalinkError as exc:
        log.error(rel, front.line_of(("slug",)), f"permalink: {exc}")
        return None
    context = resolved_context(fields, rel, front, log)
    title = (
        fields.title or response_title(fields, context) or bookmark_title(fields.bookmark_of or "")
    )
    aliases = alias_locations(config, fields.aliases, location, (rel, front), log)
    return Entry(
        kind=kind,
        source=rel,
        title=title,
        slug=slug,
        published=published,
        location=location,
        content_html=markdown.html,
        summary=fields.summary or markdown.first_paragraph,
        updated=fields.updated,
        tags=tuple(dict.fromkeys(fields.tags)),
        category=fields.category,
        draft=hidden(fields),
        deleted=fields.deleted,
        webmentions=fields.webmentions,
        image=fields.image,
        image_alt=fields.image_alt,
        photos=tuple(Photo(_photo_url(config, url), alt) for url, alt in fields.photo),
        in_reply_to=fields.in_reply_to,
        like_of=fields.like_of,
        repost_of=fields.repost_of,
        context=context,
        titled=fields.title is not None,
        syndication=fields.syndication,
        syndicate_to=tuple(dict.fromkeys(fields.syndicate_to)),
        bookmark_of=fields.bookmark_of,
        quote=fields.quote,
        via=fields.via,
        links=markdown.links,
        pictures=_pictures(read, markdown),
        future=published > config.now(),
        template=fields.template,
        extra=read.extra,
        lines=_top_lines(read),
        aliases=aliases,
    )


def _photo_url(config: Config, url: str) -> str:
    """A root-relative photo address moved under the site's sub-path, as Markdown links are."""
    if url.startswith("/") and not url.startswith("//"):
        return config.base_path.rstrip("/") + url
    return url


def _pictures(read: _Read, markdown: RenderedMarkdown) -> tuple[tuple[str, int], ...]:
    """The body's pictures with their lines in the file, not in the body."""
    offset = read.doc.body_line - 1
    return tuple((src, line + offset) for src, line in markdown.pictures)


def _top_lines(read: _Read) -> dict[str, int]:
    return {str(key[0]): line for key, line in read.doc.front.lines.items() if len(key) == 1}


def _page(
    read: _Read, fields: PageFields, markdown: RenderedMarkdown, config: Config, log: ProblemLog
) -> Page | None:
    rel, front = read.source.rel, read.doc.front
    slug = fields.slug or page_slug(read.source.inner)
    try:
        permalink = fields.permalink or expand(config.site.permalinks.page, slug, None)
        location = locate(config, permalink)
    except PermalinkError as exc:
        key = "permalink" if fields.permalink else "slug"
        log.error(rel, front.line_of((key,)), f"permalink: {exc}")
        return None
    aliases = alias_locations(config, fields.aliases, location, (rel, front), log)
    return Page(
        source=rel,
        title=fields.title,
        slug=slug,
        location=location,
        content_html=markdown.html,
        summary=fields.summary or markdown.first_paragraph,
        menu=fields.menu,
        image=fields.image,
        image_alt=fields.image_alt,
        pictures=_pictures(read, markdown),
        template=fields.template,
        extra=read.extra,
        lines=_top_lines(read),
        aliases=aliases,
        draft=fields.draft,
    )
