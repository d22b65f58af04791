"""A post's body as WordPress stored it, made ready for Markdown: what WordPress does to it when
it shows it, then what plnpress needs.

In order: the block editor's comments and ``<!--more-->`` go; shortcodes become HTML
(:mod:`.media_shortcodes`); the classic editor's text gets its paragraphs (:mod:`.autop`); a
URL alone on its line (WordPress embedded those) and an ``<iframe>`` become links; scripts go.
The media it points to are listed (:func:`media_urls`) so they can be downloaded before
:func:`finish` rewrites their addresses and :mod:`.markdown` writes the Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from bs4 import BeautifulSoup
from bs4.element import Comment, NavigableString, Tag

from plnpress.importers.wordpress.autop import add_paragraphs
from plnpress.importers.wordpress.markdown import to_markdown
from plnpress.importers.wordpress.media_shortcodes import Attachments, handlers
from plnpress.importers.wordpress.shortcodes import Shortcode, expand

_BARE_URL = re.compile(r"^([ \t]*)(https?://[^\s<>\"]+)([ \t]*)$", re.MULTILINE)
_NOT_IN = frozenset({"a", "pre", "code", "script", "style", "textarea"})
_URL_ATTRIBUTES = {
    "img": ("src",),
    "a": ("href",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "source": ("src",),
}
_RAW_HTML = frozenset({"video", "audio", "source"})
"""Elements written into the Markdown as HTML: their addresses are not rebased by the build."""

Rewrite = Callable[[str, bool], str]
"""An address in the body -> the address to write; the flag says it goes into raw HTML."""


@dataclass(frozen=True, slots=True)
class Prepared:
    """A body ready to be written as Markdown once its media are settled."""

    soup: BeautifulSoup
    unknown: tuple[Shortcode, ...]
    """Shortcodes left as text: nothing here knows them."""


def prepare(content: str, post_id: str, attachments: Attachments) -> Prepared:
    """WordPress's own steps on ``content`` (see the module docstring)."""
    blocks = "<!-- wp:" in content
    expanded, unknown = expand(content, handlers(post_id, attachments))
    soup = BeautifulSoup(expanded, "html.parser")
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for tag in soup.find_all(["script", "style", "noscript"]):
        tag.decompose()
    if not blocks:
        add_paragraphs(soup)
    _link_bare_urls(soup)
    _link_frames(soup)
    return Prepared(soup, tuple(unknown))


def media_urls(prepared: Prepared) -> Iterator[str]:
    """Every address an image, link or media element of the body points to."""
    for tag, attribute in _url_attributes(prepared.soup):
        value = tag.get(attribute)
        if isinstance(value, str) and value.strip():
            yield value.strip()


def finish(prepared: Prepared, rewrite: Rewrite) -> str:
    """The Markdown of the body, each address passed through ``rewrite`` first."""
    for tag, attribute in _url_attributes(prepared.soup):
        value = tag.get(attribute)
        if isinstance(value, str) and value.strip():
            tag[attribute] = rewrite(value.strip(), tag.name in _RAW_HTML)
        if tag.name == "img":
            for dropped in ("srcset", "sizes"):  # sizes of the old site's files
                tag.attrs.pop(dropped, None)
    return to_markdown(prepared.soup)


def _url_attributes(soup: BeautifulSoup) -> Iterator[tuple[Tag, str]]:
    for tag in soup.find_all(list(_URL_ATTRIBUTES)):
        if isinstance(tag, Tag):
            for attribute in _URL_ATTRIBUTES[tag.name]:
                yield tag, attribute


def _link_bare_urls(soup: BeautifulSoup) -> None:
    """A URL alone on its line was an embed (a video, a tweet): it becomes a link to it."""
    for text in list(soup.find_all(string=True)):
        if not isinstance(text, NavigableString) or isinstance(text, Comment):
            continue
        if not _BARE_URL.search(text):
            continue
        if any(parent.name in _NOT_IN for parent in text.parents if isinstance(parent, Tag)):
            continue
        pieces: list[NavigableString | Tag] = []
        position = 0
        value = str(text)
        for match in _BARE_URL.finditer(value):
            pieces.append(NavigableString(value[position : match.start(2)]))
            link = soup.new_tag("a", href=match[2])
            link.string = match[2]
            pieces.append(link)
            position = match.end(2)
        pieces.append(NavigableString(value[position:]))
        text.replace_with(*[p for p in pieces if not (isinstance(p, str) and p == "")])


def _link_frames(soup: BeautifulSoup) -> None:
    """An ``<iframe>`` (an embedded player or map) becomes a link to what it showed; a plugin
    ``<object>`` or ``<embed>`` is dropped."""
    for frame in soup.find_all("iframe"):
        src = frame.get("src") if isinstance(frame, Tag) else None
        if isinstance(src, str) and src.startswith(("http://", "https://", "//")):
            url = "https:" + src if src.startswith("//") else src
            paragraph = soup.new_tag("p")
            link = soup.new_tag("a", href=url)
            link.string = str(frame.get("title") or url)
            paragraph.append(link)
            frame.replace_with(paragraph)
        else:
            frame.decompose()
    for plugin in soup.find_all(["object", "embed"]):
        plugin.decompose()
