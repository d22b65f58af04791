"""A WordPress post's HTML, once prepared (:mod:`.body`), as clean Markdown, by markdownify.

markdownify does the conversion; this subclass only says what plnpress's Markdown wants where
the defaults differ: ``#`` headings, ``-`` bullets, fenced code with the language WordPress's
highlighters named, a backslash for a line break (trailing spaces vanish in editors), images
without their ``title`` (plnpress would make a captioned figure of any image with one), a
figure as an image with its caption as the title (which plnpress renders as ``<figure>`` with a
``<figcaption>``), definition lists as paragraphs (plnpress's Markdown has none), and audio and
video kept as HTML elements, which Markdown has no syntax for.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from bs4 import BeautifulSoup
from bs4.element import Tag
from markdownify import MarkdownConverter

_LANGUAGE = re.compile(r"(?:^|\s)(?:language|lang)-([\w+#-]+)|brush:\s*([\w+#-]+)")
_MEDIA_ATTRIBUTES = ("src", "poster", "width", "height", "preload", "loop")


_MARKDOWNIFY_LINK: Callable[..., str] = vars(MarkdownConverter)["convert_a"]
"""markdownify's own link conversion (its type stubs do not list the ``convert_*`` methods)."""


def to_markdown(soup: BeautifulSoup) -> str:
    """The body as Markdown, ending without blank lines."""
    converter = _Converter(
        heading_style="ATX",
        bullets="-",
        newline_style="BACKSLASH",
        escape_misc=True,
        sub_symbol="<sub>",
        sup_symbol="<sup>",
        code_language_callback=_language,
        strip=["script", "style", "noscript", "form", "input", "button", "select", "textarea"],
    )
    text = converter.convert_soup(soup)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


def _language(pre: Tag) -> str:
    for tag in (pre, pre.find("code")):
        if isinstance(tag, Tag):
            classes = " ".join(_classes(tag))
            match = _LANGUAGE.search(classes)
            if match:
                return (match[1] or match[2]).lower()
            language = tag.get("lang")
            if isinstance(language, str):
                return language.lower()
    return ""


def _classes(tag: Tag) -> list[str]:
    value = tag.get("class")
    return value if isinstance(value, list) else [value] if isinstance(value, str) else []


class _Converter(MarkdownConverter):
    def convert_img(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        if "_inline" in parent_tags:
            return str(el.get("alt") or "")
        return f"![{_alt(el)}]({_destination(el.get('src'))})"

    def convert_figure(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        image = el.find("img")
        caption = el.find("figcaption")
        if not isinstance(image, Tag) or el.find("figure") is not None:
            return text  # an embed's figure, or a gallery of figures: as they come
        words = " ".join(caption.get_text(" ").split()) if isinstance(caption, Tag) else ""
        title = f' "{_title(words)}"' if words else ""
        return f"\n\n![{_alt(image)}]({_destination(image.get('src'))}{title})\n\n"

    def convert_figcaption(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return f"\n\n{text.strip()}\n\n" if text.strip() else ""

    def convert_dt(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return f"\n\n**{text.strip()}**\n\n" if text.strip() else ""

    def convert_dd(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return f"\n\n{text.strip()}\n\n" if text.strip() else ""

    def convert_video(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return _media_element(el)

    def convert_audio(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return _media_element(el)

    def convert_a(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        href = el.get("href")
        if isinstance(href, str) and " " in href:
            el["href"] = href = href.replace(" ", "%20")
        if (
            href
            and el.get_text() == href
            and not el.get("title")
            and "_noformat" not in parent_tags
        ):
            return f"<{href}>"  # an address shown as itself: an autolink, nothing escaped
        return _MARKDOWNIFY_LINK(self, el, text, parent_tags)


def _alt(image: Tag) -> str:
    alt = " ".join(str(image.get("alt") or "").split())
    return alt.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def _title(words: str) -> str:
    return words.replace("\\", "\\\\").replace('"', '\\"')


def _destination(src: object) -> str:
    url = str(src or "").strip().replace(" ", "%20")
    return f"<{url}>" if "(" in url or ")" in url else url


def _media_element(el: Tag) -> str:
    """``<audio>`` or ``<video>`` as an HTML block: the element, its sources, and a link for
    a reader whose browser plays neither."""
    name = el.name
    attributes = [f"{name} controls"]
    for key in _MEDIA_ATTRIBUTES:
        value = el.get(key)
        if isinstance(value, str) and value:
            attributes.append(f'{key}="{html.escape(value)}"')
        elif value is not None and key == "loop":
            attributes.append("loop")
    sources = [s for s in el.find_all("source") if isinstance(s, Tag) and s.get("src")]
    lines = [f"<{' '.join(attributes)}>"]
    for source in sources:
        kind = source.get("type")
        typed = f' type="{html.escape(str(kind))}"' if kind else ""
        lines.append(f'<source src="{html.escape(str(source["src"]))}"{typed}>')
    first = el.get("src") or (sources[0]["src"] if sources else "")
    if first:
        url = html.escape(str(first))
        lines.append(f'<a href="{url}">{url}</a>')
    lines.append(f"</{name}>")
    return "\n\n" + "\n".join(lines) + "\n\n"
