"""``plnpress import bookmarks FILE``."""

from __future__ import annotations

from pathlib import Path

import click

from plnpress.cli.context import Context, pass_context
from plnpress.cli.import_common import blog_config, directory_option, print_report
from plnpress.importers.bookmarks import import_bookmarks


@click.command("bookmarks")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@directory_option
@pass_context
def bookmarks_command(ctx: Context, file: Path, directory: Path | None) -> None:
    """Import the bookmarks in FILE as link-bookmarks (content/links/).

    FILE is a browser's bookmark export (Firefox, Chrome, Safari, Edge: "Export bookmarks to
    HTML"), or Pinboard's, Raindrop's or Pocket's HTML export, or Pinboard's JSON export. Each
    bookmark keeps its address, title, date, tags (and folders) and description; private ones
    become drafts. One link per address: importing again updates the links you have not
    edited, and never makes a second one.
    """
    report = import_bookmarks(blog_config(ctx, directory), file)
    print_report(report)


COMMANDS = [bookmarks_command]
