"""``plnpress build``."""

from __future__ import annotations

from pathlib import Path

import click

from plnpress.build import BuildOptions, build
from plnpress.cli.context import Context, pass_context
from plnpress.cli.options import base_url_option
from plnpress.cli.output import print_problem, print_summary


@click.command("build")
@click.option("--drafts", is_flag=True, help="Include posts marked 'draft: true'.")
@click.option("--future", is_flag=True, help="Include posts dated after now.")
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder to write the site to.  [default: site/ in the blog folder]",
)
@base_url_option(
    "build for it, e.g. a preview of the site published elsewhere (on Netlify: "
    "--base-url $DEPLOY_PRIME_URL)."
)
@pass_context
def build_command(
    ctx: Context, drafts: bool, future: bool, output: Path | None, base_url: str | None
) -> None:
    """Turn the blog folder into a website in site/, ready to publish.

    Only files whose contents changed are rewritten. If anything is wrong (a broken front
    matter, a bad date, two posts with the same address) every problem is listed as
    file:line: message, nothing is written, and the exit code is 1.
    """
    config = ctx.config(base_url)
    result = build(config, BuildOptions(drafts=drafts, future=future, output=output))
    placeholder = config.placeholder_warning()
    for warning in (*result.warnings, *([placeholder] if placeholder else [])):
        print_problem(warning)
    print_summary(result.summary)


COMMANDS = [build_command]
