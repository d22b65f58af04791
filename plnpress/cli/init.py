"""``plnpress init``."""

from __future__ import annotations

from pathlib import Path

import click

from plnpress.cli.output import console
from plnpress.config import CONFIG_FILE
from plnpress.config.model import is_placeholder_url
from plnpress.scaffold import init_blog


@click.command("init")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--title", default="My learning journal", show_default=True, help="The blog's name.")
@click.option(
    "--url",
    default="https://example.org/",
    show_default=True,
    help="Where the blog will be published, e.g. https://you.netlify.app/ (until you set it, "
    "nothing is sent to other sites).",
)
@click.option("--author", default="Your Name", show_default=True, help="Your name.")
@click.option(
    "--timezone",
    default="UTC",
    show_default=True,
    help="Your timezone, e.g. Europe/Berlin: dates you write are read in it.",
)
def init_command(folder: Path, title: str, url: str, author: str, timezone: str) -> None:
    """Make a new blog folder: settings, a first post, a first link and an about page.

    It builds at once: cd into it and run 'plnpress build' or 'plnpress serve'.
    """
    made = init_blog(folder, title=title, url=url, author=author, timezone=timezone)
    for path in made:
        console.print(f"created {path}", markup=False)
    if is_placeholder_url(url):
        console.print(
            f"{url} is a placeholder: set base_url in {folder / CONFIG_FILE} to your blog's "
            "address before you publish (or run init with --url).",
            style="yellow",
            markup=False,
        )
    console.print(f"Your blog is in {folder}. Next: cd {folder} && plnpress serve", markup=False)


COMMANDS = [init_command]
