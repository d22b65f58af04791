"""A fetched source page, read once: does it link to us, and what does it say around the link?

The reading (`read_page`) runs in a reader process (`plnpress.fetch.parsing`), within what is
left of the fetch's time budget; it hands back a `SourcePage` of plain facts.

Webmention §3.2.2: the source must contain the target URL exactly. Here that means an ``<a href>``
or ``<img src>`` whose value, resolved against the page (and its ``<base>``), equals the target
with any fragment removed on both sides; for plain text, the target appearing in the text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urljoin

from bs4 import BeautifulSoup
from bs4.element import NavigableString, Tag

from plnpress.fetch import parsing
from plnpress.fetch.html import soup_of
from plnpress.fetch.result import FetchResult
from plnpress.mentions.sanitize import clean_text, clean_url, excerpt
from plnpress.webmention.harvest.microformats import Mf2, parse_mf2

parsing.preload(__name__)

_SKIPPED = frozenset({"script", "style", "template", "noscript", "head", "title", "textarea"})
_BLOCKS = frozenset(
    {"p", "div", "li", "br", "blockquote", "article", "section", "h1", "h2", "h3", "h4", "h5", "h6"}
    | {"td", "th", "tr", "pre", "figure", "figcaption", "header", "footer", "aside", "main"}
)
_START, _END = "\x02", "\x03"


@dataclass(frozen=True, slots=True)
class SourcePage:
    """What a fetched source says, read in a worker (`plnpress.fetch.parsing`): whether it links
    to the targets asked about, the words around each link, its microformats. Plain data: the
    page's tree never leaves the worker."""

    url: str
    """The URL that served it, after redirects: relative links resolve against it."""
    is_html: bool
    """HTML (else plain text)."""
    base: str
    """The base URL for relative links: the page's http(s) ``<base href>``, else its URL."""
    linked: frozenset[str]
    """The targets asked about (fragments removed) that the page links to."""
    excerpts: Mapping[str, str] = field(default_factory=dict)
    """For each linked target: "[…] words around our link […]", how a plain mention is shown."""
    title: str | None = None
    says_gone: bool = False
    """``<meta http-equiv="Status" content="410 Gone">``: the static-host way to say 410."""
    mf2: Mf2 | None = None
    """mf2py's reading of the page, when it is HTML that links to a target."""
    truncated: bool = False
    """The body went on beyond the size cap; only its start was read."""

    def links_to(self, target: str) -> bool:
        """True if the page links to `target` (fragments ignored)."""
        return _bare(target) in self.linked

    def excerpt(self, target: str) -> str:
        return self.excerpts.get(_bare(target), "")


def is_page(result: FetchResult) -> bool:
    """Is the response something `read_page` reads (HTML, or plain text)?"""
    return _is_html(result) or result.content_type == "text/plain"


def read_page(result: FetchResult, targets: tuple[str, ...]) -> SourcePage:
    """Read a fetched source for `targets`. Runs in a reader: it parses the whole page."""
    wanted = tuple(dict.fromkeys(_bare(target) for target in targets))
    if not _is_html(result):
        text = result.text
        linked = frozenset(target for target in wanted if target in text)
        return SourcePage(
            url=result.final_url,
            is_html=False,
            base=result.final_url,
            linked=linked,
            excerpts={target: _text_excerpt(text, target) for target in linked},
            truncated=result.truncated,
        )
    soup = soup_of(result.text)
    base = _base(soup, result.final_url)
    links = {target: _first_link(soup, base, target) for target in wanted}
    linked = frozenset(target for target, link in links.items() if link is not None)
    return SourcePage(
        url=result.final_url,
        is_html=True,
        base=base,
        linked=linked,
        excerpts={target: _excerpt(soup, links[target]) for target in linked},
        title=_title(soup),
        says_gone=_says_gone(soup),
        mf2=parse_mf2(soup, result.final_url) if linked else None,
        truncated=result.truncated,
    )


def read_mf2(result: FetchResult) -> Mf2 | None:
    """The microformats of a fetched HTML page (an author's home page). Runs in a reader."""
    if not _is_html(result):
        return None
    return parse_mf2(soup_of(result.text), result.final_url)


def _is_html(result: FetchResult) -> bool:
    return result.is_html or (result.content_type is None and result.body.lstrip()[:1] == b"<")


def _base(soup: BeautifulSoup, url: str) -> str:
    base = soup.find("base", href=True)
    if isinstance(base, Tag):
        resolved = clean_url(str(base.get("href")), url)
        if resolved:
            return resolved
    return url


def _title(soup: BeautifulSoup) -> str | None:
    if soup.title is None:
        return None
    return clean_text(soup.title.get_text(" "), 200) or None


def _says_gone(soup: BeautifulSoup) -> bool:
    for meta in soup.find_all("meta"):
        if str(meta.get("http-equiv", "")).strip().lower() == "status" and str(
            meta.get("content", "")
        ).strip().startswith("410"):
            return True
    return False


def _first_link(soup: BeautifulSoup, base: str, wanted: str) -> Tag | None:
    for element in soup.find_all(["a", "img"]):
        value = element.get("href" if element.name == "a" else "src")
        if isinstance(value, str) and _bare(urljoin(base, value.strip())) == wanted:
            return element
    return None


def _excerpt(soup: BeautifulSoup, link: Tag | None) -> str:
    body = soup.body or soup
    text = _flatten(body, link)
    start, end = text.find(_START), text.find(_END)
    if start < 0 or end < 0:
        return clean_text(text.replace(_START, "").replace(_END, ""), 220)
    plain = text.replace(_START, "").replace(_END, "")
    return excerpt(plain, start, end - 1)


def _text_excerpt(text: str, target: str) -> str:
    flat = " ".join(text.split())
    index = flat.find(target)
    if index < 0:
        return clean_text(text, 220)
    return excerpt(flat, index, index + len(target))


def _flatten(root: Tag, link: Tag | None) -> str:
    """The visible text under `root`, whitespace collapsed, with markers around `link`'s text."""
    parts: list[str] = []

    def walk(node: Tag) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if type(child) is NavigableString:  # not comments, CDATA, doctypes
                    parts.append(str(child))
            elif isinstance(child, Tag) and child.name not in _SKIPPED:
                if child.name in _BLOCKS:
                    parts.append(" ")
                if child is link:
                    parts.append(_START)
                    walk(child)
                    parts.append(_END)
                else:
                    walk(child)

    walk(root)
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def _bare(url: str) -> str:
    return url.split("#", 1)[0]
