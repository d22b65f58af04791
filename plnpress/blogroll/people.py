"""Reading ``content/blogroll.yaml`` for the blogroll commands, and changing it in place.

``discover``, ``add`` and ``import`` read the people through the same checks as the build, and
change the file only through text edits (:mod:`plnpress.content.blogroll`), written by the one
atomic writer with the writer's line endings kept: comments, order and spelling stay as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from plnpress.atomic import write_if_changed
from plnpress.config import Config
from plnpress.content.blogroll import BLOGROLL, load_blogroll, same_site, with_people
from plnpress.errors import PlnpressError, ProblemLog
from plnpress.model.blogroll import BlogrollPerson
from plnpress.schema import Context

NEW_FILE = """\
# The people I read and recommend: they become the /blogroll/ page and /blogroll.opml, which a
# feed reader imports in one step. See docs/network.md.

"""
"""What a blogroll started by ``blogroll add`` or ``import`` begins with."""


def blogroll_people(config: Config) -> tuple[BlogrollPerson, ...]:
    """Everyone on the blogroll; raises `ProblemsError` if the file has errors."""
    log = ProblemLog()
    people = load_blogroll(config.root, log, Context(config.site.timezone))
    log.raise_if_errors("Blogroll")
    return people


def listed_at(people: Sequence[BlogrollPerson], url: str) -> str | None:
    """``content/blogroll.yaml:LINE`` of the person whose site `url` is, if they are listed."""
    key = same_site(url)
    found = next((person for person in people if same_site(person.url) == key), None)
    return f"{BLOGROLL}:{found.line}" if found is not None else None


def edit_blogroll(config: Config, edit: Callable[[str], str]) -> bool:
    """Apply `edit` to the text of ``content/blogroll.yaml`` (created if missing) and write it
    if it changed, keeping the file's line endings; True if written."""
    path = config.root / BLOGROLL
    text = path.read_bytes().decode("utf-8") if path.is_file() else NEW_FILE
    windows = "\r\n" in text
    try:
        edited = edit(text.replace("\r\n", "\n"))
    except ValueError as exc:
        raise PlnpressError(f"{BLOGROLL}: {exc}; add the person by hand") from None
    return write_if_changed(path, edited.replace("\n", "\r\n") if windows else edited)


def append_people(config: Config, people: Sequence[BlogrollPerson]) -> bool:
    """Append `people` to the blogroll, as the people before them are written."""
    return edit_blogroll(config, lambda text: with_people(text, people))
