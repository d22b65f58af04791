"""Pictures on a rendered page: every ``<img>`` of the site's own pictures gets its size and its
smaller copies, and all but the first picture of the page wait until the reader scrolls near.

This runs over each page's finished HTML (Markdown bodies, cover pictures, the theme's own
pictures alike), so that no template has to know about copies. For a picture the build made
copies of (:mod:`plnpress.incremental.pictures`), the ``<img>`` gets ``width`` and ``height``
(the browser keeps the room while the picture loads: nothing jumps), ``srcset`` and ``sizes`` in
the picture's own format, and is wrapped in a ``<picture>`` whose ``<source>`` offers the WebP
copies. The first picture in ``<main>`` loads at once (it is usually in view), every later one
``loading="lazy"``. Pictures the theme gave a size of its own (avatars, the author's photo) and
pictures before ``<main>`` (the header's) load as the theme says.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping
from typing import NamedTuple
from urllib.parse import unquote, urljoin, urlsplit

SIZES = "(min-width: 46rem) 42rem, 100vw"
"""How wide a picture in the text column is shown: the column's width on a wide screen, the
screen's on a phone (the default theme's ``--measure``)."""


class Picture(NamedTuple):
    """A picture of the site as published: its size and its copies, smallest first."""

    width: int
    height: int
    own: tuple[tuple[str, int], ...]
    """Files in the picture's own format with their widths (the original among them when it
    is not wider than the largest copy); empty for a picture published as it is (GIF, SVG)."""
    webp: tuple[tuple[str, int], ...]
    """Its WebP copies with their widths (empty for a WebP picture: ``own`` are WebP)."""


def site_file(src: str, page_path: str, base_path: str) -> str | None:
    """The output file a picture address on the page at ``page_path`` points to, if it is on
    the site (``/blog/img/a.jpg`` under base path ``/blog/`` -> ``img/a.jpg``); None for an
    address elsewhere (``https://...``, ``data:``)."""
    if not src or src.startswith(("//", "data:")) or ":" in src.split("/", 1)[0]:
        return None
    path = urlsplit(urljoin(page_path, src)).path
    if not path.startswith(base_path):
        return None
    return unquote(path[len(base_path) :]) or None


_TAG = re.compile(r"<(/?)(img|picture|main)\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.IGNORECASE)
_IMG = re.compile(r"<img\b", re.IGNORECASE)
"""What :data:`_TAG` needs to find before anything on a page changes."""
_ATTRIBUTE = re.compile(
    r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""", re.IGNORECASE
)


def with_pictures(
    page: str, page_path: str, base_path: str, pictures: Mapping[str, Picture]
) -> tuple[str, frozenset[str]]:
    """``page`` with its pictures rewritten (see the module docstring), and the output files of
    the site's own pictures it points to (whether the build published them or not: a page
    depends on each)."""
    if _IMG.search(page) is None:  # most pages: nothing to rewrite, nothing used
        return page, frozenset()
    used: set[str] = set()
    parts: list[str] = []
    done = 0
    in_main = page.lower().find("<main") < 0  # a page without <main>: all of it counts
    in_picture = 0
    first = True
    for tag in _TAG.finditer(page):
        closing, name = tag.group(1), tag.group(2).lower()
        if name == "main":
            in_main = in_main or not closing
            continue
        if name == "picture":
            in_picture += -1 if closing else 1
            continue
        attributes = dict(_attributes(tag.group(3)))
        rel = site_file(html.unescape(attributes.get("src") or ""), page_path, base_path)
        picture = None
        if rel is not None:
            used.add(rel)
            picture = pictures.get(rel)
        if in_main and not (attributes.get("width") and attributes.get("height")):
            if first:
                attributes.pop("loading", None)
            else:
                attributes["loading"] = "lazy"
            first = False
        parts += [page[done : tag.start()], _picture_tag(attributes, picture, in_picture > 0)]
        done = tag.end()
    if not parts:
        return page, frozenset(used)
    parts.append(page[done:])
    return "".join(parts), frozenset(used)


def _attributes(text: str) -> Iterator[tuple[str, str | None]]:
    for match in _ATTRIBUTE.finditer(text.rstrip("/")):
        name, double, single, bare = match.groups()
        value = double if double is not None else single if single is not None else bare
        yield name.lower(), value


def _picture_tag(
    attributes: dict[str, str | None], picture: Picture | None, inside_picture: bool
) -> str:
    """The ``<img>`` (inside a ``<picture>`` offering WebP when there are WebP copies)."""
    if picture is None:
        return _img(attributes)
    writers_own = "srcset" in attributes  # the writer chose the copies: leave them
    sizes = SIZES
    if attributes.get("width") and attributes.get("height"):
        sizes = f"{attributes['width']}px"  # the theme shows it at a size of its own
    else:
        attributes["width"], attributes["height"] = str(picture.width), str(picture.height)
    if writers_own:
        return _img(attributes)
    if len(picture.own) > 1:
        attributes["srcset"] = _srcset(picture.own, attributes.get("src") or "")
        attributes["sizes"] = sizes
    if not picture.webp or inside_picture:
        return _img(attributes)
    source = _srcset(picture.webp, attributes.get("src") or "")
    return (
        f'<picture><source type="image/webp" srcset="{source}" sizes="{sizes}">'
        f"{_img(attributes)}</picture>"
    )


def _srcset(copies: tuple[tuple[str, int], ...], src: str) -> str:
    """``srcset`` for ``copies``, each address written as ``src`` is (same folder, so only the
    file name differs)."""
    folder = src.rsplit("/", 1)[0] + "/" if "/" in src else ""
    return ", ".join(f"{folder}{_escape(rel.rsplit('/', 1)[-1])} {w}w" for rel, w in copies)


def _escape(text: str) -> str:
    return html.escape(text, quote=True).replace(" ", "%20").replace(",", "%2C")


def _img(attributes: dict[str, str | None]) -> str:
    parts = ["<img"]
    for name, value in attributes.items():
        if value is None:
            parts.append(f" {name}")
        else:
            parts.append(f' {name}="{value.replace(chr(34), "&quot;")}"')
    return "".join(parts) + ">"
