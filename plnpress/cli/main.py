"""The ``plnpress`` command: a thin layer of flags over the Python API.

Exit codes: 0 success, 1 a problem in the writer's files (printed as ``path:line: message``) or
an error the system gave (``Error: path: reason``), 2 a mistake in how the command was called.
Anything else is a bug in plnpress and ends with its traceback.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
from pathlib import Path
from typing import NoReturn

import click

from plnpress import __version__
from plnpress.cli.context import Context
from plnpress.cli.output import console, fail, report_problems
from plnpress.errors import PlnpressError, ProblemsError

_COMMAND_MODULES = {
    "init": "init",
    "new": "new",
    "build": "build",
    "serve": "serve",
    "webmention": "webmention",
    "ping": "ping",
    "blogroll": "blogroll",
    "check": "check",
    "server": "server",
    "micropub": "micropub",
    "import": "importing",
}
"""Each command's module under ``plnpress.cli`` (its ``COMMANDS`` list holds the command)."""


class _LazyGroup(click.Group):
    """Imports a command's module only when that command runs (or help lists it), so that
    ``plnpress build`` does not load the web server, the HTTP client and the rest."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *_COMMAND_MODULES})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in _COMMAND_MODULES and cmd_name not in self.commands:
            module = importlib.import_module(f"plnpress.cli.{_COMMAND_MODULES[cmd_name]}")
            for command in module.COMMANDS:
                self.add_command(command)
        return super().get_command(ctx, cmd_name)


@click.group(
    cls=_LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "-C",
    "--directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="The blog folder (the one with plnpress.yaml).",
)
@click.version_option(__version__, prog_name="plnpress")
@click.pass_context
def cli(ctx: click.Context, directory: Path) -> None:
    """plnpress turns a folder of Markdown posts and link-bookmarks into a website, and talks to
    the rest of the web through Webmentions.

    \b
    Start here:
      plnpress init myblog        make a new blog folder
      cd myblog
      plnpress new post "Hello"   write a post
      plnpress serve              see it in your browser while you write
      plnpress build              make the site/ folder to publish
      plnpress check              look for broken links and markup before publishing
    """
    ctx.obj = Context(directory)


def run() -> NoReturn:
    """The console script and ``python -m plnpress``: :func:`main`, then leave at once.

    A big blog's build leaves hundreds of thousands of objects behind, and taking them apart one
    by one on the way out takes a third of a second; the operating system frees the memory
    anyway. Everything the command wrote is flushed first.
    """
    try:
        main()
    except SystemExit as exit:
        code = exit.code
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code or 0)


def main() -> NoReturn:
    """Run the command line (raises ``SystemExit`` with the exit code)."""
    try:
        cli.main(prog_name="plnpress", standalone_mode=False)
    except click.exceptions.Abort:
        console.print("Aborted.", style="yellow")
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except ProblemsError as exc:
        report_problems(exc)
        sys.exit(1)
    except PlnpressError as exc:
        fail(str(exc))
    except OSError as exc:  # a read-only site/, a full disk: the system's word, in one line
        fail(_system_error(exc))
    except KeyboardInterrupt:
        sys.exit(130)
    sys.exit(0)


def _system_error(exc: OSError) -> str:
    """``path: reason`` for an error the operating system gave (the target, for a rename)."""
    path = exc.filename2 if exc.filename2 is not None else exc.filename
    if path is None or not exc.strerror:
        return str(exc)
    return f"{os.fsdecode(path) if isinstance(path, bytes) else path}: {exc.strerror}"
