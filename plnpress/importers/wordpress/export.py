"""Reading a WordPress export (WXR 1.0, 1.1 and 1.2) as a stream of items, in bounded memory.

The file is fed to expat a chunk at a time through defusedxml's parser, which refuses entity
declarations (the billion laughs) and external entities and DTDs' external parts (XXE) instead
of resolving them: an export WordPress made has none. No tree is kept: each ``<item>`` becomes
an :class:`Item` as soon as it closes and is forgotten once the caller has it, so a 200 MB
export takes the memory of its largest post, not of the file.

A file that is not well-formed, or that declares an entity, raises :class:`ExportError` with the
line where expat stopped. WXR's namespaces changed between versions (``http://`` and
``https://wordpress.org/export/1.x/``); fields are matched by their namespace's role, not its URI.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

CHUNK = 64 * 1024
"""Bytes fed to the parser at a time."""

_COMMENT_FIELDS = {
    "wp:comment_id",
    "wp:comment_author",
    "wp:comment_author_url",
    "wp:comment_date",
    "wp:comment_date_gmt",
    "wp:comment_content",
    "wp:comment_approved",
    "wp:comment_type",
    "wp:comment_parent",
}
"""What is read of a comment: never the commenter's e-mail or IP address."""


class ExportError(Exception):
    """The export cannot be read; ``line`` is where the reading stopped."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True, slots=True)
class Comment:
    """One ``<wp:comment>``: a comment, pingback or trackback, as WordPress stored it."""

    id: str
    parent: str
    """The id of the comment it answers; ``"0"`` (or empty) at the top of the thread."""
    author: str
    author_url: str
    date: str
    """Local time as WordPress wrote it, ``YYYY-MM-DD HH:MM:SS``."""
    date_gmt: str
    content: str
    approved: str
    """``1``, ``0`` (waiting), ``spam``, ``trash`` or ``post-trashed``."""
    type: str
    """Empty or ``comment`` for a comment; ``pingback``, ``trackback`` ..."""


@dataclass(frozen=True, slots=True)
class Term:
    """A category, tag or other taxonomy term of an item (``<category domain=...>``)."""

    domain: str
    """``category``, ``post_tag`` (``tag`` in WXR 1.0), ``post_format``, ``nav_menu`` ..."""
    nicename: str
    name: str


@dataclass(frozen=True, slots=True)
class Item:
    """One ``<item>``: a post, page, attachment, menu item or other post type."""

    line: int
    """Where the item starts in the export."""
    fields: dict[str, str]
    """Its simple fields by prefixed name (``title``, ``wp:post_id``, ``content:encoded`` ...),
    the first of each, text stripped of nothing (bodies keep their whitespace)."""
    terms: tuple[Term, ...] = ()
    meta: dict[str, str] = field(default_factory=dict)
    """``<wp:postmeta>`` keys and values (the ones plnpress reads: see `_META_KEPT`)."""
    comments: tuple[Comment, ...] = ()

    def get(self, name: str) -> str:
        """A field's text, whitespace around it removed; empty when missing."""
        return self.fields.get(name, "").strip()

    @property
    def id(self) -> str:
        return self.get("wp:post_id")

    @property
    def post_type(self) -> str:
        return self.get("wp:post_type")

    @property
    def status(self) -> str:
        return self.get("wp:status")


@dataclass(frozen=True, slots=True)
class Channel:
    """What the export says about the site itself (read before its first item)."""

    title: str = ""
    link: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    version: str = ""
    authors: dict[str, str] = field(default_factory=dict)
    """Display name by login (``dc:creator`` holds the login)."""


_META_KEPT = frozenset({"_thumbnail_id", "_wp_attachment_image_alt"})


def _role(uri: str) -> str:
    """The prefix WXR uses for a namespace, whatever its version or scheme."""
    if "wordpress.org/export/" in uri:
        return "excerpt" if uri.rstrip("/").endswith("excerpt") else "wp"
    if "purl.org/rss/1.0/modules/content" in uri:
        return "content"
    if "purl.org/dc/elements" in uri:
        return "dc"
    return "other"


def _name(tag: str) -> str:
    if tag.startswith("{"):
        uri, local = tag[1:].split("}", 1)
        return f"{_role(uri)}:{local}"
    return tag


class _NotAnExport(Exception):
    """Raised by the target when the document is XML but not an RSS file."""


class _Target:
    """The parser's target: keeps only the item being read, hands each one over when it closes."""

    def __init__(self, line: Callable[[], int]) -> None:
        self._line = line
        self._path: list[str] = []
        self._text: list[str] = []
        self.channel: dict[str, Any] = {"authors": {}}
        self._author: dict[str, str] = {}
        self._item: dict[str, Any] | None = None
        self._comment: dict[str, str] | None = None
        self._meta: dict[str, str] = {}
        self._term: dict[str, str] = {}
        self.ready: list[Item] = []

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        name = _name(tag)
        if not self._path and name != "rss":
            raise _NotAnExport(
                f"this is not a WordPress export: it starts with <{name}>, not <rss>"
            )
        self._path.append(name)
        self._text = []
        depth = len(self._path)
        if depth == 3 and name == "item":
            self._item = {"line": self._line(), "fields": {}, "terms": [], "meta": {}}
            self._item["comments"] = []
        elif self._item is not None and depth == 4:
            if name == "category":
                self._term = dict(attrib)
            elif name == "wp:comment":
                self._comment = {}
            elif name == "wp:postmeta":
                self._meta = {}

    def data(self, text: str) -> None:
        self._text.append(text)

    def end(self, tag: str) -> None:
        name = self._path.pop()
        text = "".join(self._text)
        self._text = []
        depth = len(self._path) + 1
        item = self._item
        if item is None:
            self._channel_field(depth, name, text)
        elif depth == 3:
            self.ready.append(
                Item(
                    line=item["line"],
                    fields=item["fields"],
                    terms=tuple(item["terms"]),
                    meta=item["meta"],
                    comments=tuple(item["comments"]),
                )
            )
            self._item = None
        elif depth == 4:
            self._item_field(item, name, text)
        elif depth == 5 and self._comment is not None and self._path[-1] == "wp:comment":
            if name in _COMMENT_FIELDS:
                self._comment.setdefault(name, text)
        elif (
            depth == 5
            and self._path[-1] == "wp:postmeta"
            and name in ("wp:meta_key", "wp:meta_value")
        ):
            self._meta[name] = text

    def _item_field(self, item: dict[str, Any], name: str, text: str) -> None:
        if name == "category":
            term = self._term
            if term.get("domain"):  # WXR 1.0 also lists each category again without one
                item["terms"].append(Term(term["domain"], term.get("nicename", ""), text.strip()))
        elif name == "wp:comment" and self._comment is not None:
            c = self._comment
            item["comments"].append(
                Comment(
                    id=c.get("wp:comment_id", "").strip(),
                    parent=c.get("wp:comment_parent", "").strip(),
                    author=c.get("wp:comment_author", "").strip(),
                    author_url=c.get("wp:comment_author_url", "").strip(),
                    date=c.get("wp:comment_date", "").strip(),
                    date_gmt=c.get("wp:comment_date_gmt", "").strip(),
                    content=c.get("wp:comment_content", ""),
                    approved=c.get("wp:comment_approved", "").strip(),
                    type=c.get("wp:comment_type", "").strip(),
                )
            )
            self._comment = None
        elif name == "wp:postmeta":
            key = self._meta.get("wp:meta_key", "").strip()
            if key in _META_KEPT:
                item["meta"][key] = self._meta.get("wp:meta_value", "").strip()
        else:
            item["fields"].setdefault(name, text)

    def _channel_field(self, depth: int, name: str, text: str) -> None:
        if depth == 3 and name == "wp:author":
            login = self._author.get("wp:author_login", "")
            if login:
                display = self._author.get("wp:author_display_name") or login
                self.channel["authors"][login] = display
            self._author = {}
        elif depth == 4 and self._path[-1] == "wp:author":
            if name in ("wp:author_login", "wp:author_display_name"):
                self._author[name] = text.strip()
        elif depth == 3:
            key = {
                "title": "title",
                "link": "link",
                "wp:base_site_url": "base_site_url",
                "wp:base_blog_url": "base_blog_url",
                "wp:wxr_version": "version",
            }.get(name)
            if key is not None:
                self.channel.setdefault(key, text.strip())

    def close(self) -> None:
        pass


class Export:
    """One export file, read from the start each time it is iterated."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.channel = Channel()

    def items(self) -> Iterator[Item]:
        """Every item in file order; `channel` is filled in before the first one comes.

        Raises :class:`ExportError` where the file stops being a WordPress export.
        """
        parser: DefusedXMLParser
        target = _Target(lambda: parser.parser.CurrentLineNumber)
        parser = DefusedXMLParser(target=target, forbid_dtd=False)
        with self.path.open("rb") as file:
            while chunk := file.read(CHUNK):
                self._feed(parser, chunk)
                self.channel = _channel(target.channel)
                yield from self._drain(target)
            self._feed(parser, None)
        self.channel = _channel(target.channel)
        yield from self._drain(target)
        if not self.channel.version:
            raise ExportError(1, "this is not a WordPress export: it has no <wp:wxr_version>")

    @staticmethod
    def _drain(target: _Target) -> Iterator[Item]:
        while target.ready:
            yield target.ready.pop(0)

    @staticmethod
    def _feed(parser: DefusedXMLParser, chunk: bytes | None) -> None:
        try:
            if chunk is None:
                parser.close()
            else:
                parser.feed(chunk)
        except DefusedXmlException as exc:
            raise ExportError(parser.parser.CurrentLineNumber, _refusal(exc)) from None
        except _NotAnExport as exc:
            raise ExportError(parser.parser.CurrentLineNumber, str(exc)) from None
        except ParseError as exc:
            line, _column = exc.position
            raise ExportError(line, f"not well-formed XML: {_reason(exc)}") from None


def _refusal(exc: DefusedXmlException) -> str:
    name = getattr(exc, "name", None) or "?"
    system = getattr(exc, "sysid", None)
    if system:
        return (
            f"the export declares an external entity ({name} = {system}); plnpress never "
            "reads other files or addresses an export points to, so nothing was imported"
        )
    return (
        f"the export declares an entity ({name}); WordPress never writes one, and expanding "
        "entities is how a small file takes all memory, so nothing was imported"
    )


def _reason(exc: ParseError) -> str:
    text = str(exc)
    return text.split(":", 1)[0] if ": line" in text else text


def _channel(data: dict[str, Any]) -> Channel:
    return Channel(
        title=data.get("title", ""),
        link=data.get("link", ""),
        base_site_url=data.get("base_site_url", ""),
        base_blog_url=data.get("base_blog_url", ""),
        version=data.get("version", ""),
        authors=dict(data.get("authors", {})),
    )
