"""Which URLs accept Webmentions: the published pages of the site, from its sitemap.

The build writes ``sitemap.xml`` with every public page (drafts, future entries, the 404 page and
the tombstones of deleted entries left out). The receiver reads it from one of two places:

- a built ``site/`` folder (``--site``): read again whenever the file changes, so a
  ``git pull && plnpress build`` on the server is all it takes; the ``_redirects`` file's
  ``410`` rules are honoured too, in case a sitemap of the writer's own lists a deleted page;
- the published site (``https://example.org/sitemap.xml``), fetched through the guarded client
  at start and every few minutes after; a failed fetch keeps the list it had.

A target matches a page when they are equal after the fragment is dropped, the scheme and host
are lowercased, a default port is dropped and non-ASCII characters are percent-encoded the way the
sitemap writes them. Nothing else is forgiven: ``http`` for an ``https`` site, ``www.`` or a
missing final slash name another page (the source must link to the exact URL anyway).

An old address of an entry (``aliases:``) is taken for the entry it leads to: the built site's
``_redirects`` says where it leads, or, without the site, the published site's own ``301``.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from plnpress.fetch.client import GuardedClient
from plnpress.fetch.errors import FetchError
from plnpress.fetch.parsing import read_fetched
from plnpress.receiver.settings import ReceiverSettings
from plnpress.render.hosting import RedirectRule, read_redirects

log = logging.getLogger("plnpress.receiver")

_PATH_SAFE = "/:@!$&'()*+,;=-._~%"
"""What the sitemap leaves unencoded in a path (`plnpress.render.sitemap.page_url`)."""
_DEFAULT_PORTS = {"http": 80, "https": 443}
_NOT_PUBLISHED = " is not a published page of this site"
_FOLLOWED_KEPT = 1_000
"""Answers of the published site about old addresses kept in memory, at most."""


def normal_url(url: str) -> str:
    """`url` as pages are compared (see the module docstring)."""
    parts = urlsplit(url.split("#", 1)[0])
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    port = parts.port
    netloc = host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    path = quote(parts.path or "/", safe=_PATH_SAFE)
    path = re.sub(r"%[0-9a-f]{2}", lambda m: m.group(0).upper(), path)
    return urlunsplit((scheme, netloc, path, parts.query, ""))


@dataclass(frozen=True, slots=True)
class PageList:
    """The pages known at one moment."""

    pages: frozenset[str]
    """Normalised page URLs."""
    gone: frozenset[str] = frozenset()
    """Normalised URLs the host answers 410 for."""
    moved: Mapping[str, str] = field(default_factory=dict)
    """Old addresses (``aliases:``, 301 rules of ``_redirects``) -> the page they lead to."""


class SitePages:
    """The site's pages as the receiver knows them now; `refusal` checks one target."""

    def __init__(self, settings: ReceiverSettings) -> None:
        self.settings = settings
        self.home = normal_url(settings.base_url)
        self._base_path = urlsplit(self.home).path
        self._origin = normal_url(settings.origin + "/").removesuffix("/")
        self._known: PageList | None = None
        self._stamp: tuple[object, ...] | None = None
        self._followed: dict[str, str | None] = {}
        """What the published site answered for old addresses (forgotten with a new list)."""

    @property
    def known(self) -> PageList | None:
        """The current list (re-read first when it comes from a file that changed); None while
        there is none."""
        if self.settings.site_dir is not None:
            self._read_files(self.settings.site_dir)
        return self._known

    async def page_for(self, target: str) -> tuple[str | None, str | None]:
        """The published page `target` names, and None; or None and why it names none.

        An old address (an alias) names the page it redirects to: from the built site's
        ``_redirects`` when the receiver has the site, else by asking the published site, one
        request that does not follow the redirect, whether it answers 301 (or 308) with a
        published page. Raises `PagesUnknown` while there is no list of pages yet."""
        reason = self.refusal(target)
        if reason is None:
            return normal_url(target), None
        known = self.known
        if known is None or not reason.endswith(_NOT_PUBLISHED):
            return None, reason
        page = normal_url(target)
        moved = known.moved.get(page)
        if moved is None and self.settings.site_dir is None:
            moved = await self._redirect_of(target)
        if moved is not None and moved in known.pages:
            return moved, None
        return None, reason

    async def _redirect_of(self, target: str) -> str | None:
        page = normal_url(target)
        if page in self._followed:
            return self._followed[page]
        if len(self._followed) >= _FOLLOWED_KEPT:
            self._followed.clear()
        found = None
        try:
            async with GuardedClient(self.settings.fetch) as client:
                result = await client.fetch(page, method="HEAD", follow_redirects=False)
            location = result.header("location")
            if result.status in (301, 308) and location:
                found = normal_url(urljoin(page, location.strip()))
        except (FetchError, ValueError):
            found = None
        self._followed[page] = found
        return found

    def refusal(self, target: str) -> str | None:
        """Why `target` is not itself a page that accepts Webmentions here, or None if it is
        (`page_for` also takes old addresses).

        Raises `PagesUnknown` while there is no list of pages yet (the receiver's problem, not
        the sender's)."""
        page = normal_url(target)
        if not page.startswith(self._origin + "/") or not urlsplit(page).path.startswith(
            self._base_path
        ):
            return f"target {target} is not on this site ({self.settings.base_url})"
        if page == self.home:
            return (
                f"target {target} is the home page; send Webmentions for a post to its own address"
            )
        known = self.known
        if known is None:
            raise PagesUnknown(f"the list of pages ({self.settings.pages_source}) is not read yet")
        if page in known.gone:
            return f"target {target} was deleted (it answers 410 Gone)"
        if page not in known.pages:
            return f"target {target}{_NOT_PUBLISHED}"
        return None

    async def fetch(self, client: GuardedClient) -> bool:
        """Fetch the published sitemap once; keep the old list on failure. True if read."""
        url = self.settings.public_sitemap
        try:
            result = await client.get(url, accept="application/xml, text/xml;q=0.9, */*;q=0.1")
        except FetchError as exc:
            log.warning("could not fetch the sitemap: %s", exc)
            return False
        if not result.ok or result.truncated:
            why = "is too large" if result.ok else f"answered {result.status}"
            log.warning("could not read the sitemap: %s %s", url, why)
            return False
        try:
            pages = await read_fetched(client.policy, result, parse_sitemap, result.body)
        except FetchError as exc:
            log.warning("could not read the sitemap: %s", exc)
            return False
        if pages is None:
            log.warning("could not read the sitemap: %s is not a sitemap", url)
            return False
        self._known = PageList(pages)
        self._followed = {}
        return True

    def _read_files(self, site: Path) -> None:
        sitemap, redirects = site / "sitemap.xml", site / "_redirects"
        stamp = tuple(_stat(path) for path in (sitemap, redirects))
        if stamp == self._stamp:
            return
        self._stamp = stamp
        try:
            data = sitemap.read_bytes()
        except OSError as exc:
            log.warning("could not read %s: %s", sitemap, exc.strerror)
            return
        pages = parse_sitemap(data)
        if pages is None:
            log.warning("%s is not a sitemap; keeping the pages known before", sitemap)
            return
        rules = read_redirects(redirects)
        origin = self.settings.origin
        self._known = PageList(pages, gone_pages(rules, origin), moved_pages(rules, origin, pages))


class PagesUnknown(Exception):
    """The receiver has no list of pages yet."""


def parse_sitemap(data: bytes) -> frozenset[str] | None:
    """The normalised ``<loc>`` URLs of a sitemap, or None if `data` is not one.

    Read as a stream, each ``<url>`` dropped once read, so a 50 MB sitemap costs its URLs, not
    a tree of it (a fetched one is read in a reader process, `plnpress.fetch.parsing`)."""
    pages = set()
    try:
        events = ET.iterparse(io.BytesIO(data), events=("start", "end"))
        _, root = next(events)
        if root.tag.rsplit("}", 1)[-1] != "urlset":
            return None
        for event, element in events:
            if event != "end":
                continue
            name = element.tag.rsplit("}", 1)[-1]
            if name == "loc" and element.text and element.text.strip():
                with contextlib.suppress(ValueError):  # a bad port: not a page anyone links to
                    pages.add(normal_url(element.text.strip()))
            elif name == "url":
                root.clear()
    except (ET.ParseError, StopIteration):
        return None
    return frozenset(pages)


def gone_pages(rules: Sequence[RedirectRule], origin: str) -> frozenset[str]:
    """Pages a ``_redirects`` file answers 410 for (``/2025/01/old/  /x.html  410!``)."""
    return frozenset(normal_url(origin + rule.source) for rule in rules if rule.status == 410)


def moved_pages(
    rules: Sequence[RedirectRule], origin: str, pages: frozenset[str]
) -> dict[str, str]:
    """Old addresses a ``_redirects`` file sends on to a published page with a 301 or 308 (the
    rules the build writes for ``aliases:``), with and without their final slash."""
    moved: dict[str, str] = {}
    for rule in rules:
        if rule.status not in (301, 308) or rule.source.endswith("*"):
            continue
        page = normal_url(urljoin(origin + rule.source, rule.target))
        if page in pages:
            old = normal_url(origin + rule.source)
            for spelling in (old, old.rstrip("/"), old.rstrip("/") + "/"):
                moved.setdefault(spelling, page)
    return moved


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size)
