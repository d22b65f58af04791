"""What each item of the export becomes: an entry or page (and in what state), or nothing.

Posts and pages are imported; attachments, menu items, reusable blocks and other post types are
not entries (an attachment's file is fetched where a post shows it). A post gets the blog's own
address pattern and keeps its old address as an alias; a page keeps its old address (with its
parents': ``/about/team/``) as its ``permalink``, as the other importers do. Status: ``publish`` is
published; ``draft``, ``pending``, ``private`` and a password-protected post become
``draft: true`` (nothing marked not public is ever published); ``future`` is a scheduled post,
dated when WordPress would have published it (plnpress builds it from that day on). Posts in the
trash and automatic drafts are not imported.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, tzinfo
from email.utils import parsedate_to_datetime
from enum import StrEnum
from posixpath import splitext
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

from bs4 import BeautifulSoup

from plnpress.importers.entry import ImportedKind
from plnpress.importers.wordpress.export import Channel, Item
from plnpress.model.permalinks import PermalinkError, output_path
from plnpress.model.slugs import slug_problem, slugify
from plnpress.render.reserved import is_reserved

KINDS = {"post": ImportedKind.POST, "page": ImportedKind.PAGE}
_HIDDEN = frozenset({"draft", "pending", "private"})
_NO_DATE = "0000-00-00 00:00:00"
_WORDPRESS_TIME = "%Y-%m-%d %H:%M:%S"


class State(StrEnum):
    """How an imported entry stands on the new blog."""

    PUBLISHED = "published"
    DRAFT = "draft"
    SCHEDULED = "scheduled"


def state_of(item: Item) -> State | str:
    """The state the item is imported in, or why it is not imported (for a post or page)."""
    status = item.status
    protected = bool(item.get("wp:post_password"))
    if status in _HIDDEN or (protected and status in ("publish", "future")):
        return State.DRAFT
    if status == "publish":
        return State.PUBLISHED
    if status == "future":
        return State.SCHEDULED
    if status == "trash":
        return "it is in WordPress's trash"
    return f"its status is {status or 'missing'!r}, which is not a post's"


def title_of(item: Item) -> str:
    """The title as plain text (WordPress allows markup and entities in titles)."""
    return plain_text(item.get("title"))


def plain_text(markup: str) -> str:
    """HTML (or text with entities) as one line of plain text."""
    if "<" in markup:
        markup = BeautifulSoup(markup, "html.parser").get_text(" ")
    return " ".join(html.unescape(markup).split())


def slug_of(item: Item, title: str) -> str:
    """WordPress's slug (percent-decoded), or one made from the title, or the post's id."""
    slug = unquote(item.get("wp:post_name"))
    if slug and not slug_problem(slug):
        return slug
    return slugify(slug) or slugify(title) or f"{item.post_type or 'post'}-{item.id}"


def date_of(item: Item, timezone: tzinfo) -> datetime | None:
    """When it was (or will be) published, in the blog's timezone: WordPress's GMT date, else
    its local date read in the blog's timezone (a draft has no GMT date), else the RSS date."""
    gmt = item.get("wp:post_date_gmt")
    local = item.get("wp:post_date")
    try:
        if gmt and gmt != _NO_DATE:
            when = datetime.strptime(gmt, _WORDPRESS_TIME).replace(tzinfo=UTC)
        elif local and local != _NO_DATE:
            when = datetime.strptime(local, _WORDPRESS_TIME).replace(tzinfo=timezone)
        elif item.get("pubDate"):
            when = parsedate_to_datetime(item.get("pubDate"))
        else:
            return None
    except (ValueError, TypeError):
        return None
    return when.astimezone(timezone)


def old_urls(item: Item, channel: Channel) -> tuple[str, ...]:
    """Every address the item had: its permalink, and ``/?p=ID`` (``/?page_id=ID`` for a
    page), which WordPress answers for any post whatever its permalink."""
    urls = []
    link = absolute_link(item, channel)
    if link:
        urls.append(link)
    key = "page_id" if item.post_type == "page" else "p"
    if item.id.isdigit():
        urls.append(f"/?{key}={item.id}")
    return tuple({link_key(url): url for url in reversed(urls)}.values())[::-1]


def absolute_link(item: Item, channel: Channel) -> str:
    """The item's ``<link>`` as an absolute URL, repeated slashes in its path made one."""
    link = item.get("link")
    if not link:
        return ""
    base = channel.base_blog_url or channel.link
    parts = urlsplit(urljoin(base.rstrip("/") + "/", link))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    path = re.sub(r"/{2,}", "/", parts.path) or "/"
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))


def page_permalink(item: Item, channel: Channel) -> str | None:
    """A page's old path, to keep as its address; None when it has none plnpress can use (a
    ``/?page_id=2`` address, the home page, one the build makes its own page at)."""
    parts = urlsplit(absolute_link(item, channel))
    path = unquote(parts.path)
    if parts.query or path in ("", "/") or any(ch.isspace() for ch in path):
        return None
    if not path.endswith("/") and not splitext(path)[1]:
        path += "/"
    try:
        output_path(path)
    except PermalinkError:
        return None
    return None if is_reserved(path) else path


def terms_of(item: Item, categories_as_tags: bool) -> tuple[str | None, list[str]]:
    """The entry's category and tags: WordPress's first category (other than Uncategorized)
    is its category, the others and every tag its tags; or all of them tags."""
    categories = [
        t.name for t in item.terms if t.domain == "category" and t.nicename != "uncategorized"
    ]
    tags = [t.name for t in item.terms if t.domain in ("post_tag", "tag")]
    categories = [plain_text(name) for name in categories if plain_text(name)]
    tags = [plain_text(name) for name in tags if plain_text(name)]
    if categories_as_tags or not categories:
        return None, list(dict.fromkeys(categories + tags))
    return categories[0], list(dict.fromkeys(categories[1:] + tags))


def link_key(url: str) -> str:
    """An old address as links to it are compared: its path (one slash between parts, a final
    one on a folder) and its query, whatever the host."""
    parts = urlsplit(url.strip())
    segments = [s for s in parts.path.split("/") if s]
    path = "/" + "/".join(segments)
    if segments and not splitext(segments[-1])[1]:
        path += "/"
    return f"{path}?{parts.query}" if parts.query else path
