"""Problems the writer made in a content file, reported at that file and line.

A broken link or an image without a description found on a built page is the writer's when the
page's own Markdown file holds it: the message then names that file and line, where the fix is
made. Raw HTML left open in a Markdown file spoils the page around it, so it is found in the file
itself (its ``<div>`` that is never closed), and the built page's parse errors it causes are not
repeated. Pictures too big for a reader on a phone are named at the file in ``content/static/``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from plnpress.check.markup import Finding
from plnpress.content.markdown import pictures_without_alt, raw_html
from plnpress.images import is_copy_name

BIG_IMAGE = 500 * 1024
"""Bytes from which a picture is worth making smaller."""
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".bmp", ".tif"})

_VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }
)
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)\b[^>]*?(/?)>")


@dataclass
class SourceFile:
    """One content file, read once, and what was found in it."""

    rel: str
    lines: list[str]
    body_start: int
    """The number of the first line after the front matter."""
    unclosed: list[Finding] = field(default_factory=list)
    """Raw HTML elements opened and never closed (or closed without being open)."""
    undescribed: list[Finding] = field(default_factory=list)
    """Pictures without alt text: the line, and what to say."""

    @classmethod
    def read(cls, root: Path, rel: str) -> SourceFile | None:
        try:
            text = (root / rel).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        lines = text.replace("\r\n", "\n").split("\n")
        start = 1
        if lines and lines[0].rstrip() == "---":
            closing = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), 0)
            start = closing + 2
        body = "\n".join(lines[start - 1 :])
        found = cls(rel, lines, start)
        found.unclosed = list(_unbalanced(raw_html(body), start))
        found.undescribed = [
            (start + line - 1, _no_alt(picture)) for line, picture in pictures_without_alt(body)
        ]
        return found

    def line_of(self, *needles: str) -> int | None:
        """The first body line holding one of ``needles`` (as written, or HTML-escaped)."""
        wanted = [n for n in needles if n] + [n.replace("&", "&amp;") for n in needles if "&" in n]
        for number in range(self.body_start, len(self.lines) + 1):
            if any(needle in self.lines[number - 1] for needle in wanted):
                return number
        return None


def _unbalanced(pieces: list[tuple[int, str]], first_line: int) -> Iterator[Finding]:
    """Elements the raw HTML opens and never closes, and end tags with nothing to close."""
    stack: list[tuple[str, int]] = []
    for line, html in pieces:
        for closing, name, self_closing in _TAG.findall(html):
            name = name.lower()
            if name in _VOID or self_closing:
                continue
            where = first_line + line - 1
            if not closing:
                stack.append((name, where))
            elif any(open_name == name for open_name, _ in stack):
                while stack:
                    open_name, opened = stack.pop()
                    if open_name == name:
                        break
                    yield opened, _never_closed(open_name)
            else:
                yield where, f"HTML: </{name}> has no <{name}> to close in this file"
    for name, opened in reversed(stack):
        yield opened, _never_closed(name)


def _no_alt(picture: str) -> str:
    return (
        f"the picture {picture} has no alt text: describe what it shows for readers who cannot "
        f"see it, as in ![A sketch of my network]({picture})"
    )


def _never_closed(name: str) -> str:
    return f"HTML: <{name}> is never closed (add </{name}> where it should end)"


class Sources:
    """The content files behind the built pages, read when first needed."""

    def __init__(self, root: Path, by_page: Mapping[str, str]) -> None:
        self._root = root
        self._by_page = by_page
        self._read: dict[str, SourceFile | None] = {}

    def of(self, page: str) -> SourceFile | None:
        rel = self._by_page.get(page)
        if rel is None or not rel.endswith(".md"):
            return None
        if rel not in self._read:
            self._read[rel] = SourceFile.read(self._root, rel)
        return self._read[rel]


HEIF_SUFFIXES = frozenset({".heic", ".heif"})
_HEIF_WARNING = (
    "a HEIC photo is published as it is, with the place it was taken and the camera in it, and "
    "most browsers cannot show it; save it as JPEG instead (on an iPhone: Settings > Camera > "
    "Formats > Most Compatible)"
)


def heif_photos(files: frozenset[str], root: Path) -> Iterator[tuple[str, str]]:
    """(where, message) for each HEIC or HEIF file of the site: plnpress cannot read one, so it
    is copied with its metadata (the GPS position of a phone photo) instead of made fit."""
    for rel in sorted(files):
        if Path(rel).suffix.lower() in HEIF_SUFFIXES:
            own = f"content/static/{rel}"
            yield (own if (root / own).is_file() else rel), _HEIF_WARNING


def big_images(output_dir: Path, files: frozenset[str], root: Path) -> Iterator[tuple[str, str]]:
    """(where, message) for each picture of the site over :data:`BIG_IMAGE` that readers get
    as it is: at its file in ``content/static/`` when it is the writer's. A picture the build
    made smaller copies of (a JPEG, PNG, WebP or AVIF) is fine however big: pages offer the
    copies."""
    resized = {rel.rsplit("-", 1)[0] for rel in files if is_copy_name(rel)}
    for rel in sorted(files):
        if Path(rel).suffix.lower() not in IMAGE_SUFFIXES or is_copy_name(rel):
            continue
        if str(Path(rel).with_suffix("")) in resized:
            continue
        size = (output_dir / rel).stat().st_size
        if size <= BIG_IMAGE:
            continue
        own = f"content/static/{rel}"
        where = own if (root / own).is_file() else rel
        yield (
            where,
            (
                f"the picture is {size / 1024:.0f} KB and published as it is (GIF and SVG are "
                "not made smaller), slow to load on a phone; make it smaller than "
                f"{BIG_IMAGE // 1024} KB (e.g. 1600 pixels wide, saved as JPEG or WebP)"
            ),
        )
