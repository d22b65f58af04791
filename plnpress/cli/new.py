"""``plnpress new post`` and ``plnpress new link``."""

from __future__ import annotations

import sys

import click

from plnpress.cli.context import Context, pass_context
from plnpress.cli.output import console
from plnpress.errors import PlnpressError
from plnpress.scaffold import new_link, new_post


@click.group("new")
def new_group() -> None:
    """Start a new post or link-bookmark file, named and dated for you."""


@new_group.command("post")
@click.argument("title")
@click.option("--slug", help="The last part of the post's address.  [default: from the title]")
@click.option("--draft", is_flag=True, help="Mark it as a draft (left out of 'build').")
@pass_context
def new_post_command(ctx: Context, title: str, slug: str | None, draft: bool) -> None:
    """Create content/posts/YYYY-MM-DD-your-title.md with its front matter filled in."""
    path = new_post(ctx.config(), title, slug=slug, draft=draft)
    console.print(f"created {path}", markup=False)


@new_group.command("link")
@click.argument("url")
@click.option("--title", help="The linked page's title.  [default: fetched from the page]")
@click.option("--slug", help="The last part of the bookmark's address.  [default: from the title]")
@pass_context
def new_link_command(ctx: Context, url: str, title: str | None, slug: str | None) -> None:
    """Bookmark URL: create content/links/YYYY-MM-DD-title.md for your comment on it.

    The page's title is fetched (a few seconds at most); if that fails, give --title.
    """
    if not url.lower().startswith(("http://", "https://")):
        raise click.BadParameter("must start with http:// or https://", param_hint="URL")
    config = ctx.config()
    if title is None:
        from plnpress.scaffold.title import fetch_title  # httpx is slow to import; only here

        title, reason = fetch_title(config, url)
        if title is None:
            if not sys.stdin.isatty():
                raise PlnpressError(f"could not read the title of {url} ({reason}); pass --title")
            console.print(f"Could not read the page's title ({reason}).", markup=False)
            title = click.prompt("Title")
    path = new_link(config, url, title, slug=slug)
    console.print(f"created {path}", markup=False)


COMMANDS = [new_group]
