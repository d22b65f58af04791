"""Render planned pages with the theme's templates, turning template mistakes into problems."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import jinja2

from plnpress.config import Config
from plnpress.errors import ProblemLog
from plnpress.output.files import OutputFile
from plnpress.render.plan import PageJob
from plnpress.render.theme import template_location


def render_pages(
    config: Config, env: jinja2.Environment, jobs: Iterable[PageJob], log: ProblemLog
) -> Iterator[OutputFile]:
    """One output file per job; a job whose template fails is reported and skipped."""
    reported: set[tuple[str, int | None, str]] = set()
    for job in jobs:
        try:
            template = env.get_template(job.template)
            html = template.render(job.context)
        except jinja2.TemplateNotFound as exc:
            if job.source is not None and job.source_line is not None:
                log.error(
                    job.source,
                    job.source_line,
                    f"template: {job.template!r} is not in templates/ or the theme",
                )
            else:
                _once(
                    reported,
                    log,
                    "templates",
                    None,
                    f"template {exc.name!r} not found "
                    f"(needed for {job.permalink}); add it to templates/ or the theme",
                )
            continue
        except jinja2.TemplateSyntaxError as exc:
            path, line = template_location(config, exc)
            _once(reported, log, path, line, f"template syntax: {exc.message}")
            continue
        except Exception as exc:  # a theme bug must be reported like any other input error
            path, line = template_location(config, exc)
            _once(reported, log, path, line, f"while rendering {job.permalink}: {exc}")
            continue
        yield OutputFile(job.output, html.encode("utf-8"), source=job.source)


def _once(
    reported: set[tuple[str, int | None, str]],
    log: ProblemLog,
    path: str,
    line: int | None,
    message: str,
) -> None:
    """A broken base template would otherwise produce the same message once per page."""
    key = (path, line, message.split(" (needed for")[0].split("while rendering")[0])
    if key not in reported:
        reported.add(key)
        log.error(path, line, message)
