"""Links between the pages of the built site: does each one lead somewhere?

A link is the site's own when, resolved against its page's address (or the page's ``<base>``),
it lands under ``base_url``: ``../hello/``, ``/blog/hello/`` and
``https://example.org/blog/hello/`` all name the same page of a blog at
``https://example.org/blog/``. It leads somewhere when the built site has the file, or the
folder's ``index.html`` (as every static host serves it), or when a ``_redirects`` rule answers
the path (a deleted entry's ``410`` counts: the address says the entry is gone, on purpose).
A ``#fragment`` must name an id on the page it points to.

Everything else (other sites, the rest of the domain outside the base path, ``mailto:`` and
friends) is not checked: the check runs offline.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import SplitResult, unquote, urljoin, urlsplit

from bs4 import BeautifulSoup, Tag

from plnpress.check.markup import Finding, elements
from plnpress.render.hosting import RedirectRule, read_redirects

_URL_ATTRIBUTES = ("href", "src", "poster")
_WEB_SCHEMES = ("http", "https")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_NOT_ANSWERED = 404
"""A ``_redirects`` rule with this status (a catch-all ``/*  /404.html  404``) is no answer."""


@dataclass(frozen=True, slots=True)
class SiteAddress:
    """Where the site is published, to tell its own links from the rest of the web."""

    base_url: str
    """Ends in ``/``, e.g. ``https://example.org/blog/``."""

    @property
    def _base(self) -> SplitResult:
        return urlsplit(self.base_url)

    @property
    def base_path(self) -> str:
        return self._base.path or "/"

    def page_url(self, rel: str) -> str:
        """The public address of an output file: ``a/index.html`` is ``{base_url}a/``."""
        return self.base_url + rel.removesuffix("index.html")

    def own_path(self, url: str) -> str | None:
        """The path of absolute ``url`` if it is on this site (under the base path), else None."""
        parts = urlsplit(url)
        host = _host(parts)
        if parts.scheme not in _WEB_SCHEMES or host is None or host != _host(self._base):
            return None
        path = parts.path or "/"
        if path + "/" == self.base_path:  # /blog for a blog at /blog/: the host adds the slash
            path += "/"
        return path if path.startswith(self.base_path) else None


@dataclass(frozen=True, slots=True)
class Link:
    """A link from a page to the site's own address."""

    line: int | None
    written: str
    """As the page has it, for the message."""
    path: str
    """The root-relative path it resolves to, e.g. ``/blog/2025/03/hello/``."""
    fragment: str
    """What follows ``#``, percent-decoded; empty if nothing does."""


def own_links(soup: BeautifulSoup, page_url: str, site: SiteAddress) -> list[Link]:
    """Every link, image, script and stylesheet of the page that is on the site itself."""
    base = page_url
    base_tag = soup.find("base", href=True)
    if isinstance(base_tag, Tag):
        base = urljoin(page_url, str(base_tag["href"]).strip())
    found = []
    for element, written in _urls(soup):
        if _scheme(written) not in ("", *_WEB_SCHEMES) or written.startswith("#:~:"):
            continue  # mailto:, tel:, data: ...; a text fragment names no id
        try:
            absolute = urljoin(base, written)
            path = site.own_path(absolute)
        except ValueError:  # "http://[oops": not an address of this site, whatever it is
            continue
        if path is not None:
            fragment = unquote(urlsplit(absolute).fragment)
            found.append(Link(element.sourceline, str(written), path, fragment))
    return found


_MOST_REDIRECTS = 10


class LinkTargets:
    """What the built site answers: its files, the anchors of its pages, its ``_redirects``."""

    def __init__(
        self,
        output_dir: Path,
        label: str,
        site: SiteAddress,
        files: frozenset[str],
        page_anchors: Mapping[str, frozenset[str]],
    ) -> None:
        self._label = label
        self._site = site
        self._files = files
        self._anchors = page_anchors
        self._rules: tuple[RedirectRule, ...] = tuple(
            rule
            for rule in read_redirects(output_dir / "_redirects")
            if rule.status != _NOT_ANSWERED
        )

    def problems(self, page: str, links: Iterable[Link]) -> list[Finding]:
        """A finding for each of ``page``'s links that leads nowhere."""
        return [(link.line, message) for link, message in self.broken(page, links)]

    def broken(self, page: str, links: Iterable[Link]) -> list[tuple[Link, str]]:
        """Each of ``page``'s links that leads nowhere, with what to say about it."""
        found = []
        for link in links:
            why = self._why_broken(page, link)
            if why is not None:
                found.append((link, f"broken link: {link.written} ({why})"))
        return found

    def _why_broken(self, page: str, link: Link) -> str | None:
        for _ in range(_MOST_REDIRECTS):
            forced = next((r for r in self._rules if r.forced and r.matches(link.path)), None)
            if forced is None or not forced.redirects:
                break
            # The host sends the reader on before the file there is read (an old address):
            # the link is as good as where it leads, with its #fragment.
            target = self._site.own_path(forced.target) if "://" in forced.target else forced.target
            if target is None:
                return None  # on to another site, not checked
            link = replace(link, path=target)
        rel = unquote(link.path[len(self._site.base_path) :])
        file = self._file(rel)
        if file is None:
            if any(rule.matches(link.path) for rule in self._rules):
                return None  # answered by the host (a tombstone's 410, a redirect)
            if rel == "" or rel.endswith("/"):
                return f"{self._label}/{rel}index.html does not exist"
            return f"neither {self._label}/{rel} nor {self._label}/{rel}/index.html exists"
        if not link.fragment or file not in self._anchors:
            return None  # no fragment, or a file that is not a page (a PDF's #page=2)
        if link.fragment in self._anchors[file] or link.fragment.lower() == "top":
            return None  # "#top" is the top of any page, by the HTML standard
        where = "this page" if file == page else f"{self._label}/{file}"
        return f'{where} has no id "{link.fragment}"'

    def _file(self, rel: str) -> str | None:
        if rel == "" or rel.endswith("/"):
            candidates = [rel + "index.html"]
        else:
            candidates = [rel, rel + "/index.html"]  # hosts serve /a as /a/ when a/ is a folder
        return next((c for c in candidates if c in self._files), None)


def _urls(soup: BeautifulSoup) -> Iterator[tuple[Tag, str]]:
    for element in elements(soup):
        if element.name == "base":
            continue
        for attribute in _URL_ATTRIBUTES:
            value = element.get(attribute)
            if isinstance(value, str) and value.strip():
                yield element, value.strip()
        srcset = element.get("srcset")
        if isinstance(srcset, str):
            for candidate in srcset.split(","):  # "a.png 1x, b.png 2x"; no commas in our URLs
                if candidate.split():
                    yield element, candidate.split()[0]


def _scheme(url: str) -> str:
    scheme, colon, _rest = url.partition(":")
    if not colon or "/" in scheme or "?" in scheme or "#" in scheme:
        return ""
    return scheme.lower()


def _host(parts: SplitResult) -> tuple[str, int | None] | None:
    """Host and port, the default port as none: ``http://`` links to an ``https://`` site are
    still its own (and the page they name must exist)."""
    try:
        port = parts.port
    except ValueError:  # not a number: no host anyone can reach
        return None
    return (parts.hostname or "", None if port == _DEFAULT_PORTS.get(parts.scheme) else port)
