"""What plnpress makes of WordPress's own shortcodes: HTML that Markdown keeps.

``[caption]`` becomes a ``<figure>`` with its caption; ``[gallery]`` the gallery's images, each a
figure (WordPress's order: the ``ids`` given, or the post's attachments by menu order);
``[embed]``, ``[youtube]`` and ``[vimeo]`` a link to what they showed; ``[video]`` and
``[audio]`` the HTML5 elements; ``[code]`` and ``[sourcecode]`` (WordPress.com's highlighter) a
code block. Every other shortcode is left as it is written, for the writer to decide.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass, field
from posixpath import splitext
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Tag

from plnpress.importers.wordpress.shortcodes import Handler, Shortcode, expand

IMAGE_EXTENSIONS = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg", ".bmp"})
_VIDEO_KEYS = ("src", "mp4", "m4v", "webm", "ogv", "mov", "wmv", "flv")
_AUDIO_KEYS = ("src", "mp3", "m4a", "ogg", "oga", "wav", "wma", "flac")
_TYPES = {
    "mp4": "video/mp4",
    "m4v": "video/mp4",
    "webm": "video/webm",
    "ogv": "video/ogg",
    "mov": "video/quicktime",
    "mp3": "audio/mpeg",
    "m4a": "audio/mp4",
    "ogg": "audio/ogg",
    "oga": "audio/ogg",
    "wav": "audio/wav",
    "flac": "audio/flac",
}


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file uploaded to the old site (an ``attachment`` item of the export)."""

    id: str
    url: str
    title: str = ""
    caption: str = ""
    alt: str = ""
    parent: str = ""
    """The post it was uploaded to."""
    order: int = 0
    """``menu_order``: its place in the post's gallery."""

    @property
    def is_image(self) -> bool:
        return splitext(urlsplit(self.url).path)[1].lower() in IMAGE_EXTENSIONS


@dataclass(slots=True)
class Attachments:
    """Every attachment of the export, by id."""

    by_id: dict[str, Attachment] = field(default_factory=dict)

    def add(self, attachment: Attachment) -> None:
        self.by_id[attachment.id] = attachment

    def of_post(self, post_id: str) -> list[Attachment]:
        """The post's own uploads, in gallery order (menu order, then upload order)."""
        found = [a for a in self.by_id.values() if a.parent == post_id]
        return sorted(found, key=lambda a: (a.order, _number(a.id)))

    @property
    def urls(self) -> set[str]:
        return {a.url for a in self.by_id.values()}


def handlers(post_id: str, attachments: Attachments) -> dict[str, Handler]:
    """The shortcode handlers for one post (a ``[gallery]`` shows that post's uploads)."""
    table: dict[str, Handler] = {
        "gallery": lambda code: _gallery(code, post_id, attachments),
        "embed": _embed,
        "youtube": _embed,
        "vimeo": _embed,
        "video": lambda code: _media(code, "video", _VIDEO_KEYS),
        "audio": lambda code: _media(code, "audio", _AUDIO_KEYS),
        "code": _code,
        "sourcecode": _code,
    }

    def caption(code: Shortcode) -> str:
        inner, _ = expand(code.content or "", table)
        return _caption(code, inner)

    table["caption"] = table["wp_caption"] = caption
    return table


def _block(markup: str) -> str:
    """HTML that stands as its own block, whatever the text around it."""
    return f"\n\n{markup}\n\n"


def _figure(image: str, caption: str) -> str:
    words = f"<figcaption>{caption}</figcaption>" if caption.strip() else ""
    return _block(f"<figure>{image}{words}</figure>")


def _caption(code: Shortcode, content: str) -> str:
    soup = BeautifulSoup(content, "html.parser")
    image = soup.find("img")
    if not isinstance(image, Tag):
        return content
    shown: Tag = image
    if isinstance(image.parent, Tag) and image.parent.name == "a":
        shown = image.parent
    shown.extract()
    caption = code.attributes.get("caption") or soup.decode().strip()
    return _figure(str(shown), caption)


def _gallery(code: Shortcode, post_id: str, attachments: Attachments) -> str:
    attributes = code.attributes
    listed = _ids(attributes.get("ids") or attributes.get("include") or "")
    if listed:
        chosen = [attachments.by_id[i] for i in listed if i in attachments.by_id]
    else:
        chosen = attachments.of_post(attributes.get("id") or post_id)
    excluded = set(_ids(attributes.get("exclude") or ""))
    if attributes.get("order", "").upper() == "DESC":
        chosen.reverse()
    figures = []
    for attachment in chosen:
        if attachment.id in excluded or not attachment.is_image:
            continue
        image = f'<img src="{html.escape(attachment.url)}" alt="{html.escape(_alt(attachment))}">'
        figures.append(_figure(image, html.escape(attachment.caption)))
    return "".join(figures)


def _alt(attachment: Attachment) -> str:
    return attachment.alt or attachment.title


def _embed(code: Shortcode) -> str:
    url = (code.content or code.attributes.get("0") or code.attributes.get("url") or "").strip()
    if not url.startswith(("http://", "https://")):
        return code.text
    escaped = html.escape(url)
    return _block(f'<p><a href="{escaped}">{escaped}</a></p>')


def _media(code: Shortcode, element: str, keys: Iterable[str]) -> str:
    attributes = code.attributes
    sources = []
    for key in keys:
        url = attributes.get(key, "").strip()
        if url and url not in sources:
            sources.append(url)
    positional = attributes.get("0", "").strip()
    if positional.startswith(("http://", "https://")) and positional not in sources:
        sources.append(positional)
    if not sources and (code.content or "").strip().startswith(("http://", "https://")):
        sources.append((code.content or "").strip())
    if not sources:
        return code.text
    extra = []
    for key in ("poster", "width", "height", "preload"):
        if attributes.get(key):
            extra.append(f' {key}="{html.escape(attributes[key])}"')
    if attributes.get("loop") in ("on", "1", "true"):
        extra.append(" loop")
    inner = "".join(f'<source src="{html.escape(url)}"{_type(url)}>' for url in sources)
    return _block(f"<{element}{''.join(extra)}>{inner}</{element}>")


def _type(url: str) -> str:
    kind = _TYPES.get(splitext(urlsplit(url).path)[1].lower().lstrip("."))
    return f' type="{kind}"' if kind else ""


def _code(code: Shortcode) -> str:
    language = code.attributes.get("language") or code.attributes.get("lang") or ""
    text = html.unescape((code.content or "").strip("\n"))
    css = f' class="language-{html.escape(language.lower())}"' if language else ""
    return _block(f"<pre><code{css}>{html.escape(text, quote=False)}</code></pre>")


def _ids(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip().isdigit()]


def _number(text: str) -> int:
    return int(text) if text.isdigit() else 0
