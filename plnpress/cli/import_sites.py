"""``plnpress import jekyll|hugo|pelican|eleventy SOURCE_DIR``."""

from __future__ import annotations

from pathlib import Path

import click

from plnpress.cli.context import Context, pass_context
from plnpress.cli.import_common import blog_config, directory_option, print_report
from plnpress.importers.sites.run import GENERATORS, import_site

_DEFAULTS = {
    "jekyll": "Jekyll: /:categories/:year/:month/:day/:title.html (its 'date' style)",
    "hugo": "Hugo: /:sections/:slugorfilename/",
    "pelican": "Pelican: {slug}.html",
    "eleventy": "Eleventy: the file's path (/blog/my-post/)",
}


def _command(generator: str) -> click.Command:
    @click.command(generator)
    @click.argument("source_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
    @click.option(
        "--old-permalink",
        "old_permalinks",
        multiple=True,
        metavar="[SECTION=]PATTERN",
        help="The old site's address pattern, written as its generator writes it, when "
        "SOURCE_DIR lacks the config that says it (or to correct it); SECTION limits it to "
        "one folder (posts/, notes/). May be given several times.  "
        f"[default: from the config, else {_DEFAULTS[generator]}]",
    )
    @directory_option
    @pass_context
    def command(
        ctx: Context, source_dir: Path, old_permalinks: tuple[str, ...], directory: Path | None
    ) -> None:
        config = blog_config(ctx, directory)
        report = import_site(config, generator, source_dir, old_permalinks)
        print_report(report)

    command.help = (
        f"Import the {generator.capitalize()} site in SOURCE_DIR: posts, drafts, pages, "
        "pictures (bundles and static files) and old addresses.\n\n"
        "Front matter becomes plnpress's (TOML and Pelican headers too), the common template "
        "tags become Markdown, and every old address that differs from the new one becomes "
        "an alias, so old links keep working. What cannot be converted is left in place and "
        "listed with its file and line. Running it again changes nothing, and a file you "
        "edited since is kept."
    )
    return command


COMMANDS = [_command(generator) for generator in GENERATORS]
