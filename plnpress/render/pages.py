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

    def report_once(path: str, line: int | None, key: str, message: str) -> None:
        # A broken base template would otherwise give the same message once per page.
        if (path, line, key) not in reported:
            reported.add((path, line, key))
            log.error(path, line, message)

    for job in jobs:
        try:
            template = env.get_template(job.template)
            html = template.render(job.context)
        except jinja2.TemplateNotFound as exc:
            if job.source is not None and job.source_line is not None:
                message = f"template: {job.template!r} is not in templates/ or the theme"
                log.error(job.source, job.source_line, message)
            else:
                report_once(
                    "templates",
                    None,
                    str(exc.name),
                    f"template {exc.name!r} not found (needed for {job.permalink}); "
                    "add it to templates/ or the theme",
                )
            continue
        except jinja2.TemplateSyntaxError as exc:
            path, line = template_location(config, exc)
            report_once(path, line, exc.message or "", f"template syntax: {exc.message}")
            continue
        except Exception as exc:  # a theme bug must be reported like any other input error
            path, line = template_location(config, exc)
            report_once(path, line, str(exc), f"while rendering {job.permalink}: {exc}")
            continue
        yield OutputFile(job.output, html.encode("utf-8"), source=job.source)
