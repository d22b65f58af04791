"""Read and validate ``plnpress.yaml``."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC
from pathlib import Path

from plnpress.clock import pinned_now
from plnpress.config.model import CONFIG_FILE, Config
from plnpress.config.schema import SiteConfig, normal_base_url, parse_timezone
from plnpress.errors import Problem, ProblemLog, ProblemsError
from plnpress.schema import Context, Invalid, load_section
from plnpress.yamldoc import YamlSyntaxError, load_yaml


def find_blog_folder(start: Path) -> Path:
    """The folder with ``plnpress.yaml``: ``start`` or the nearest one above it, as git finds its
    repository (``start`` itself when there is none, for the message that says so)."""
    start = start.resolve()
    return next(
        (folder for folder in (start, *start.parents) if (folder / CONFIG_FILE).is_file()), start
    )


def load_config(root: Path, base_url: str | None = None) -> Config:
    """Load the blog folder's config; raise :class:`ProblemsError` listing every problem.

    ``base_url`` replaces the configured one, for a copy published at another address (a
    preview); it is checked as ``base_url:`` is (:func:`normal_base_url` raises ``Invalid``)."""
    root = root.resolve()
    path = root / CONFIG_FILE
    log = ProblemLog()
    if not path.is_file():
        log.error(
            CONFIG_FILE,
            None,
            f"no {CONFIG_FILE} in {root} or any folder above it; run 'plnpress init' to make a "
            "blog folder",
        )
        log.raise_if_errors("Config")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        log.error(CONFIG_FILE, line, "is not valid UTF-8 text")
        log.raise_if_errors("Config")
    try:
        doc = load_yaml(text)
    except YamlSyntaxError as exc:
        raise ProblemsError([_problem(exc.line, exc.message)], "Config") from None
    for key_path, line in doc.duplicates:
        log.error(CONFIG_FILE, line, f"{'.'.join(map(str, key_path))}: key appears twice")
    ctx = _context(doc.data)
    settings, _ = load_section(
        SiteConfig, doc.data, doc=doc, at=(), ctx=ctx, log=log, path=CONFIG_FILE
    )
    log.raise_if_errors("Config")
    assert settings is not None
    published = None
    override = normal_base_url(base_url) if base_url is not None else settings.base_url
    if override != settings.base_url:
        published, settings = settings.base_url, replace(settings, base_url=override)
    build_time = settings.build_time or pinned_now()
    lines = {str(key[0]): line for key, line in doc.lines.items() if len(key) == 1}
    return Config(
        root=root,
        site=settings,
        build_time=build_time,
        warnings=log.problems,
        lines=lines,
        published_base_url=published,
    )


def _context(data: object) -> Context:
    raw = data.get("timezone", "UTC") if isinstance(data, dict) else "UTC"
    try:
        return Context(timezone=parse_timezone(raw, Context(UTC)))
    except Invalid:
        return Context(timezone=UTC)


def _problem(line: int | None, message: str, path: str = CONFIG_FILE) -> Problem:
    return Problem(path, line, message)
