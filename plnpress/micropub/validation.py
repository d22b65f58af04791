"""A new or changed entry file checked the way the build will check it, before it is written.

The loader reads the candidate's bytes as if they were on disk (`plnpress.content.loader.
load_file`): any error it finds (a bad date, a front matter field of the wrong kind, an address
that cannot be written) is the answer, 400 with the loader's own words, and nothing is written.
Its address must not be taken by another file (`plnpress.micropub.site_index`).
"""

from __future__ import annotations

from pathlib import Path

from plnpress.config import Config
from plnpress.content.discovery import SourceFile, SourceKind
from plnpress.content.loader import load_file
from plnpress.micropub.errors import MicropubError, invalid
from plnpress.micropub.site_index import EVERYTHING, Index
from plnpress.model import Entry


def checked_entry(config: Config, path: Path, text: str, index: Index) -> Entry:
    """The entry `text` makes at `path`; raises 400 with the build's reasons."""
    root = config.root
    rel = path.relative_to(root).as_posix()
    folder = path.parent.relative_to(root / "content").parts[0]
    kind = SourceKind.LINK if folder == "links" else SourceKind.POST
    inner = path.relative_to(root / "content" / folder).as_posix()
    result = load_file(
        SourceFile(kind, str(path), rel, inner), text.encode("utf-8"), config, EVERYTHING
    )
    errors = [problem for problem in result.problems if problem.is_error]
    if errors:
        raise invalid("; ".join(str(problem) for problem in errors))
    entry = result.item
    if not isinstance(entry, Entry):
        raise MicropubError(f"{rel} did not make an entry", status=500, error="server_error")
    for output in (entry.location.output, *(alias.output for alias in entry.aliases)):
        owner = index.outputs.get(output)
        if owner is not None and owner != rel:
            raise invalid(f"{entry.url} is already the address of {owner}")
    return entry
