"""Rendering the pages that changed, in any process, straight to the staging folder.

:class:`PageWork` renders a chunk of pages: a page whose bytes are already in the site (the
manifest says so, or the file on disk has them) is kept; any other is written to the staging
folder. Only small records travel back: what the page read, the digest of its bytes, where it
was staged, or why it failed. With many pages the chunks are spread over every core.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

import jinja2

from plnpress.config import Config
from plnpress.errors import ProblemLog
from plnpress.incremental.pages import PageCache, PageRecord
from plnpress.incremental.parallel import fork_map, processes_for
from plnpress.output import Manifest, OutputFile, content_digest
from plnpress.output.files import Staged
from plnpress.output.staging import Staging
from plnpress.render.pages import RenderFailure, render_job, report_failures
from plnpress.render.pictures import Picture, with_pictures
from plnpress.render.plan import PageJob

PARALLEL_FROM = 300
"""Fewer pages than this are rendered in this process."""
CHUNK = 40
"""Pages per task."""


class Rendered(NamedTuple):
    """One page's outcome (plain data, so it can come back from a worker)."""

    record: PageRecord | None
    staged: Staged | None
    """None when the site already has these bytes."""
    failure: RenderFailure | None


class PageWork:
    """Renders ``jobs[start:end]`` (see the module docstring)."""

    def __init__(
        self,
        jobs: Sequence[PageJob],
        config: Config,
        env: jinja2.Environment,
        pages: PageCache,
        manifest: Manifest,
        staging: Staging,
        pictures: Mapping[str, Picture],
    ) -> None:
        self._jobs = jobs
        self._pictures = pictures
        self._config = config
        self._env = env
        self._pages = pages
        self._manifest = manifest
        self._staging = staging
        self._site_is_empty = not manifest.records and _is_empty(manifest.out_dir)

    def __call__(self, start: int, end: int) -> list[Rendered]:
        return [self._one(job) for job in self._jobs[start:end]]

    def _one(self, job: PageJob) -> Rendered:
        self._pages.start_page()
        html = render_job(self._config, self._env, job)
        if isinstance(html, RenderFailure):
            return Rendered(None, None, html)
        html, shown = with_pictures(
            html, job.context["path"], self._config.base_path, self._pictures
        )
        data = html.encode("utf-8")
        digest = content_digest(data)
        record = self._pages.page_record(job, digest, shown)
        if not self._site_is_empty and (
            self._manifest.intact(job.output, digest)
            or _same_bytes(self._manifest.out_dir / job.output, data)
        ):
            return Rendered(record, None, None)
        return Rendered(record, self._staging.write(job.output, data, digest), None)


def render_stale(
    jobs: Sequence[PageJob],
    work: PageWork,
    pages: PageCache,
    log: ProblemLog,
    processes: int | None,
    meanwhile: Callable[[], None] | None = None,
) -> list[OutputFile]:
    """Render ``jobs`` (over every core when there are many); failures go to ``log``.
    ``meanwhile()`` runs in this process while workers render."""
    outcomes: list[Rendered | None] = [None] * len(jobs)

    def consume(start: int, results: list[Rendered]) -> None:
        outcomes[start : start + len(results)] = results

    processes = processes_for(len(jobs), processes, PARALLEL_FROM)
    fork_map(work, len(jobs), CHUNK, processes, consume, meanwhile)
    files: list[OutputFile] = []
    failures: list[RenderFailure] = []
    for job, outcome in zip(jobs, outcomes, strict=True):
        assert outcome is not None
        if outcome.failure is not None:
            failures.append(outcome.failure)
            continue
        assert outcome.record is not None
        pages.keep(job.output, outcome.record)
        if outcome.staged is None:
            files.append(OutputFile(job.output, kept=outcome.record.data, source=job.source))
        else:
            files.append(OutputFile(job.output, source=job.source, staged=outcome.staged))
    report_failures(failures, log)
    return files


def _is_empty(folder: Path) -> bool:
    try:
        return not any(folder.iterdir())
    except OSError:
        return True


def _same_bytes(target: Path, data: bytes) -> bool:
    try:
        with target.open("rb") as handle:
            return handle.read(len(data) + 1) == data
    except OSError:
        return False
