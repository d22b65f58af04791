"""``plnpress webmention ...``: talking to other sites about links between posts.

The group gathers every Webmention command; each is a thin layer over `plnpress.webmention`.
Add a subcommand with ``@webmention_group.command("name")`` here, or from another module with
``webmention_group.add_command(command)``.
"""

from __future__ import annotations

import sys

import click
from rich.table import Table

from plnpress.cli import receive, responses
from plnpress.cli.context import Context, pass_context
from plnpress.cli.output import console, errors
from plnpress.cli.ping import print_pings
from plnpress.cli.progress import ProgressBar
from plnpress.config.schema import BridgyConfig
from plnpress.webmention.live import Polling
from plnpress.webmention.send.run import Delivered, SendOptions, SendReport, send
from plnpress.webmention.send.sent_log import Result
from plnpress.webmention.send.sent_log_yaml import SENT_LOG


@click.group("webmention")
def webmention_group() -> None:
    """Webmentions: tell the pages you link to that you wrote about them, and hear back
    (collect, check and moderate the responses other sites make to your posts).

    A Webmention is a short note one website sends another: "my page links to yours". Blogs
    that accept them can show your post as a reply, like or mention under theirs.
    """


@webmention_group.command("send")
@click.option(
    "--dry-run",
    is_flag=True,
    help="Only list what would be sent. Nothing is fetched, sent or written.",
)
@click.option(
    "--wait-live",
    is_flag=True,
    help="First wait until each changed page is live on your site with its new links (use it "
    "right after deploying).",
)
@click.option(
    "--timeout",
    type=float,
    default=None,
    metavar="S",
    callback=lambda ctx, param, value: _at_least_one_second(value),
    help=f"With --wait-live: give up on a page after S seconds.  [default: {Polling().timeout:g}]",
)
@click.option(
    "--only",
    metavar="URL",
    help="Send only for this one entry: its address, its path (/2025/05/hello/) or its file.",
)
@click.option(
    "--republish",
    is_flag=True,
    help="Ask Bridgy Publish again for the entries' syndicate_to, although it was asked before "
    "(best with --only).",
)
@click.option(
    "--no-ping", is_flag=True, help="Do not tell the WebSub hub (websub.hub) about changed feeds."
)
@click.option(
    "--mark-sent",
    is_flag=True,
    help="Send nothing: record every link of every published entry as already notified (for a "
    "blog you moved here by hand; 'plnpress import' does it for you).",
)
@pass_context
def send_command(
    ctx: Context,
    dry_run: bool,
    wait_live: bool,
    timeout: float | None,
    only: str | None,
    republish: bool,
    no_ping: bool,
    mark_sent: bool,
) -> None:
    """Notify every page your posts link to. Run it after each deploy:

    \b
      netlify deploy --prod && plnpress webmention send --wait-live

    For each published entry, plnpress looks up where each linked page accepts Webmentions and
    sends one there (or a Pingback to older blogs). Every notification is written to
    content/mentions/_sent.yaml; commit that file. Running it again sends only what is new: links
    you added, entries you changed (all their pages are told again, also the ones you stopped
    linking to) and entries marked 'deleted: true'. Drafts, future entries and entries with
    'webmentions: false' send nothing.

    Entries with 'syndicate_to: [mastodon]' (or bluesky, ...) ask Bridgy Publish, once, to copy
    them there; the copy's address is written into the entry's 'syndication:'. With websub.hub
    in plnpress.yaml, the hub is then told which feeds changed (as 'plnpress ping' does).

    Exit code 1 if any notification failed; failures for now (a busy or broken server) are
    tried again on the next run.
    """
    if timeout is not None and not wait_live:
        raise click.UsageError("--timeout only applies together with --wait-live")
    if mark_sent:
        if dry_run or wait_live or only or republish:
            raise click.UsageError("--mark-sent sends nothing: use it without other options")
        _mark_sent(ctx)
        return
    options = SendOptions(
        dry_run=dry_run,
        wait_live=wait_live,
        polling=Polling(timeout=timeout) if timeout is not None else Polling(),
        only=only,
        republish=republish,
        ping=not no_ping,
    )
    config = ctx.config()
    if not dry_run:
        config.require_real_address("sending Webmentions (or asking Bridgy for copies)")
    with ProgressBar() as progress:
        report = send(config, options, progress)
    _print_report(report, config.site.bridgy)
    if report.failed:
        errors.print(
            f"{report.failed} notification{'s' if report.failed != 1 else ''} failed; see above."
            " Failures that may pass are tried again on the next run.",
            style="red",
            markup=False,
        )
        sys.exit(1)


def _at_least_one_second(value: float | None) -> float | None:
    if value is not None and value < 1:
        raise click.BadParameter(f"{value:g} is too short; give at least 1 second")
    return value


_LABELS = {
    Result.SENT: "sent",
    Result.NO_ENDPOINT: "no endpoint",
    Result.FAILED: "failed",
    Result.REFUSED: "refused",
}


def _mark_sent(ctx: Context) -> None:
    from plnpress.importers.baseline import baseline_sent_log

    marked = baseline_sent_log(ctx.config())
    console.print(
        f"Marked {marked} link{'s' if marked != 1 else ''} as already notified in {SENT_LOG}; "
        "nothing was sent. The next send notifies only what changes from now on.",
        markup=False,
    )


_SILO_NAMES = {"mastodon": "Mastodon", "bluesky": "Bluesky", "github": "GitHub", "flickr": "Flickr"}


def _print_report(report: SendReport, bridgy: BridgyConfig) -> None:
    if report.dry_run:
        for planned in report.plan.sends:
            silo = planned.target.removeprefix(bridgy.publish_target(""))
            if silo != planned.target and silo in _SILO_NAMES:
                line = (
                    f"would ask Bridgy to post a copy on {_SILO_NAMES[silo]}: {planned.source.url}"
                )
            else:
                line = f"would send  {planned.source.url} -> {planned.target}  ({planned.reason})"
            console.print(line, markup=False)
    for delivered in report.delivered:
        console.print(_line(delivered), markup=False)
    table = Table(title="Webmentions" + (" (dry run)" if report.dry_run else ""))
    table.add_column("result")
    table.add_column("count", justify="right")
    rows = [("would send", len(report.plan.sends))] if report.dry_run else []
    if not report.dry_run:
        rows += [
            ("sent", report.count(Result.SENT)),
            ("no endpoint", report.count(Result.NO_ENDPOINT)),
            ("failed", report.failed),
        ]
    rows += [("skipped", len(report.plan.skipped)), ("unchanged", report.plan.unchanged)]
    for label, count in rows:
        table.add_row(label, str(count))
    console.print(table)
    if not report.plan.sends:
        console.print(f"Nothing to send; {SENT_LOG} is up to date.", markup=False)
    for copy in report.copies:
        if copy.problem:
            line = f"copy at {copy.url}: add it to 'syndication:' in {copy.entry.source} by hand"
            errors.print(f"{line} ({copy.problem})", style="yellow", markup=False)
        elif copy.added:
            console.print(f"added {copy.url} to syndication: in {copy.entry.source}", markup=False)
    if report.pings is not None:
        print_pings(report.pings)


def _line(delivered: Delivered) -> str:
    planned, attempt = delivered.send, delivered.attempt
    pair = f"{planned.source.url} -> {planned.target}"
    if attempt is None:
        return f"failed       {pair}: {delivered.not_live}"
    label = _LABELS[attempt.result].ljust(12)
    detail = attempt.message or ""
    if attempt.result is Result.SENT:
        via = attempt.endpoint or f"Pingback server {attempt.pingback}"
        detail = f"{attempt.status} from {via}"
        if attempt.location:
            detail += f", status page {attempt.location}"
    return f"{label} {pair}" + (f": {detail}" if detail else "")


for _command in [*responses.COMMANDS, *receive.COMMANDS]:  # pull, add, review, receive
    webmention_group.add_command(_command)

COMMANDS = [webmention_group]
