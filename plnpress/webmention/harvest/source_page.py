"""A fetched source page, parsed once: does it link to us, and what does it say around the link?

Webmention §3.2.2: the source must contain the target URL exactly. Here that means an ``<a href>``
or ``<img src>`` whose value, resolved against the page (and its ``<base>``), equals the target
with any fragment removed on both sides; for plain text, the target appearing in the text.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from urllib.parse import urljoin

from bs4 import BeautifulSoup
from bs4.element import NavigableString, Tag

from plnpress.fetch.result import FetchResult
from plnpress.mentions.sanitize import clean_text, clean_url, excerpt

_SKIPPED = frozenset({"script", "style", "template", "noscript", "head", "title", "textarea"})
_BLOCKS = frozenset(
    {"p", "div", "li", "br", "blockquote", "article", "section", "h1", "h2", "h3", "h4", "h5", "h6"}
    | {"td", "th", "tr", "pre", "figure", "figcaption", "header", "footer", "aside", "main"}
)
_START, _END = "\x02", "\x03"


@dataclass(frozen=True, slots=True, eq=False)
class SourcePage:
    """A fetched source: the document it served, ready for link checks and microformats."""

    url: str
    """The URL that served it, after redirects: relative links resolve against it."""
    soup: BeautifulSoup | None
    """The parsed HTML, or None for plain text."""
    text: str
    """The decoded body (for plain text sources)."""
    truncated: bool = False
    """The body went on beyond the size cap; only its start was read."""

    @property
    def base(self) -> str:
        """The base URL for relative links: the page's http(s) ``<base href>``, else its URL."""
        if self.soup is not None:
            base = self.soup.find("base", href=True)
            if isinstance(base, Tag):
                resolved = clean_url(str(base.get("href")), self.url)
                if resolved:
                    return resolved
        return self.url

    @property
    def title(self) -> str | None:
        if self.soup is None or self.soup.title is None:
            return None
        return clean_text(self.soup.title.get_text(" "), 200) or None

    @property
    def says_gone(self) -> bool:
        """``<meta http-equiv="Status" content="410 Gone">``: the static-host way to say 410."""
        if self.soup is None:
            return False
        for meta in self.soup.find_all("meta"):
            if str(meta.get("http-equiv", "")).strip().lower() == "status" and str(
                meta.get("content", "")
            ).strip().startswith("410"):
                return True
        return False

    def links_to(self, target: str) -> bool:
        """True if the page links to `target` (fragments ignored)."""
        if self.soup is None:
            return _bare(target) in self.text
        return self._first_link(target) is not None

    def excerpt(self, target: str) -> str:
        """ "[…] words around our link […]": how a plain mention is shown."""
        if self.soup is None:
            index = self.text.find(_bare(target))
            if index < 0:
                return clean_text(self.text, 220)
            flat = " ".join(self.text.split())
            index = flat.find(_bare(target))
            return excerpt(flat, index, index + len(_bare(target)))
        link = self._first_link(target)
        body = self.soup.body or self.soup
        text = _flatten(body, link)
        start, end = text.find(_START), text.find(_END)
        if start < 0 or end < 0:
            return clean_text(text.replace(_START, "").replace(_END, ""), 220)
        plain = text.replace(_START, "").replace(_END, "")
        return excerpt(plain, start, end - 1)

    def _first_link(self, target: str) -> Tag | None:
        assert self.soup is not None
        wanted = _bare(target)
        base = self.base
        for element in self.soup.find_all(["a", "img"]):
            value = element.get("href" if element.name == "a" else "src")
            if isinstance(value, str) and _bare(urljoin(base, value.strip())) == wanted:
                return element
        return None


def parse_page(result: FetchResult) -> SourcePage | None:
    """The page a fetch returned, or None when it is neither HTML nor plain text."""
    if result.is_html or (result.content_type is None and result.body.lstrip()[:1] == b"<"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # bs4 warns about odd markup; odd markup is expected
            soup = BeautifulSoup(result.text, "html5lib")
        return SourcePage(result.final_url, soup, "", result.truncated)
    if result.content_type == "text/plain":
        return SourcePage(result.final_url, None, result.text, result.truncated)
    return None


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
