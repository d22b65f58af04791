"""The ``plnpress`` command: a thin layer of flags over the Python API.

Exit codes: 0 success, 1 a problem in the writer's files (printed as ``path:line: message``),
2 a mistake in how the command was called.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import click

from plnpress import __version__
from plnpress.cli.context import Context
from plnpress.cli.output import console, fail, report_problems
from plnpress.errors import PlnpressError, ProblemsError


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
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
    """
    ctx.obj = Context(directory)


def main() -> NoReturn:
    """Entry point for the console script and ``python -m plnpress``."""
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
    except KeyboardInterrupt:
        sys.exit(130)
    sys.exit(0)


def _register() -> None:
    from plnpress.cli import blogroll, build, init, new, ping, serve, webmention

    for module in (init, new, build, serve, webmention, ping, blogroll):
        for command in module.COMMANDS:
            cli.add_command(command)


_register()
