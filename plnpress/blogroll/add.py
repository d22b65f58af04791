"""``plnpress blogroll add URL``: visit a site and put its owner on the blogroll.

One GET of the site through the guarded client. Its representative h-card gives the name, photo
and note (else the page's ``og:site_name`` or ``<title>``, else the domain); the feed is the one
the site advertises (:func:`plnpress.blogroll.feedfinder.feed_in`). The photo is downloaded once
into ``content/static/blogroll/`` (never hotlinked). The person is appended to
``content/blogroll.yaml`` as the people before them are written; nothing else in the file changes.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup, Tag

from plnpress.blogroll.feedfinder import FEED_ACCEPT, feed_in
from plnpress.blogroll.people import append_people, blogroll_people, listed_at
from plnpress.config import Config
from plnpress.errors import PlnpressError
from plnpress.fetch import parsing
from plnpress.fetch.client import GuardedClient
from plnpress.fetch.errors import FetchError
from plnpress.fetch.html import soup_of
from plnpress.fetch.parsing import read_fetched
from plnpress.fetch.policy import policy_for
from plnpress.fetch.result import FetchResult
from plnpress.mentions.avatars import store_avatar
from plnpress.mentions.sanitize import clean_text, clean_url
from plnpress.mf2 import parse_mf2, representative_card
from plnpress.model.blogroll import BlogrollPerson
from plnpress.model.network import site_domain

parsing.preload(__name__)

PHOTOS = Path("content/static/blogroll")
"""Where the photos of the people added are kept (published at ``/blogroll/``)."""
NOTE_LENGTH = 200


@dataclass(frozen=True, slots=True)
class Added:
    """What ``blogroll add`` found and wrote."""

    person: BlogrollPerson
    from_card: bool
    """The name came from the site's representative h-card (not its title or domain)."""
    written: bool


def add_person(config: Config, url: str, *, dry_run: bool = False) -> Added:
    """Visit `url` and append its owner to the blogroll; raise `PlnpressError` if the site is
    already on it or cannot be read (nothing is written then)."""
    people = blogroll_people(config)
    line = listed_at(people, url)
    if line is not None:
        raise PlnpressError(f"{line}: {url} is already on the blogroll")
    person, from_card = asyncio.run(_visit(config, url, dry_run))
    written = False if dry_run else append_people(config, [person])
    return Added(person, from_card, written)


async def _visit(config: Config, url: str, dry_run: bool) -> tuple[BlogrollPerson, bool]:
    async with GuardedClient(policy_for(config)) as client:
        try:
            response = await client.get(url, accept=FEED_ACCEPT)
        except FetchError as exc:
            raise PlnpressError(f"could not read {url}: {exc}; nothing was added") from None
        if not response.ok:
            raise PlnpressError(f"{response.final_url} answered {response.status}; nothing added")
        try:
            person, photo_url, from_card = await read_fetched(
                client.policy, response, read_site, url, response
            )
        except FetchError as exc:
            raise PlnpressError(f"could not read {url}: {exc}; nothing was added") from None
        if photo_url and not dry_run:
            stored = await store_avatar(client, photo_url, config.root / PHOTOS)
            if stored is not None:
                person = _with_photo(person, f"/{PHOTOS.name}/{stored}")
    return person, from_card


def read_site(url: str, response: FetchResult) -> tuple[BlogrollPerson, str | None, bool]:
    """The person a fetched site shows (its h-card, or its title), the photo to download, and
    whether the name came from an h-card."""
    feed = feed_in(response)
    if not response.is_html:
        name = site_domain(url)
        return BlogrollPerson(name=name, url=url, feed=feed), None, False
    page = response.final_url
    soup = soup_of(response.text)
    card = representative_card(parse_mf2(soup, page), page)
    name = clean_text(card.name if card else None, 100) or _site_title(soup) or site_domain(url)
    note = clean_text(card.note if card else None, NOTE_LENGTH) or None
    photo = clean_url(card.photo, page) if card and card.photo else None
    person = BlogrollPerson(name=name, url=url, feed=feed, note=note)
    return person, photo, bool(card and card.name)


def _site_title(soup: BeautifulSoup) -> str:
    """``og:site_name``, else ``<title>``: what a home page calls its site."""
    meta = soup.find("meta", attrs={"property": "og:site_name"})
    if isinstance(meta, Tag) and isinstance(meta.get("content"), str):
        named = clean_text(str(meta["content"]), 100)
        if named:
            return named
    return clean_text(soup.title.get_text(" ") if soup.title else "", 100)


def _with_photo(person: BlogrollPerson, photo: str) -> BlogrollPerson:
    return BlogrollPerson(
        name=person.name, url=person.url, feed=person.feed, photo=photo, note=person.note
    )
