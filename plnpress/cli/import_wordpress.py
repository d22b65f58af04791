"""``plnpress import wordpress EXPORT.xml``."""

from __future__ import annotations

from pathlib import Path

import click

from plnpress.cli.context import Context, pass_context
from plnpress.cli.import_common import blog_config, directory_option, print_report


@click.command("wordpress")
@click.argument("export", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@directory_option
@click.option(
    "--no-media",
    is_flag=True,
    help="Do not download the old site's pictures and files: posts keep their old addresses.",
)
@click.option(
    "--categories-as-tags",
    is_flag=True,
    help="Make every WordPress category a tag.  [default: the first category is the entry's "
    "category, the others are tags]",
)
@pass_context
def wordpress_command(
    ctx: Context, export: Path, directory: Path | None, no_media: bool, categories_as_tags: bool
) -> None:
    """Import a WordPress export: posts, pages, drafts, comments, pictures and old addresses.

    EXPORT is the file WordPress makes under Tools > Export (WXR 1.0, 1.1 or 1.2). Posts and
    pages become Markdown files; drafts, pending, private and password-protected posts become
    drafts; scheduled posts keep their date. Approved comments, pingbacks and trackbacks are
    kept as responses under their posts. The pictures and files the posts show are downloaded
    into content/static/ (unless --no-media). Every old address, /?p=123 too, redirects to
    the new one. Importing the same export again changes nothing. See docs/migrating.md.
    """
    from plnpress.cli.progress import ProgressBar  # rich's progress bar: only when importing
    from plnpress.importers.wordpress.run import import_wordpress
    from plnpress.importers.wordpress.writer import WordPressOptions

    config = blog_config(ctx, directory)
    options = WordPressOptions(media=not no_media, categories_as_tags=categories_as_tags)
    with ProgressBar() as progress:
        report = import_wordpress(config, export, options, progress)
    print_report(report)


COMMANDS = [wordpress_command]
