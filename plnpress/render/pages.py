"""Render planned pages with the theme's templates, turning template mistakes into problems.

Only Jinja2's errors are a template's mistakes (a missing template, bad syntax, an undefined
value); any other exception while rendering is a bug in plnpress, raised as :class:`RenderBug`
with the original traceback, never reported as a problem in the writer's files."""

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
    except jinja2.TemplateError as exc:  # a theme's mistake, reported like any input error
        path, line = template_location(config, exc)
        return RenderFailure(path, line, f"while rendering {job.permalink}: {exc}", once=str(exc))
    except Exception as exc:
        raise RenderBug(_bug_message(config, job, exc)) from exc


class RenderBug(RuntimeError):
    """Rendering failed with an error that is not a template error: a bug in plnpress, which
    must not pass for a mistake in the writer's files. Its cause carries the traceback."""


def _bug_message(config: Config, job: PageJob, exc: Exception) -> str:
    path, line = template_location(config, exc)
    where = "" if path == "templates" else f" (at {path}{'' if line is None else f':{line}'})"
    return (
        f"plnpress bug: rendering {job.permalink} failed with {type(exc).__name__}: {exc}"
        f"{where}. This is not a template error; please report it, with the traceback above."
    )


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
