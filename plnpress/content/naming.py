"""What a content file's name says: its slug and date, and whether it heads a page bundle.

A page bundle is a folder with an ``index.md`` and the files that go with it
(``content/posts/2024-05-01-trip/index.md`` beside ``photo.jpg``): the folder's name stands for
the file name, so the entry's slug (and date) come from it, and the other files are published
next to the entry's page.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from plnpress.model.slugs import slugify, split_date_prefix

BUNDLE_INDEX = frozenset({"index.md", "index.markdown"})
"""The names of the Markdown file that makes its folder a bundle."""


def is_bundle_index(inner: str) -> bool:
    """True if ``inner`` (relative to its content folder) heads a page bundle."""
    if not inner.rstrip("/").lower().endswith(_INDEX_NAMES):
        return False  # most files: no path object made (a build asks of every post)
    path = PurePosixPath(inner)
    return path.name.lower() in BUNDLE_INDEX and len(path.parts) > 1


_INDEX_NAMES = tuple(BUNDLE_INDEX)


def named_stem(inner: str) -> str:
    """The name that stands for the item: the folder's for a bundle, else the file's stem."""
    path = PurePosixPath(inner)
    return path.parent.name if is_bundle_index(inner) else path.stem


def entry_date_prefix(inner: str) -> str | None:
    """The ``YYYY-MM-DD`` a post or link's name starts with, if any."""
    return split_date_prefix(named_stem(inner))[0]


def entry_slug(inner: str) -> str:
    """The slug a post or link gets when its front matter names none."""
    return slugify(split_date_prefix(named_stem(inner))[1])


def page_slug(inner: str) -> str:
    """The slug a page gets when its front matter names none (its path in ``pages/``)."""
    path = PurePosixPath(inner)
    named = path.parent if is_bundle_index(inner) else path.with_suffix("")
    return slugify(named.as_posix())
