"""The archive of responses: one YAML file per entry in ``content/mentions/``.

Each file names its target (the entry's URL) and lists the responses to it, oldest first. The
file name is only for people (``2025-04-my-post.yaml`` for ``/2025/04/my-post/``); the ``target``
inside is what counts. Files whose names start with ``_`` are logs and state, not responses
(``_harvest.yaml`` is this package's, ``_sent.yaml`` the sender's); downloaded author photos are
in ``avatars/``.

The archive outlives any service: a response stays here until its own source is gone (410) or no
longer links to us, whatever webmention.io or the receiver forget.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

from plnpress.atomic import write_if_changed
from plnpress.errors import ProblemLog
from plnpress.mentions import yamlfile
from plnpress.mentions.fields import ResponseFields, TargetFields, to_record, to_response
from plnpress.model.response import Response
from plnpress.model.slugs import slugify
from plnpress.schema import Context, load_section

MENTIONS_DIR = "content/mentions"
AVATARS_DIR = "avatars"

_HEADER = """\
Responses to {target}
Written by `plnpress webmention pull`; commit this file: it is the archive of these responses.
To moderate, use `plnpress webmention review` (or change `status:` by hand)."""


def bare(url: str) -> str:
    """`url` without its fragment: responses are about pages, not places on them."""
    return url.split("#", 1)[0]


class Archive:
    """Every stored response, by target, as read from (and written back to) ``content/mentions/``.

    The harvesting commands change it in memory with `put` and `remove`, then `save` writes the
    files whose text changed.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._responses: dict[str, dict[str, Response]] = {}
        self._paths: dict[str, str] = {}
        self._dirty: set[str] = set()
        self._forgotten: set[str] = set()

    @property
    def folder(self) -> Path:
        return self.root / MENTIONS_DIR

    @property
    def targets(self) -> list[str]:
        return sorted(self._responses)

    def responses(self, target: str | None = None) -> list[Response]:
        """The responses to `target` (or to every target), in date order."""
        if target is not None:
            found = list(self._responses.get(bare(target), {}).values())
        else:
            found = [r for by_source in self._responses.values() for r in by_source.values()]
        return sorted(found, key=lambda r: (r.sort_key, r.target))

    def get(self, source: str, target: str) -> Response | None:
        return self._responses.get(bare(target), {}).get(source)

    def path_of(self, target: str) -> str | None:
        """The file (relative to the blog folder) that holds `target`'s responses."""
        return self._paths.get(bare(target))

    def put(self, response: Response) -> None:
        """Add or replace the response from ``response.source`` to ``response.target``."""
        target = bare(response.target)
        if target in self._forgotten:
            raise ValueError(f"the responses to {target} were saved and let go of")
        self._responses.setdefault(target, {})[response.source] = response
        self._dirty.add(target)

    def remove(self, source: str, target: str) -> Response | None:
        """Take a response out; return it (None if there was none)."""
        removed = self._responses.get(bare(target), {}).pop(source, None)
        if removed is not None:
            self._dirty.add(bare(target))
        return removed

    def forget(self, targets: Iterable[str]) -> None:
        """Let go of the responses to ``targets``, saved already, so that a long import holds
        one batch of posts' comments at a time; a response to one of them cannot be put again
        (its file would lose the others)."""
        for target in map(bare, targets):
            if target in self._dirty:
                raise ValueError(f"the responses to {target} are not saved yet")
            self._responses.pop(target, None)
            self._forgotten.add(target)

    def save(self, base_path: str) -> list[str]:
        """Write every changed file; return their paths relative to the blog folder."""
        written = []
        for target in sorted(self._dirty):
            rel = self._paths.get(target) or self._new_path(target, base_path)
            self._paths[target] = rel
            # Oldest received first: a new response is appended, so diffs stay small.
            responses = sorted(self.responses(target), key=lambda r: (r.received, r.source))
            path = self.root / rel
            if not responses:
                if path.exists():
                    path.unlink()
                    written.append(rel)
                continue
            text = yamlfile.dump(
                {"target": target, "responses": [to_record(r) for r in responses]},
                _HEADER.format(target=target),
            )
            if write_if_changed(path, text):
                written.append(rel)
        self._dirty.clear()
        return written

    def _new_path(self, target: str, base_path: str) -> str:
        path = urlsplit(target).path
        if path.startswith(base_path):
            path = path[len(base_path) :]
        stem = slugify(path.replace("/", " ")) or "home"
        taken = set(self._paths.values())
        rel = f"{MENTIONS_DIR}/{stem}.yaml"
        if rel in taken or (self.root / rel).exists():
            digest = hashlib.sha256(target.encode("utf-8")).hexdigest()[:8]
            rel = f"{MENTIONS_DIR}/{stem}-{digest}.yaml"
        return rel

    def _load(self, rel: str, target: str, responses: list[Response]) -> None:
        self._paths[target] = rel
        by_source = self._responses.setdefault(target, {})
        for response in responses:
            by_source[response.source] = response


def response_files(root: Path) -> Iterator[Path]:
    """The per-target files (``*.yaml`` not starting with ``_``), in name order."""
    folder = root / MENTIONS_DIR
    if not folder.is_dir():
        return
    for path in sorted(folder.glob("*.yaml")):
        if not path.name.startswith(("_", ".")) and path.is_file():
            yield path


def load_archive(root: Path, log: ProblemLog, ctx: Context) -> Archive:
    """Read every response file; problems go to `log` and a bad record is left out."""
    archive = Archive(root)
    seen: dict[str, str] = {}
    for path in response_files(root):
        rel = path.relative_to(root).as_posix()
        doc = yamlfile.read(path, rel, log, max_aliases=0)
        if doc is None:
            continue
        if doc.data is None:
            continue  # an empty file (or only comments) holds no responses
        data = doc.data if isinstance(doc.data, dict) else None
        if data is None:
            log.error(rel, doc.first_line, "expected 'target:' and 'responses:'")
            continue
        for key in data:
            if key not in ("target", "responses"):
                log.error(rel, doc.line_of((str(key),)), f"{key}: unknown key")
        top, _ = load_section(
            TargetFields,
            {"target": data.get("target")},
            doc=doc,
            at=(),
            ctx=ctx,
            log=log,
            path=rel,
        )
        records = data.get("responses") or []
        if top is None:
            continue
        target = bare(top.target)
        if target in seen:
            log.error(rel, doc.line_of(("target",)), f"target: {target} is also in {seen[target]}")
            continue
        seen[target] = rel
        if not isinstance(records, list):
            log.error(rel, doc.line_of(("responses",)), "responses: expected a list")
            continue
        responses: list[Response] = []
        for index, record in enumerate(records):
            fields, _ = load_section(
                ResponseFields,
                record,
                doc=doc,
                at=("responses", index),
                ctx=ctx,
                log=log,
                path=rel,
            )
            if fields is None:
                continue
            if any(r.source == fields.source for r in responses):
                line = doc.line_of(("responses", index, "source"))
                log.error(rel, line, f"source: {fields.source} is listed twice")
                continue
            responses.append(to_response(fields, target))
        archive._load(rel, target, responses)
    return archive
