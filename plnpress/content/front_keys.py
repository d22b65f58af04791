"""Front matter keys plnpress does not know: what other generators mean by them, and the warning.

A writer coming from Jekyll, Hugo, Pelican, Eleventy or WordPress brings their habits (and their
files). A key plnpress does not read is kept for templates (``entry.extra``) and warned about once
per blog, saying what plnpress calls the same thing when it has it. The table is written out by
hand, not guessed by spelling: ``description`` and ``summary`` look nothing alike.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

FOREIGN_KEYS: dict[str, str] = {
    "description": "summary",
    "excerpt": "summary",
    "abstract": "summary",
    "subtitle": "summary",
    "redirect_from": "aliases",
    "alias": "aliases",
    "url": "aliases (its old address) or slug",
    "permalink": "slug (posts) or aliases for the old address; pages have permalink",
    "lastmod": "updated",
    "modified": "updated",
    "last_modified_at": "updated",
    "updated_at": "updated",
    "date_modified": "updated",
    "pubdate": "date",
    "publishdate": "date",
    "publishDate": "date",
    "date_published": "date",
    "categories": "tags (or one category)",
    "keywords": "tags",
    "tag": "tags",
    "cover": "image",
    "featured_image": "image",
    "feature_image": "image",
    "thumbnail": "image",
    "bigimg": "image",
    "og_image": "image",
    "image_url": "image",
    "caption": "image_alt",
    "alt": "image_alt",
    "layout": "template (only to use another template than the theme's)",
    "type": "the folder: content/posts/, content/links/ or content/pages/",
    "weight": "menu (pages)",
    "in-reply-to": "in_reply_to",
    "reply": "in_reply_to",
    "reply_to": "in_reply_to",
    "replyto": "in_reply_to",
    "inReplyTo": "in_reply_to",
    "like-of": "like_of",
    "like": "like_of",
    "repost-of": "repost_of",
    "repost": "repost_of",
    "bookmark-of": "bookmark_of",
    "bookmark": "bookmark_of",
    "link": "bookmark_of (in content/links/)",
    "external_url": "bookmark_of (in content/links/)",
    "syndicate-to": "syndicate_to",
    "mp-syndicate-to": "syndicate_to",
    "bridgy": "syndicate_to",
    "comments": "nothing: responses come as Webmentions (webmentions: false turns them off)",
    "disableComments": "webmentions: false",
    "hidden": "draft",
    "private": "draft",
    "expirydate": "deleted",
    "expiryDate": "deleted",
}
"""Keys of other generators (as they spell them) -> what plnpress calls the same thing."""

VISIBILITY_KEYS = ("draft", "published", "status")
"""A near miss of one of these is an error: the writer meant to hide the entry."""


def unknown_key_message(key: str, known: Iterable[str], kind: str) -> tuple[str, bool]:
    """The message about ``key`` in the front matter of a ``kind`` (``entry``/``page``), and
    whether it is an error (a near miss of a key that hides the entry)."""
    known = list(known)
    if key in FOREIGN_KEYS:
        return f"{key}: not a plnpress field; plnpress calls it {FOREIGN_KEYS[key]}", False
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.7)
    if close and close[0] in VISIBILITY_KEYS:
        return (
            f"{key}: unknown field; did you mean {close[0]!r}? (it decides whether the "
            f"{kind} is published, so it must be spelt right)",
            True,
        )
    if close:
        return f"{key}: unknown field; did you mean {close[0]!r}?", False
    return (
        f"{key}: unknown field, kept for templates as {kind}.extra.{key}; put it under "
        "'extra:' if your theme reads it",
        False,
    )
