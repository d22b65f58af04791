"""``plnpress micropub token`` and ``plnpress micropub tokens`` (docs/micropub.md)."""

from __future__ import annotations

from pathlib import Path

import click

from plnpress.cli.context import Context, pass_context
from plnpress.cli.output import console
from plnpress.cli.server import db_option, server_db
from plnpress.errors import PlnpressError

SCOPES = ("create", "update", "delete", "media", "draft", "profile", "email")


@click.group("micropub")
def micropub_group() -> None:
    """Access tokens for posting to your blog with 'plnpress server' (Micropub)."""


@micropub_group.command("token")
@click.option(
    "--scope",
    default="create update delete media",
    show_default=True,
    help="What the token may do: any of create, update, delete, media, draft.",
)
@click.option("--name", default="command line", show_default=True, help="A name to revoke it by.")
@db_option("The server's SQLite file.")
@pass_context
def token_command(ctx: Context, scope: str, name: str, db: Path | None) -> None:
    """Make a token for a script or an app without a sign-in, and print it alone.

    Keep it like a password: anyone holding it can post to your blog with its scopes.
    Revoke it with 'plnpress micropub tokens --revoke NAME'.
    """
    from plnpress.indieauth.store import AuthStore

    scopes = frozenset(scope.replace(",", " ").split())
    unknown = sorted(scopes - set(SCOPES))
    if not scopes or unknown:
        raise click.BadParameter(
            f"{', '.join(unknown) or 'nothing'}: choose from {', '.join(SCOPES)}",
            param_hint="--scope",
        )
    config = ctx.config()
    store = AuthStore(server_db(ctx, db))
    try:
        token = store.issue(scopes, config.base_url, name=name)
    finally:
        store.close()
    click.echo(token)


@micropub_group.command("tokens")
@click.option("--revoke", metavar="NAME", help="Revoke the token with this name.")
@db_option("The server's SQLite file.")
@pass_context
def tokens_command(ctx: Context, revoke: str | None, db: Path | None) -> None:
    """List the tokens that can post to your blog, or revoke one by its name."""
    from plnpress.indieauth.store import AuthStore

    store = AuthStore(server_db(ctx, db))
    try:
        if revoke is not None:
            if not store.revoke_named(revoke):
                raise PlnpressError(
                    f"no token is named {revoke!r}; 'plnpress micropub tokens' lists them"
                )
            console.print(f"Revoked {revoke}.", markup=False)
            return
        grants = store.grants()
    finally:
        store.close()
    if not grants:
        console.print("No tokens yet.", markup=False)
        return
    for grant in grants:
        app = grant.client_id or "command line"
        used = grant.used or "never"
        console.print(
            f"{grant.name}  ({' '.join(sorted(grant.scope))})  {app}  created {grant.created}"
            f"  last used {used}",
            markup=False,
        )
    console.print(f"{len(grants)} token{'s' if len(grants) != 1 else ''}.", markup=False)


COMMANDS = [micropub_group]
