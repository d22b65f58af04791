"""``plnpress blogroll ...``: the people you read, in ``content/blogroll.yaml``."""

from __future__ import annotations

import click

from plnpress.blogroll.discover import DiscoverReport, discover_feeds
from plnpress.cli.context import Context, pass_context
from plnpress.cli.output import console
from plnpress.content.blogroll import BLOGROLL


@click.group("blogroll")
def blogroll_group() -> None:
    """Your blogroll: the people you read, listed in content/blogroll.yaml.

    The build turns it into a /blogroll/ page and a /blogroll.opml file that feed readers import
    in one step. See docs/network.md.
    """


@blogroll_group.command("discover")
@click.option("--dry-run", is_flag=True, help="Only show what would be filled in; write nothing.")
@pass_context
def discover_command(ctx: Context, dry_run: bool) -> None:
    """Fill in the feed of everyone on the blogroll who has no 'feed:' yet.

    plnpress visits each of their sites and reads the feed the site advertises (its
    <link rel="alternate"> for Atom, RSS or JSON Feed). Only the missing 'feed:' lines are added
    to content/blogroll.yaml: your comments, order and spelling stay as they are.
    """
    report = discover_feeds(ctx.config(), dry_run=dry_run)
    _print_report(report, dry_run)


def _print_report(report: DiscoverReport, dry_run: bool) -> None:
    for done in report.looked_up:
        person, lookup = done.person, done.lookup
        if lookup.feed:
            line = f"found    {person.name} ({person.url}): {lookup.feed}"
        else:
            line = f"no feed  {person.name} ({person.url}): {lookup.problem}"
        console.print(line, markup=False)
    missing = len(report.looked_up)
    if not missing:
        console.print(f"Everyone on the blogroll has a feed ({report.people} people).")
        return
    summary = f"Found {report.found} of {missing} missing feed{'s' if missing != 1 else ''}"
    if report.written:
        summary += f"; wrote them into {BLOGROLL}."
    elif dry_run and report.found:
        summary += f" (dry run: {BLOGROLL} is unchanged)."
    else:
        summary += "."
    console.print(summary, markup=False)


COMMANDS = [blogroll_group]
