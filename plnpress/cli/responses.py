"""``plnpress webmention pull``, ``add`` and ``review``: responses in.

They join the ``webmention`` group that ``plnpress.cli.webmention`` defines (next to ``send``).
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeVar

import click

from plnpress.cli.context import Context, pass_context
from plnpress.cli.output import console, errors
from plnpress.clock import now
from plnpress.config import CONFIG_FILE, Config
from plnpress.errors import PlnpressError
from plnpress.mentions.review import Review, open_review
from plnpress.mentions.sanitize import plain_text
from plnpress.model.response import Response

if TYPE_CHECKING:  # the network modules load httpx, which is slow to import: only when used
    from plnpress.fetch.client import GuardedClient
    from plnpress.webmention.harvest.run import PullReport

T = TypeVar("T")


@click.command("pull")
@click.option(
    "--refresh",
    is_flag=True,
    help="Also re-check every stored response: one whose page is gone (410) or no longer "
    "links here is removed for good; one that cannot be reached now is kept.",
)
@pass_context
def pull_command(ctx: Context, refresh: bool) -> None:
    """Collect new responses into content/mentions/ (then commit that folder).

    Asks webmention.io for what arrived since the last pull (with the token in the
    PLNPRESS_WEBMENTION_IO_TOKEN environment variable), checks that each page really links to
    your post, reads who wrote it and what it says, and stores it. A site's first response waits
    for 'plnpress webmention review' (see webmention.moderation).
    """
    from plnpress.webmention.harvest.run import pull

    config = ctx.config()
    if not refresh:
        _require_a_place_to_pull_from(config)
    with console.status("Collecting responses…"):
        report = _run(config, lambda client: pull(config, client, refresh=refresh))
    _print_report(report)


def _require_a_place_to_pull_from(config: Config) -> None:
    """Stop with what to set up when there is no endpoint or receiver to read responses from."""
    settings = config.site.webmention
    if settings.receiver or settings.endpoint:
        return
    where = f"{CONFIG_FILE}:{config.line_of('webmention') or 1}"
    raise PlnpressError(
        f"{where}: there is nowhere to collect responses from yet: set webmention.endpoint "
        "(webmention.io) or webmention.receiver (your own receiver) first; "
        "docs/getting-started.md, 'Hear back', shows how"
    )


@click.command("add")
@click.argument("source")
@click.argument("target", required=False)
@pass_context
def add_command(ctx: Context, source: str, target: str | None) -> None:
    """Store a response that reached you another way (by e-mail, say).

    SOURCE is the page that responds; TARGET the post of yours it responds to (leave it out to
    take every post SOURCE links to). The page is checked like any other response and, since
    you chose it, shown at once.
    """
    from plnpress.webmention.harvest.run import add

    for value, name in ((source, "SOURCE"), (target, "TARGET")):
        if value is not None and not value.lower().startswith(("http://", "https://")):
            raise click.BadParameter("must start with http:// or https://", param_hint=name)
    config = ctx.config()
    report = _run(config, lambda client: add(config, client, source, target))
    _print_report(report)


@click.command("review")
@click.option("--list", "list_only", is_flag=True, help="Only list what waits for review.")
@click.option(
    "--approve", multiple=True, metavar="SOURCE", help="Approve the response from SOURCE."
)
@click.option("--reject", multiple=True, metavar="SOURCE", help="Reject the response from SOURCE.")
@click.option(
    "--block", multiple=True, metavar="DOMAIN", help="Never show anything from DOMAIN again."
)
@pass_context
def review_command(
    ctx: Context,
    list_only: bool,
    approve: tuple[str, ...],
    reject: tuple[str, ...],
    block: tuple[str, ...],
) -> None:
    """Decide on the responses that wait for approval.

    In a terminal it shows each one and asks: approve, reject, block its site, or skip. Scripts
    pass --approve, --reject and --block (each may be repeated), or --list to see the queue.
    """
    review = open_review(ctx.config(), now())
    if approve or reject or block:
        for source in approve:
            _said("approved", review.approve(source))
        for source in reject:
            _said("rejected", review.reject(source))
        for domain in block:
            rejected = review.block(domain)
            console.print(f"blocked {domain}", markup=False)
            _said("rejected", rejected)
    elif list_only or not _is_terminal():
        for response in review.pending:
            _describe(response)
    else:
        _interactive(review)
    written = review.save()
    for path in written:
        console.print(f"wrote {path}", markup=False)
    waiting = len(review.pending)
    console.print(
        f"{waiting} response{'s' if waiting != 1 else ''} waiting for review", markup=False
    )
    if written:
        console.print(
            "Next: plnpress build (or keep plnpress serve running) shows the approved ones under "
            "your posts; then commit content/mentions/ and publish the site.",
            markup=False,
        )


def _is_terminal() -> bool:
    """Whether someone is there to answer prompts (scripts and CI get the list instead)."""
    return sys.stdin.isatty()


def _interactive(review: Review) -> None:
    for response in review.pending:
        if review.archive.get(response.source, response.target) is None:
            continue  # rejected with its domain a moment ago
        _describe(response)
        choice = click.prompt(
            "[a]pprove, [r]eject, [b]lock its site, [s]kip, [q]uit",
            type=click.Choice(["a", "r", "b", "s", "q"]),
            default="s",
            show_choices=False,
        )
        if choice == "a":
            _said("approved", review.approve(response.source))
        elif choice == "r":
            _said("rejected", review.reject(response.source))
        elif choice == "b":
            _said("rejected", review.block(response.domain))
        elif choice == "q":
            break


def _describe(response: Response) -> None:
    what = f"{response.kind.value} by {response.author.name} ({response.domain})"
    console.print(f"\n{what}\n  from {response.source}\n  to   {response.target}", markup=False)
    text = plain_text(response.content_html) or response.excerpt
    if text:
        console.print(f"  “{text[:300]}”", markup=False)


def _said(verb: str, responses: list[Response]) -> None:
    for response in responses:
        console.print(f"{verb} {response.source} -> {response.target}", markup=False)


def _run(config: Config, work: Callable[[GuardedClient], Awaitable[T]]) -> T:
    from plnpress.fetch.client import GuardedClient
    from plnpress.fetch.policy import policy_for

    async def main() -> T:
        async with GuardedClient(policy_for(config)) as client:
            return await work(client)

    return asyncio.run(main())


def _print_report(report: PullReport) -> None:
    for note in report.notes:
        errors.print(note, style="yellow", markup=False)
    for source, target, reason in report.removed:
        console.print(f"removed {source} -> {target}: {reason}", markup=False)
    for source, target, reason in report.skipped:
        console.print(f"not stored {source} -> {target}: {reason}", markup=False)
    for source, _, reason in report.retrying:
        console.print(f"will retry {source}: {reason}", markup=False)
    for response in report.stored:
        console.print(
            f"stored {response.kind.value} from {response.source} ({response.status.value})",
            markup=False,
        )
    for path in report.files:
        console.print(f"wrote {path}", markup=False)
    console.print(report.summary, markup=False)


COMMANDS = [pull_command, add_command, review_command]
"""Added to the ``webmention`` group."""
