"""The search index of a build, as files for the output writer.

Only the pages of published entries and pages are indexed (never drafts, entries dated in the
future, tombstones, lists or tag pages): they are linked into a folder of their own and Pagefind
runs over that folder alone, in the site's language. Pagefind cannot update an index, so the
whole index is made again when any indexed page changed, and kept (in the build state folder)
while none did: a warm build with no change to a published page runs no Pagefind at all.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import subprocess
import threading
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
    """The index of one output folder's pages (see the module docstring).

    Each index is kept in a folder named by the pages it was made of. With ``later`` (``plnpress
    serve``, where a big blog's index takes seconds), a build that needs a new index links the
    pages aside, publishes the index it had, and leaves :meth:`catch_up` to make the new one
    (in another thread); the next build publishes it.
    """

    def __init__(
        self, program: Path, state_dir: Path, name: str, language: str, later: bool = False
    ) -> None:
        self._program = program
        self._folder = state_dir / f"search-{name}"
        self._language = language.split("-")[0].lower()
        self._later = later
        self._lock = threading.Lock()
        self.pending: str | None = None
        """The key of an index to make by :meth:`catch_up`, if any."""

    def files(self, pages: Mapping[str, tuple[Path, str]], log: ProblemLog) -> list[OutputFile]:
        """The index of ``pages`` (each output file: where its bytes are now, and their digest)
        as files under :data:`FOLDER`; made again only when ``pages`` changed."""
        key = self._key(pages)
        with self._lock:
            if (self._folder / key).is_dir():
                self.pending = None
                self._forget_all_but(key)
                return list(_files(self._folder / key))
            try:
                self._link(pages, self._folder / f"pages.{key}")
                if self._later:
                    self.pending = key
                    return list(_files(self._newest()))
                self._make(key)
            except (OSError, subprocess.SubprocessError) as exc:
                log.warning("(search)", None, f"Pagefind failed; built without search: {exc}")
                return []
            self._forget_all_but(key)
            return list(_files(self._folder / key))

    def catch_up(self) -> None:
        """Make the index a build left for later (see the class docstring)."""
        key = self.pending
        if key is not None and not (self._folder / key).is_dir():
            with contextlib.suppress(OSError, subprocess.SubprocessError):
                self._make(key)

    def _key(self, pages: Mapping[str, tuple[Path, str]]) -> str:
        hasher = hashlib.blake2b(digest_size=16)
        hasher.update(f"{self._program}|{self._program.stat().st_size}|{self._language}".encode())
        for rel in sorted(pages):
            hasher.update(f"\0{rel}\0{pages[rel][1]}".encode())
        return hasher.hexdigest()

    def _link(self, pages: Mapping[str, tuple[Path, str]], folder: Path) -> None:
        """Put ``pages`` in ``folder`` for Pagefind (links: it only reads them)."""
        shutil.rmtree(folder, ignore_errors=True)
        for rel, (path, _) in pages.items():
            target = folder / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(path, target)
            except OSError:
                shutil.copyfile(path, target)

    def _make(self, key: str) -> None:
        """Run Pagefind over the pages linked for ``key``; the index appears whole or not."""
        pages = self._folder / f"pages.{key}"
        building = self._folder / f"{key}.tmp"
        shutil.rmtree(building, ignore_errors=True)
        command = [
            str(self._program), "--site", str(pages), "--output-path", str(building),
            "--force-language", self._language, "--silent",
        ]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=3600)
        if done.returncode != 0:
            message = (done.stderr or done.stdout).strip().splitlines()
            raise OSError(message[-1] if message else f"exit code {done.returncode}")
        building.rename(self._folder / key)
        shutil.rmtree(pages, ignore_errors=True)

    def _newest(self) -> Path:
        """The most recently made index (the one a build published last), if any."""
        made = [f for f in self._folder.iterdir() if f.is_dir() and "." not in f.name]
        return max(made, key=lambda f: f.stat().st_mtime_ns, default=self._folder / "none")

    def _forget_all_but(self, key: str) -> None:
        with contextlib.suppress(OSError):
            for folder in self._folder.iterdir():
                if folder.name != key and not folder.name.endswith(".tmp"):
                    shutil.rmtree(folder, ignore_errors=True)


def _files(index: Path) -> Iterable[OutputFile]:
    for path in sorted(index.rglob("*")):
        rel = path.relative_to(index).as_posix()
        if path.is_file() and not rel.startswith(_UNUSED):
            yield OutputFile(f"{FOLDER}/{rel}", copy_from=path)
