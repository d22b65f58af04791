"""``plnpress read``: the newest entries of the people on your blogroll."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click
from rich.table import Table
from rich.text import Text

from plnpress.cli.context import Context, pass_context
from plnpress.cli.output import console, errors, print_table
from plnpress.cli.progress import ProgressBar

if TYPE_CHECKING:
    from plnpress.blogroll.read import ReadReport


@click.command("read")
@click.option(
    "--limit",
    type=click.IntRange(1),
    default=20,
    show_default=True,
    help="How many of the newest entries to list.",
)
@pass_context
def read_command(ctx: Context, limit: int) -> None:
    """Read what the people on your blogroll wrote lately.

    plnpress fetches the feed of everyone in content/blogroll.yaml (a few at a time, and only
    what changed since the last time: an unchanged feed costs one short answer) and lists the
    newest entries, each with the command that starts your reply to it. What it read is kept in
    .plnpress-cache/reading/ (not in content/): 'plnpress serve' shows it at /reading/, and so
    does your published blog with 'reading: publish: true' in plnpress.yaml.

    A feed that cannot be read (the site is down, slow, too big, or not a feed) is listed and
    keeps the entries it had; the others are read all the same.
    """
    from plnpress.blogroll.read import Result, read_blogroll  # the HTTP client is slow to import

    config = ctx.config()
    with ProgressBar() as progress:
        report = read_blogroll(config, progress)
    for outcome in report.outcomes:
        if outcome.result is Result.FAILED:
            errors.print(
                f"could not read {outcome.person.name}'s feed: {outcome.problem}",
                style="yellow",
                markup=False,
            )
    shown = report.reading.entries[:limit] if report.reading else ()
    if shown:
        table = Table(title="Newest on your blogroll")
        table.add_column("who")
        table.add_column("title")
        table.add_column("when", no_wrap=True)
        table.add_column("link", overflow="fold")
        table.add_column("to reply", overflow="fold")
        for item in shown:
            table.add_row(
                Text(
                    item.author.name
                    if item.author.name == item.person
                    else f"{item.author.name} ({item.person})"
                ),
                Text(item.title or "(a note)"),
                f"{item.date:%Y-%m-%d}",
                Text(item.url),
                Text(item.reply_command),
            )
        print_table(table)
    _summary(report, config.site.reading.publish)
    if report.outcomes and report.count(Result.FAILED) == len(report.outcomes):
        sys.exit(1)


def _summary(report: ReadReport, published: bool) -> None:
    from plnpress.blogroll.read import Result

    feeds = len(report.outcomes)
    if not feeds:
        console.print(
            "No one on the blogroll has a feed yet: add people with 'plnpress blogroll add', "
            "or find their feeds with 'plnpress blogroll discover'.",
            markup=False,
        )
        return
    entries = len(report.reading.entries) if report.reading else 0
    line = (
        f"Read {feeds} feed{'s' if feeds != 1 else ''}: {report.count(Result.NEW)} read, "
        f"{report.count(Result.UNCHANGED)} unchanged (304), {report.count(Result.FAILED)} failed; "
        f"{entries} entr{'ies' if entries != 1 else 'y'} to read."
    )
    if report.without_feed:
        line += f" {len(report.without_feed)} without a feed ('plnpress blogroll discover')."
    where = (
        "/reading/ is updated at the next build"
        if published
        else "see them at /reading/ in 'plnpress serve'"
    )
    console.print(f"{line} {where[0].upper()}{where[1:]}.", markup=False)


COMMANDS = [read_command]
