"""``plnpress blogroll ...``: the people you read, in ``content/blogroll.yaml``."""

from __future__ import annotations

from pathlib import Path

import click
from rich.table import Table
from rich.text import Text

from plnpress.blogroll.discover import DiscoverReport, discover_feeds
from plnpress.cli.context import Context, pass_context
from plnpress.cli.output import console, print_table
from plnpress.content.blogroll import BLOGROLL
from plnpress.scaffold import with_scheme


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


@blogroll_group.command("add")
@click.argument("url")
@click.option("--dry-run", is_flag=True, help="Only show who would be added; write nothing.")
@pass_context
def add_command(ctx: Context, url: str, dry_run: bool) -> None:
    """Put the person behind the site at URL on your blogroll.

    plnpress visits the site once and reads who it belongs to (the site's h-card: name, photo
    and a line about them; else the site's title) and the feed it advertises, then adds them at
    the end of content/blogroll.yaml. Nothing else in the file changes. The photo is kept in
    content/static/blogroll/, so your pages never load it from their site. A site already on
    the blogroll is not added twice (exit 1).
    """
    from plnpress.blogroll.add import add_person  # the HTTP client is slow to import

    url = with_scheme(url)
    if not url.lower().startswith(("http://", "https://")):
        raise click.BadParameter("must be a web address (https://...)", param_hint="URL")
    added = add_person(ctx.config(), url, dry_run=dry_run)
    person = added.person
    source = "its h-card" if added.from_card else "its title (the site has no h-card)"
    console.print(f"{person.name} ({person.url}), named by {source}", markup=False)
    console.print(f"  feed: {person.feed or 'none advertised'}", markup=False)
    if person.photo:
        console.print(f"  photo: kept as content/static{person.photo}", markup=False)
    if dry_run:
        console.print(f"Dry run: {BLOGROLL} is unchanged.", markup=False)
    else:
        console.print(f"Added to {BLOGROLL}; change anything you like there.", markup=False)


@blogroll_group.command("import")
@click.argument("opml", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Only show who would be added; write nothing.")
@pass_context
def import_command(ctx: Context, opml: Path, dry_run: bool) -> None:
    """Add every subscription of a feed reader's OPML export to your blogroll.

    Export your subscriptions from your feed reader (Feedly, Inoreader, NetNewsWire, Miniflux
    and the rest call it "Export OPML"), then give the file here. Each feed becomes a person
    at the end of content/blogroll.yaml, with the reader's folders as tags. Sites already on
    the blogroll are left out and listed. Nothing is fetched.
    """
    from plnpress.blogroll.opml import import_opml

    report = import_opml(ctx.config(), opml, dry_run=dry_run)
    for person in report.added:
        console.print(f"added    {person.name} ({person.feed})", markup=False)
    for person, why in report.skipped:
        console.print(f"skipped  {person.name} ({person.feed}): {why}", markup=False)
    done = "would add" if dry_run else "added"
    console.print(
        f"{len(report.added)} {done}, {len(report.skipped)} left out"
        + (f"; {BLOGROLL} is unchanged." if not report.written else f" to {BLOGROLL}."),
        markup=False,
    )


@blogroll_group.command("suggest")
@click.option("--limit", type=click.IntRange(1), default=20, show_default=True)
@pass_context
def suggest_command(ctx: Context, limit: int) -> None:
    """List people you are in touch with who are not on your blogroll yet.

    Counted from your blog, as the /network/ page is: the people who responded to your posts
    and the sites your posts link to most. Each comes with the command that adds them.
    """
    from plnpress.blogroll.suggest import suggestions

    found = suggestions(ctx.config())
    if not found:
        console.print("No one to suggest: everyone you are in touch with is on the blogroll.")
        return
    table = Table(title="Not on your blogroll yet")
    table.add_column("who")
    table.add_column("responses", justify="right")
    table.add_column("links", justify="right")
    table.add_column("to add them", overflow="fold")
    for one in found[:limit]:
        table.add_row(
            Text(one.name),
            str(one.responses),
            str(one.links),
            Text(f"plnpress blogroll add {one.url}"),
        )
    print_table(table)
    console.print(f"{len(found)} suggestion{'s' if len(found) != 1 else ''}.", markup=False)


COMMANDS = [blogroll_group]
