"""The blog's network, as its own traffic shows it: who responded, and which sites it links to.

Both halves are counted from the model alone (the approved responses on each entry and the links
in each entry), so the ``/network/`` page and ``/network.json`` are as offline and reproducible as
the rest of the build.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from urllib.parse import urlsplit

from plnpress.model.entry import Entry, EntryKind
from plnpress.model.response import Response, ResponseKind


def linked_urls(entry: Entry) -> tuple[str, ...]:
    """Every http(s) URL `entry` points at: links in its body, then the pages it replies to,
    bookmarks, likes and reposts, each once, in that order."""
    return tuple(dict.fromkeys(url for url in _every_url(entry) if web_domain(url) is not None))


def _every_url(entry: Entry) -> list[str]:
    return [
        *entry.links,
        *entry.in_reply_to,
        *((entry.bookmark_of,) if entry.bookmark_of else ()),
        *entry.like_of,
        *entry.repost_of,
    ]


def site_domain(url: str) -> str:
    """The host of `url`, lowercased, without ``www.``: what makes two links one site."""
    found = _PLAIN_WEB_URL.match(url)
    if found is not None:
        return found[1].lower().removeprefix("www.")
    return (urlsplit(url).hostname or "").lower().removeprefix("www.")


def web_domain(url: str) -> str | None:
    """:func:`site_domain` of `url` if it is an http(s) URL with a host part, else None."""
    found = _PLAIN_WEB_URL.match(url)
    if found is not None:
        return found[1].lower().removeprefix("www.")
    parts = urlsplit(url)
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return (parts.hostname or "").lower().removeprefix("www.")
    return None


_PLAIN_WEB_URL = re.compile(r"[Hh][Tt][Tt][Pp][Ss]?://([A-Za-z0-9.-]+)(?::[0-9]*)?(?:[/?#]|\Z)")
"""The common http(s) URL whose host ``urlsplit`` would give as it is here (a plain name, maybe
a port; the characters after the host do not change it). Every other URL goes through
``urlsplit``: a blog's network walks every link of every entry, most of them different, and
splitting each twice cost 1.5 s of CPU in a 10,000-post build, in its single-process part."""


@dataclass(frozen=True, slots=True)
class Person:
    """Someone who responded to the blog, as their latest response's h-card names them."""

    name: str
    url: str | None
    """Their home page, if their h-card gave one."""
    image: str
    """Site path of their picture: the downloaded avatar or a generated placeholder."""
    responses: int
    """How many of their responses the blog shows, over every entry."""
    kinds: Mapping[ResponseKind, int]
    """How many of each kind (replies, likes, ...), most common first."""
    latest: Response
    """Their newest response."""
    latest_entry: Entry
    """The entry their newest response answers."""

    @property
    def latest_date(self) -> datetime:
        return self.latest.published or self.latest.received


@dataclass(frozen=True, slots=True)
class LinkedSite:
    """A site the blog's entries link to, bookmark, reply to, like or repost."""

    domain: str
    entries: int
    """How many entries link to a page of the site (an entry with three links counts once)."""
    bookmarks: int
    """How many of those entries are link-bookmarks of a page there."""
    latest: Entry
    """The newest entry that links there."""
    latest_url: str
    """The page of the site that the newest entry links to (its first such link)."""


@dataclass(frozen=True, slots=True)
class Network:
    """Who the blog is in touch with: people most active first, sites most linked first."""

    people: tuple[Person, ...] = ()
    sites: tuple[LinkedSite, ...] = ()
    kinds: Mapping[ResponseKind, int] = field(default_factory=dict)
    """Responses over the whole blog, by kind."""

    def __bool__(self) -> bool:
        return bool(self.people or self.sites)


def network_of(entries: Iterable[Entry], site_url: str) -> Network:
    """The network of `entries` (newest first, as ``Site.entries``); links to pages under
    `site_url`'s host are the blog's own and are left out."""
    listed = tuple(entries)
    last = _last_network
    # A build asks three times for the same site's network (the page, the navigation and
    # network.json); on a big blog each count walks a quarter of a million links.
    if last is not None and last[0] is listed and last[1] == site_url:
        return last[2]
    own = site_domain(site_url)
    every = [(r, e) for e in listed for r in e.responses.every]
    network = Network(
        people=_people(every),
        sites=_sites(listed, own),
        kinds=_kinds(r for r, _ in every),
    )
    _remember_network(listed, site_url, network)
    return network


def has_network(entries: Iterable[Entry], site_url: str) -> bool:
    """Whether :func:`network_of` would find anyone or any site, stopping at the first."""
    own = site_domain(site_url)
    for entry in entries:
        if entry.responses.every:
            return True
        for url in _every_url(entry):
            domain = web_domain(url)
            if domain and domain != own:
                return True
    return False


_last_network: tuple[tuple[Entry, ...], str, Network] | None = None


def _remember_network(entries: tuple[Entry, ...], site_url: str, network: Network) -> None:
    global _last_network
    _last_network = (entries, site_url, network)


def _people(responses: list[tuple[Response, Entry]]) -> tuple[Person, ...]:
    by_person: dict[str, list[tuple[Response, Entry]]] = defaultdict(list)
    for response, entry in responses:
        by_person[person_key(response)].append((response, entry))
    people = []
    for found in by_person.values():
        latest, entry = max(found, key=lambda pair: (pair[0].sort_key, pair[1].url))
        people.append(
            Person(
                name=latest.author.name,
                url=latest.author.url,
                image=latest.author.image,
                responses=len(found),
                kinds=_kinds(response for response, _ in found),
                latest=latest,
                latest_entry=entry,
            )
        )
    people.sort(key=lambda p: (p.name.casefold(), p.url or ""))
    people.sort(key=lambda p: (p.responses, p.latest_date), reverse=True)
    return tuple(people)


def person_key(response: Response) -> str:
    """Who wrote `response`: their home page (scheme, ``www.`` and final slash aside), or, for
    an author without one, their name on the response's site."""
    url = response.author.url
    if url:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower().removeprefix("www.")
        return f"{host}{parts.path.rstrip('/')}"
    return f"{response.author.name.casefold()} at {response.domain}"


def _kinds(responses: Iterable[Response]) -> Mapping[ResponseKind, int]:
    counted = Counter(response.kind for response in responses)
    order = sorted(counted, key=lambda kind: (-counted[kind], list(ResponseKind).index(kind)))
    return MappingProxyType({kind: counted[kind] for kind in order})


def _sites(entries: tuple[Entry, ...], own: str) -> tuple[LinkedSite, ...]:
    linking: dict[str, list[tuple[Entry, str]]] = defaultdict(list)
    domains: dict[str, str | None] = {}  # a blog links the same pages again and again
    for entry in entries:
        first: dict[str, str] = {}
        for url in _every_url(entry):  # as linked_urls(entry), whose repeats change nothing here
            domain = domains[url] if url in domains else domains.setdefault(url, web_domain(url))
            if domain and domain != own:
                first.setdefault(domain, url)
        for domain, url in first.items():
            linking[domain].append((entry, url))
    sites = []
    for domain, found in linking.items():
        latest, url = max(found, key=lambda pair: (pair[0].published, pair[0].source))
        bookmarks = sum(
            1
            for entry, _ in found
            if entry.kind is EntryKind.LINK and site_domain(entry.bookmark_of or "") == domain
        )
        sites.append(LinkedSite(domain, len(found), bookmarks, latest, url))
    sites.sort(key=lambda s: s.domain)
    sites.sort(key=lambda s: (s.entries, s.latest.published), reverse=True)
    return tuple(sites)
