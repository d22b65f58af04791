"""Render planned pages with the theme's templates, turning template mistakes into problems."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import jinja2

from plnpress.config import Config
from plnpress.errors import ProblemLog
from plnpress.render.plan import PageJob
from plnpress.render.theme import template_location


@dataclass(frozen=True, slots=True)
class RenderFailure:
    """Why a page did not render, as the problem to report."""

    path: str
    line: int | None
    message: str
    once: str | None = None
    """Set for a mistake in a template that every page may share (a broken base template):
    reported once per build, for the first page it stopped."""


def render_job(config: Config, env: jinja2.Environment, job: PageJob) -> str | RenderFailure:
    """The page's HTML, or why it could not be rendered."""
    try:
        template = env.get_template(job.template)
        return template.render(job.context)
    except jinja2.TemplateNotFound as exc:
        if job.source is not None and job.source_line is not None:
            message = f"template: {job.template!r} is not in templates/ or the theme"
            return RenderFailure(job.source, job.source_line, message)
        message = (
            f"template {exc.name!r} not found (needed for {job.permalink}); "
            "add it to templates/ or the theme"
        )
        return RenderFailure("templates", None, message, once=str(exc.name))
    except jinja2.TemplateSyntaxError as exc:
        path, line = template_location(config, exc)
        message = f"template syntax: {exc.message}"
        return RenderFailure(path, line, message, once=exc.message or "")
    except Exception as exc:  # a theme bug must be reported like any other input error
        path, line = template_location(config, exc)
        return RenderFailure(path, line, f"while rendering {job.permalink}: {exc}", once=str(exc))


def report_failures(failures: Iterable[RenderFailure], log: ProblemLog) -> None:
    """Log ``failures`` (in page order), each shared template mistake only once."""
    reported: set[tuple[str, int | None, str]] = set()
    for failure in failures:
        if failure.once is not None:
            key = (failure.path, failure.line, failure.once)
            if key in reported:
                continue
            reported.add(key)
        log.error(failure.path, failure.line, failure.message)
