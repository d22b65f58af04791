"""``plnpress server`` and ``plnpress server password`` (docs/micropub.md)."""

from __future__ import annotations

import getpass
import logging
import os
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import click

from plnpress.cli.context import Context, pass_context
from plnpress.cli.output import console
from plnpress.cli.receive import listen_options
from plnpress.errors import PlnpressError

Command = TypeVar("Command", bound=Callable[..., object])


def db_option(help_text: str) -> Callable[[Command], Command]:
    return click.option(
        "--db",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help=f"{help_text}  [default: server.sqlite3 in the blog folder]",
    )


def server_db(ctx: Context, db: Path | None) -> Path:
    from plnpress.server.settings import default_db

    return db if db is not None else default_db(ctx.config().root)


@click.group("server", invoke_without_command=True)
@listen_options("server")
@db_option("The SQLite file for Webmentions, tokens and the password (created if missing).")
@click.option(
    "--site",
    "site_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="A built site/ folder whose sitemap.xml lists the pages that take Webmentions.  "
    "[default: the blog's site/ if built, else the published sitemap]",
)
@click.pass_context
def server_group(
    click_ctx: click.Context,
    host: str,
    port: int,
    db: Path | None,
    site_dir: Path | None,
    forwarded_allow_ips: str | None,
    root_path: str,
) -> None:
    """Run your blog's own server (stop with Ctrl-C): Webmentions, Micropub and IndieAuth.

    Apps such as Quill, Indigenous or iA Writer sign in at /auth with the password you set with
    'plnpress server password' and post to /micropub; each post is written into content/ the
    way 'plnpress new' would, then published as micropub.publish says (git-push, build-hook or
    none). Set server.url in plnpress.yaml to the server's public address so that your site
    advertises it. Everything 'plnpress webmention receive' does happens at /webmention.
    See docs/micropub.md.
    """
    if click_ctx.invoked_subcommand is not None:
        return
    ctx: Context = click_ctx.find_object(Context)  # type: ignore[assignment]
    from plnpress.cli.receive import blog_defaults, listen_from
    from plnpress.receiver.server import ReceiverServer
    from plnpress.receiver.settings import ReceiverSettings
    from plnpress.server.app import check_settings, make_server_app
    from plnpress.server.settings import COMMAND, ServerSettings

    config = ctx.config()
    defaults = blog_defaults(ctx)
    flags: dict[str, Any] = {"db": server_db(ctx, db)}
    if site_dir is not None:
        flags["site_dir"] = site_dir
    receiver = replace(ReceiverSettings.from_env(os.environ, **defaults, **flags), **flags)
    settings = ServerSettings(
        config.root, receiver, ServerSettings.introspection_token_from(os.environ)
    )
    check_settings(settings)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    listen = listen_from(host, port, forwarded_allow_ips, root_path)
    server = ReceiverServer(receiver, listen, make_server_app(settings), COMMAND)

    def announce(url: str) -> None:
        base = url.removesuffix("/webmention")
        public = config.site.server.url or "(set server.url in plnpress.yaml)"
        console.print(
            f"Serving {config.base_url} at {base}: /webmention, /micropub, /auth\n"
            f"Public address: {public}; database: {settings.db}\n"
            f"Posts are published with: {config.site.micropub.publish}\n"
            "Press Ctrl-C to stop.",
            markup=False,
        )

    server.run(announce)
    console.print("Stopped.", markup=False)


@server_group.command("password")
@db_option("The server's SQLite file.")
@pass_context
def password_command(ctx: Context, db: Path | None) -> None:
    """Set the password you sign in with when an app asks (stored as an scrypt hash).

    It is read from the terminal (typed twice, not shown), or, without a terminal, as two
    lines from standard input: printf '%s\\n%s\\n' "$PW" "$PW" | plnpress server password
    """
    from plnpress.indieauth.passwords import PasswordError, hash_password
    from plnpress.indieauth.store import AuthStore

    path = server_db(ctx, db)
    first, second = _read_password_twice()
    if first != second:
        raise PlnpressError("the two passwords differ; nothing was changed")
    try:
        stored = hash_password(first)
    except PasswordError as exc:
        raise PlnpressError(str(exc)) from None
    store = AuthStore(path)
    try:
        store.set_password_hash(stored)
    finally:
        store.close()
    console.print(f"Password set (in {path}).", markup=False)


def _read_password_twice() -> tuple[str, str]:
    if sys.stdin.isatty():
        return getpass.getpass("New password: "), getpass.getpass("Again: ")
    lines = sys.stdin.read().splitlines()
    if len(lines) < 2:
        raise PlnpressError("give the new password twice, on two lines of standard input")
    return lines[0], lines[1]


COMMANDS = [server_group]
