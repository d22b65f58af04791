"""What a page an entry answers says about itself: its h-entry read for the reply context.

``plnpress new reply URL`` (and ``like``, ``repost``) fetches the page once, through the guarded
client, and keeps what its h-entry says (name or excerpt, author, date) in the new file's front
matter, so the build never fetches it. Everything is cleaned as any other page from elsewhere is
(:mod:`plnpress.mentions.sanitize`). A page without an h-entry gives its title, if it has one.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urldefrag

from plnpress.config import Config
from plnpress.fetch import parsing
from plnpress.fetch.html import soup_of
from plnpress.mentions.sanitize import clean_text, clean_url, plain_text, shorten
from plnpress.mf2 import Mf2, all_entries, entry_facts, parse_mf2, real_name
from plnpress.model import Cited
from plnpress.scaffold.title import fetch_and_read, title_from_html

SUMMARY_LENGTH = 280
"""Characters of excerpt kept: about what a reader takes in at a glance."""
NAME_LENGTH = 200

parsing.preload(__name__)


@dataclass(frozen=True, slots=True)
class ContextLookup:
    """What fetching one answered page gave."""

    url: str
    cited: Cited | None
    """None if the page could not be read (offline, say)."""
    problem: str = ""
    """Why there is no context."""


def look_up(config: Config, url: str) -> ContextLookup:
    """The context of `url`, read from the page now; never raises for network trouble."""
    cited, reason = fetch_and_read(config, url, _context_of_page, url)
    return ContextLookup(url, cited, reason)


def _context_of_page(document: str, page_url: str, url: str) -> Cited:
    """What the page (`document`, fetched for `url`, found at `page_url`) says of itself; run in
    a reader process, as every page from elsewhere is read."""
    parsed = parse_mf2(soup_of(document), page_url)
    entry = _main_entry(parsed, page_url)
    if entry is None:
        return Cited(url, name=_clean_name(title_from_html(document)))
    return cited_from_entry(parsed, page_url, entry, url)


def cited_from_entry(parsed: Mf2, page_url: str, entry: Mf2, url: str) -> Cited:
    """What `entry` (an h-entry of the page parsed as `parsed`) says, cleaned, as a context
    of `url`."""
    facts = entry_facts(parsed, page_url, entry)
    markup, text = facts.content_html, facts.content_text
    body = plain_text(markup) if markup else clean_text(text or "", 100_000)
    summary = clean_text(facts.summary or "", 100_000) or body
    author_url = facts.author.get("url")
    return Cited(
        url=url,
        name=real_name(_clean_name(facts.name), body),
        summary=shorten(summary, SUMMARY_LENGTH) or None,
        author=_clean_name(facts.author.get("name")),
        author_url=clean_url(author_url, page_url) if isinstance(author_url, str) else None,
        published=facts.published,
    )


def _main_entry(parsed: Mf2, page_url: str) -> Mf2 | None:
    """The page's own h-entry: the one whose url is the page, else the first one."""
    entries = list(all_entries(parsed.get("items", [])))
    wanted = urldefrag(page_url).url
    for entry in entries:
        urls = entry.get("properties", {}).get("url", [])
        if any(isinstance(u, str) and urldefrag(u).url == wanted for u in urls):
            return entry
    return entries[0] if entries else None


def _clean_name(name: object) -> str | None:
    return clean_text(name, NAME_LENGTH) or None
