"""``plnpress webmention receive``: run the self-hosted Webmention receiver (docs/receiver.md)."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from plnpress.cli.context import Context, pass_context
from plnpress.cli.output import console
from plnpress.config import CONFIG_FILE
from plnpress.errors import PlnpressError
from plnpress.receiver.settings import BASE_URL_ENV, DEFAULT_PORT, ReceiverSettings

if TYPE_CHECKING:
    from plnpress.receiver.server import Listen

Command = TypeVar("Command", bound=Callable[..., object])


def listen_options(what: str) -> Callable[[Command], Command]:
    """``--host``, ``--port``, ``--forwarded-allow-ips`` and ``--root-path``: where and behind
    which proxy the `what` listens (``receive`` and ``server`` take the same)."""
    options = [
        click.option(
            "--host", default="127.0.0.1", show_default=True, help="Address to listen on."
        ),
        click.option(
            "--port",
            type=click.IntRange(0, 65535),
            default=DEFAULT_PORT,
            show_default=True,
            help="Port to listen on (0 picks a free one).",
        ),
        click.option(
            "--forwarded-allow-ips",
            default=None,
            help="Reverse proxies whose X-Forwarded-For is trusted (comma-separated).  "
            "[default: 127.0.0.1]",
        ),
        click.option(
            "--root-path",
            default="",
            help=f"The path your proxy serves the {what} under, e.g. /api (default: none).",
        ),
    ]

    def apply(command: Command) -> Command:
        for option in reversed(options):
            command = option(command)
        return command

    return apply


@click.command("receive")
@listen_options("receiver")
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The SQLite file that keeps every Webmention (created if missing).  "
    "[default: webmentions.sqlite3]",
)
@click.option(
    "--site",
    "site_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="A built site/ folder: its sitemap.xml says which pages exist (re-read when it "
    "changes). Without it: the blog folder's site/ if built, else the published sitemap.",
)
@click.option(
    "--base-url",
    default=None,
    help="Your blog's address, if there is no plnpress.yaml here.",
)
@pass_context
def receive_command(
    ctx: Context,
    host: str,
    port: int,
    db: Path | None,
    site_dir: Path | None,
    base_url: str | None,
    forwarded_allow_ips: str | None,
    root_path: str,
) -> None:
    """Receive Webmentions for your blog on your own server (stop with Ctrl-C).

    Other sites POST to /webmention; each request is checked at once, stored, and its source
    fetched in the background to confirm it links to your post. 'plnpress webmention pull'
    then collects the verified ones from /webmention/export (set the same secret token in
    PLNPRESS_RECEIVER_TOKEN on both sides). Point webmention.endpoint in plnpress.yaml at
    the public address of /webmention (behind an HTTPS proxy). Every setting is in
    docs/receiver.md.
    """
    from plnpress.receiver.server import ReceiverServer  # uvicorn: only when used

    defaults = blog_defaults(ctx)
    flags: dict[str, Any] = {"base_url": base_url, "db": db, "site_dir": site_dir}
    flags = {name: value for name, value in flags.items() if value is not None}
    if "base_url" not in defaults and "base_url" not in flags and not os.environ.get(BASE_URL_ENV):
        raise PlnpressError(
            f"no {CONFIG_FILE} in {ctx.blog_folder} or above: run this in your blog folder, or give"
            f" --base-url (or set {BASE_URL_ENV})"
        )
    settings = replace(ReceiverSettings.from_env(os.environ, **defaults, **flags), **flags)
    listen = listen_from(host, port, forwarded_allow_ips, root_path)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # the receiver logs each check itself
    server = ReceiverServer(settings, listen)

    def announce(url: str) -> None:
        console.print(
            f"Receiving Webmentions for {settings.base_url} at {url}\n"
            f"Database: {settings.db}; pages from {settings.pages_source}\n"
            "Press Ctrl-C to stop.",
            markup=False,
        )

    server.run(announce)
    console.print("Stopped.", markup=False)


def listen_from(host: str, port: int, forwarded_allow_ips: str | None, root_path: str) -> Listen:
    """Where to listen, from the flags (``FORWARDED_ALLOW_IPS`` as uvicorn reads it)."""
    from plnpress.receiver.server import Listen

    return Listen(
        host=host,
        port=port,
        forwarded_allow_ips=forwarded_allow_ips
        or os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
        root_path=root_path.rstrip("/"),
    )


def blog_defaults(ctx: Context) -> dict[str, Any]:
    """What the blog folder says, when there is one: its address, its fetch switch, its site/."""
    if not (ctx.blog_folder / CONFIG_FILE).is_file():
        return {}
    from plnpress.fetch.policy import policy_for

    config = ctx.config()
    defaults: dict[str, Any] = {"base_url": config.base_url, "fetch": policy_for(config)}
    if (config.root / "site" / "sitemap.xml").is_file():
        defaults["site_dir"] = config.root / "site"
    return defaults


COMMANDS = [receive_command]
"""Added to the ``webmention`` group."""
