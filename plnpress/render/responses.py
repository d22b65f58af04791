"""The pictures the responses on a site show: downloaded avatars and generated placeholders.

Only pictures of responses that are shown are published, each once, from the site itself.
"""

from __future__ import annotations

from collections.abc import Iterator

from plnpress.mentions.placeholder import placeholder_svg
from plnpress.mentions.store import AVATARS_DIR, MENTIONS_DIR
from plnpress.model import Site
from plnpress.output.files import OutputFile


def avatar_files(site: Site) -> Iterator[OutputFile]:
    """One file per picture that a shown response uses, under ``avatars/``."""
    done: set[str] = set()
    folder = site.config.root / MENTIONS_DIR / AVATARS_DIR
    for entry in site.entries:
        for response in entry.responses.every:
            author = response.author
            path = author.image.lstrip("/")
            if path in done:
                continue
            done.add(path)
            if author.avatar:  # the loader left only avatars whose file exists
                yield OutputFile(path, copy_from=folder / author.avatar)
            else:
                yield OutputFile(path, placeholder_svg(author))
