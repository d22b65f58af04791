"""Finding the theme, and the Jinja2 environment that renders its templates.

Lookup order for a template name: the blog's own ``templates/`` folder, then the theme's
``templates/``. The theme is ``theme:`` from the config: a folder path, or a name looked up in the
blog's ``themes/`` folder and then among the themes that ship with plnpress.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from pathlib import Path

import jinja2

from plnpress.config import Config


class ThemeError(Exception):
    """The configured theme cannot be found."""


def bundled_themes() -> Path:
    """Where the themes that ship with plnpress are (inside the package once installed)."""
    here = Path(__file__).resolve().parent.parent
    installed = here / "themes"
    if installed.is_dir():
        return installed
    return here.parent / "themes"  # running from a source checkout


@dataclass(frozen=True, slots=True)
class Theme:
    name: str
    folder: Path

    @property
    def templates(self) -> Path:
        return self.folder / "templates"

    @property
    def static(self) -> Path:
        return self.folder / "static"


def find_theme(config: Config) -> Theme:
    name = config.site.theme
    candidates = []
    if "/" in name or name.startswith("."):
        candidates.append((config.root / name).resolve())
    else:
        candidates += [config.root / "themes" / name, bundled_themes() / name]
    for folder in candidates:
        if (folder / "templates").is_dir():
            return Theme(name=name, folder=folder)
    known = sorted(p.name for p in bundled_themes().iterdir() if p.is_dir())
    raise ThemeError(
        f"theme: {name!r} not found (looked in {', '.join(str(c) for c in candidates)}); "
        f"themes that ship with plnpress: {', '.join(known)}"
    )


def template_folders(config: Config, theme: Theme) -> list[Path]:
    """Where templates are looked up, in order: the blog's ``templates/``, then the theme's."""
    return [p for p in (config.root / "templates", theme.templates) if p.is_dir()]


def make_environment(
    config: Config, theme: Theme, compiled: Path | None = None
) -> jinja2.Environment:
    """Autoescaping on for every template, whatever its file name; undefined names are errors.
    With ``compiled``, templates compiled once are kept in that folder for the next build
    (Jinja2 checks each against its template's source)."""
    cache = None
    if compiled is not None:
        compiled.mkdir(parents=True, exist_ok=True)
        cache = jinja2.FileSystemBytecodeCache(str(compiled))
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(p) for p in template_folders(config, theme)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        bytecode_cache=cache,
    )


def template_location(config: Config, exc: BaseException) -> tuple[str, int | None]:
    """The template file and line an exception came from, relative to the blog folder if inside."""
    filename: str | None = getattr(exc, "filename", None)
    line: int | None = getattr(exc, "lineno", None)
    if filename is None:
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            if frame.filename.endswith((".html", ".xml", ".txt", ".j2", ".jinja")):
                filename, line = frame.filename, frame.lineno
                break
    if filename is None:
        return "templates", None
    path = Path(filename)
    try:
        return path.resolve().relative_to(config.root).as_posix(), line
    except ValueError:
        return f"theme:{path.as_posix().split('/themes/', 1)[-1]}", line
