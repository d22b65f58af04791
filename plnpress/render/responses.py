"""The pictures the responses (and the reading page) show: downloaded avatars and placeholders.

Only pictures that are shown are published, each once, from the site itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from plnpress.content.reading import AVATARS, reading_dir
from plnpress.mentions.placeholder import placeholder_svg
from plnpress.mentions.store import AVATARS_DIR, MENTIONS_DIR
from plnpress.model import Entry, Page, Site
from plnpress.model.response import Author
from plnpress.output.files import OutputFile


def avatar_files(site: Site) -> Iterator[OutputFile]:
    """One file per picture that a shown response or a shown reading entry uses, under
    ``avatars/`` (a photo both use is the same file: its name comes from its address)."""
    done: set[str] = set()
    folder = site.config.root / MENTIONS_DIR / AVATARS_DIR
    answered: tuple[Entry | Page, ...] = (*site.entries, *site.pages)
    for shown in answered:
        for response in shown.responses.every:
            yield from _picture(response.author, folder, done)
    if site.reading is not None:
        read_avatars = reading_dir(site.config) / AVATARS
        for item in site.reading.entries:
            if item.person_photo is None:
                yield from _picture(item.author, read_avatars, done)


def _picture(author: Author, folder: Path, done: set[str]) -> Iterator[OutputFile]:
    path = author.image.lstrip("/")
    if path in done:
        return
    done.add(path)
    if author.avatar:  # the loaders leave only avatars whose file exists
        yield OutputFile(path, copy_from=folder / author.avatar)
    else:
        yield OutputFile(path, placeholder_svg(author))
