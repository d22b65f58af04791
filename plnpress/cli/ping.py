"""``plnpress ping``: tell the WebSub hub which feeds changed, right after a deploy."""

from __future__ import annotations

import sys

import click

from plnpress.cli.context import Context, pass_context
from plnpress.cli.output import console, errors
from plnpress.webmention.websub.run import PingOptions, PingReport, ping
from plnpress.webmention.websub.state import STATE_FILE


@click.command("ping")
@click.option("--dry-run", is_flag=True, help="Only list the feeds that changed; send nothing.")
@click.option(
    "--wait-live",
    is_flag=True,
    help="First wait until each changed feed is live on your site as just built.",
)
@pass_context
def ping_command(ctx: Context, dry_run: bool, wait_live: bool) -> None:
    """Tell your WebSub hub (websub.hub in plnpress.yaml) which feeds changed.

    \b
      netlify deploy --prod && plnpress ping --wait-live

    Feed readers subscribed through the hub then hear about new posts at once instead of at
    their next check. Only feeds that changed since the last ping are sent (the record is
    content/mentions/_websub.yaml; commit it). 'plnpress webmention send' pings as well.
    Exit code 1 if the hub could not be told; that is tried again on the next run.
    """
    config = ctx.config()
    if not dry_run:
        config.require_real_address("telling a WebSub hub about its feeds")
    report = ping(config, PingOptions(dry_run=dry_run, wait_live=wait_live))
    print_pings(report)
    if report.failed:
        sys.exit(1)


def print_pings(report: PingReport) -> None:
    """One line per changed topic, then a summary."""
    if report.dry_run:
        for planned in report.planned:
            console.print(f"would ping  {report.hub} about {planned.topic}", markup=False)
    for done in report.pinged:
        if done.ok and done.result is not None:
            console.print(f"pinged      {done.ping.topic}: {done.result.message}", markup=False)
        else:
            why = done.not_live or (done.result.message if done.result else "")
            errors.print(f"not pinged  {done.ping.topic}: {why}", style="red", markup=False)
    if not report.planned:
        console.print(
            f"WebSub: no feed changed since the hub was last told ({STATE_FILE}).", markup=False
        )
        return
    told = sum(1 for done in report.pinged if done.ok)
    verb = "would tell" if report.dry_run else f"told {told} of"
    console.print(
        f"WebSub: {verb} {len(report.planned)} changed topic"
        f"{'s' if len(report.planned) != 1 else ''} to {report.hub}; "
        f"{report.unchanged} unchanged.",
        markup=False,
    )


COMMANDS = [ping_command]
