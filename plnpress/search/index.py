"""The search index of a build, as files for the output writer.

Only the pages of published entries and pages are indexed (never drafts, entries dated in the
future, tombstones, lists or tag pages): they are linked into a folder of their own and Pagefind
runs over that folder alone, in the site's language. Pagefind cannot update an index, so the
whole index is made again when any indexed page changed, and kept (in the build state folder)
while none did: a warm build with no change to a published page runs no Pagefind at all.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from collections.abc import Iterable, Mapping
from pathlib import Path

from plnpress.errors import ProblemLog
from plnpress.model import Site
from plnpress.output import OutputFile

FOLDER = "pagefind"
"""The index's folder in the site (the search page's script loads ``pagefind.js`` from it)."""
_UNUSED = ("pagefind-ui", "pagefind-component-ui", "pagefind-modular-ui", "pagefind-highlight")
"""Pagefind's own search boxes: the theme has its own, so these are not published."""


def searchable(site: Site) -> list[str]:
    """The output files of every page that search finds: published entries and pages."""
    entries = [e.location.output for e in site.entries if not (e.draft or e.future)]
    pages = [p.location.output for p in site.pages if not p.draft]
    return sorted({*entries, *pages})


class SearchIndex:
    """The index of one output folder's pages (see the module docstring)."""

    def __init__(self, program: Path, state_dir: Path, name: str, language: str) -> None:
        self._program = program
        self._folder = state_dir / f"search-{name}"
        self._language = language.split("-")[0].lower()

    def files(self, pages: Mapping[str, tuple[Path, str]], log: ProblemLog) -> list[OutputFile]:
        """The index of ``pages`` (each output file: where its bytes are now, and their digest)
        as files under :data:`FOLDER`; made again only when ``pages`` changed."""
        key = self._key(pages)
        index = self._folder / "index"
        if (self._folder / "key").is_file() and (self._folder / "key").read_text() == key:
            return list(_files(index))
        try:
            self._make(pages, index)
        except (OSError, subprocess.SubprocessError) as exc:
            log.warning(
                "(search)", None, f"Pagefind failed, the site is built without search: {exc}"
            )
            return []
        (self._folder / "key").write_text(key, encoding="utf-8")
        return list(_files(index))

    def _key(self, pages: Mapping[str, tuple[Path, str]]) -> str:
        hasher = hashlib.blake2b(digest_size=16)
        hasher.update(f"{self._program}|{self._program.stat().st_size}|{self._language}".encode())
        for rel in sorted(pages):
            hasher.update(f"\0{rel}\0{pages[rel][1]}".encode())
        return hasher.hexdigest()

    def _make(self, pages: Mapping[str, tuple[Path, str]], index: Path) -> None:
        shutil.rmtree(self._folder, ignore_errors=True)
        pages_folder = self._folder / "pages"
        for rel, (path, _) in pages.items():
            target = pages_folder / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(path, target)  # Pagefind only reads them
            except OSError:
                shutil.copyfile(path, target)
        building = self._folder / "index.tmp"
        command = [
            str(self._program), "--site", str(pages_folder), "--output-path", str(building),
            "--force-language", self._language, "--silent",
        ]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=3600)
        if done.returncode != 0:
            message = (done.stderr or done.stdout).strip().splitlines()
            raise OSError(message[-1] if message else f"exit code {done.returncode}")
        building.rename(index)
        shutil.rmtree(pages_folder, ignore_errors=True)


def _files(index: Path) -> Iterable[OutputFile]:
    for path in sorted(index.rglob("*")):
        rel = path.relative_to(index).as_posix()
        if path.is_file() and not rel.startswith(_UNUSED):
            yield OutputFile(f"{FOLDER}/{rel}", copy_from=path)
