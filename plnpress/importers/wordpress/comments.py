"""A post's WordPress comments as responses in ``content/mentions/``.

Approved comments become replies, threaded as WordPress showed them: each answers the comment
its ``comment_parent`` names, and WordPress's order (oldest first) is their dates' order.
Pingbacks and trackbacks (and the Webmention plugin's webmentions) become mentions of the entry.
Spam, comments in the trash and comments still waiting for approval are not imported; they are
counted. Nothing of a commenter but their name and home page is read: never their e-mail or IP
address. Their words go through the sanitiser every harvested response goes through.

A comment's ``source`` is its old permalink (``https://old.example/2012/post/#comment-12``):
unique, stable from one import to the next, and the id it keeps on the new page.
"""

from __future__ import annotations

import html
from collections import Counter
from datetime import UTC, datetime, tzinfo

from bs4 import BeautifulSoup

from plnpress.importers.wordpress.autop import add_paragraphs
from plnpress.importers.wordpress.export import Comment
from plnpress.mentions.sanitize import clean_html, clean_text, clean_url, plain_text
from plnpress.model.response import (
    IMPORTED_COMMENT,
    Author,
    Response,
    ResponseKind,
    source_domain,
)

_REPLIES = frozenset({"", "comment"})
_MENTIONS = frozenset({"pingback", "trackback", "webmention"})
_NOT_APPROVED = {"spam": "spam", "trash": "in the trash", "post-trashed": "in the trash"}
_WORDPRESS_TIME = "%Y-%m-%d %H:%M:%S"


def responses_of(
    comments: tuple[Comment, ...],
    target: str,
    permalink: str,
    timezone: tzinfo,
    counts: Counter[str],
) -> list[Response]:
    """The responses to ``target`` (the entry's new URL) from the comments of a post whose old
    address was ``permalink``; what is left out is counted in ``counts``."""
    found = []
    for comment in comments:
        if comment.approved != "1":
            counts[_NOT_APPROVED.get(comment.approved, "waiting for approval")] += 1
            continue
        kind = comment.type.lower()
        if kind in _REPLIES:
            found.append(_reply(comment, target, permalink, timezone))
            counts["comments"] += 1
        elif kind in _MENTIONS:
            found.append(_mention(comment, target, permalink, timezone))
            counts["pingbacks"] += 1
        else:
            counts[f"of type {kind}"] += 1
    return found


def comment_url(permalink: str, comment_id: str) -> str:
    return f"{permalink}#comment-{comment_id}"


def _reply(comment: Comment, target: str, permalink: str, timezone: tzinfo) -> Response:
    when = _date(comment, timezone)
    source = comment_url(permalink, comment.id)
    parent = comment.parent if comment.parent not in ("", "0") else None
    return Response(
        source=source,
        target=target,
        kind=ResponseKind.REPLY,
        author=Author(
            name=clean_text(html.unescape(comment.author), 100) or "Anonymous",
            url=clean_url(comment.author_url),
        ),
        received=when,
        published=when,
        content_html=clean_html(_paragraphs(comment.content), permalink),
        in_reply_to=(comment_url(permalink, parent),) if parent else (),
        via=IMPORTED_COMMENT,
    )


def _mention(comment: Comment, target: str, permalink: str, timezone: tzinfo) -> Response:
    when = _date(comment, timezone)
    source = clean_url(comment.author_url) or comment_url(permalink, comment.id)
    title = clean_text(html.unescape(comment.author), 200)
    return Response(
        source=source,
        target=target,
        kind=ResponseKind.MENTION,
        author=Author(name=source_domain(source) or title or "?"),
        received=when,
        published=when,
        name=title or None,
        excerpt=clean_text(plain_text(comment.content), 400),
        via=IMPORTED_COMMENT,
    )


def _paragraphs(content: str) -> str:
    """A comment's text with the paragraphs WordPress gave it when it showed it."""
    soup = BeautifulSoup(content.strip(), "html.parser")
    add_paragraphs(soup)
    return str(soup)


def _date(comment: Comment, timezone: tzinfo) -> datetime:
    for value, zone in ((comment.date_gmt, UTC), (comment.date, timezone)):
        try:
            return datetime.strptime(value, _WORDPRESS_TIME).replace(tzinfo=zone)
        except ValueError:
            continue
    return datetime(1970, 1, 1, tzinfo=UTC)
