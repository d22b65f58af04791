"""``content/imported.yaml``: what ``plnpress import`` wrote, so that importing again is safe.

For every file an import wrote, the ledger keeps the SHA-256 of the bytes it wrote and where they
came from. Writing a file again then has four outcomes:

- the file is not there: it is written (``new``);
- it holds exactly what the import would write: nothing happens (``unchanged``);
- it still holds what the last import wrote, and the source changed since: it is replaced
  (``updated``);
- anything else (the writer edited it, or it was never written by an import): it is left as it
  is and reported (``kept``). An import never overwrites a file it cannot prove it wrote.

The ledger is plain YAML, meant to be committed with the content.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

import yaml

from plnpress.atomic import atomic_write
from plnpress.errors import ProblemLog, ProblemsError
from plnpress.yamldoc import YamlSyntaxError, load_yaml

LEDGER = "content/imported.yaml"
"""Where the ledger lives, relative to the blog folder."""

_HEADER = """\
# Files written by `plnpress import`, with the SHA-256 of what it wrote. Commit this file: when
# you import again, a file that still holds what the import wrote may be updated, and a file you
# edited since is kept as you left it. Deleting this file makes every later import keep every
# file that already exists.
"""


class Outcome(StrEnum):
    """What writing one file did."""

    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    KEPT = "kept"
    """Left as it was: it was edited since the import wrote it, or an import never wrote it."""


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(slots=True)
class Ledger:
    """The ledger of one blog, read at the start of an import and saved at its end."""

    root: Path
    files: dict[str, dict[str, str]] = field(default_factory=dict)
    """By file (relative to the blog folder): ``sha256`` and ``from``."""

    @classmethod
    def read(cls, root: Path) -> Ledger:
        """The blog's ledger (empty if there is none); ``ProblemsError`` if it is broken, so
        that a damaged ledger never makes an import overwrite the writer's files."""
        path = root / LEDGER
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls(root)
        problems = ProblemLog()
        try:
            data = load_yaml(text).data
        except YamlSyntaxError as exc:
            problems.error(LEDGER, exc.line, exc.message)
            raise ProblemsError(problems.problems, "Import") from None
        files = data.get("files") if isinstance(data, dict) else None
        if not isinstance(files, dict) or not all(
            isinstance(v, dict) and isinstance(v.get("sha256"), str) for v in files.values()
        ):
            problems.error(LEDGER, 1, "expected 'files:' with a 'sha256:' for each file")
            raise ProblemsError(problems.problems, "Import")
        return cls(root, {str(k): {str(a): str(b) for a, b in v.items()} for k, v in files.items()})

    def write(self, rel: str, data: bytes, origin: str) -> Outcome:
        """Write ``data`` to ``rel`` unless that would lose the writer's work (see the module
        docstring)."""
        path = self.root / rel
        new_digest = digest(data)
        try:
            current = path.read_bytes()
        except FileNotFoundError:
            atomic_write(path, data)
            self.files[rel] = {"sha256": new_digest, "from": origin}
            return Outcome.NEW
        if current == data:
            self.files[rel] = {"sha256": new_digest, "from": origin}
            return Outcome.UNCHANGED
        recorded = self.files.get(rel, {}).get("sha256")
        if recorded is not None and recorded == digest(current):
            atomic_write(path, data)
            self.files[rel] = {"sha256": new_digest, "from": origin}
            return Outcome.UPDATED
        return Outcome.KEPT

    def owns(self, rel: str) -> bool:
        """True if an import wrote ``rel`` (whatever it holds now)."""
        return rel in self.files

    def save(self) -> None:
        data = {"version": 1, "files": dict(sorted(self.files.items()))}
        text = _HEADER + yaml.safe_dump(
            data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=4096
        )
        path = self.root / LEDGER
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            atomic_write(path, text)
