"""``plnpress new post``, ``new page`` and ``new link``."""

from __future__ import annotations

import click

from plnpress.cli.context import Context, pass_context
from plnpress.cli.output import console
from plnpress.model.entry import bookmark_title
from plnpress.scaffold import new_link, new_page, new_post, with_scheme


@click.group("new")
def new_group() -> None:
    """Start a new post, page or link-bookmark file, named (and dated) for you."""


@new_group.command("post")
@click.argument("title")
@click.option("--slug", help="The last part of the post's address.  [default: from the title]")
@click.option("--draft", is_flag=True, help="Mark it as a draft (left out of 'build').")
@pass_context
def new_post_command(ctx: Context, title: str, slug: str | None, draft: bool) -> None:
    """Create content/posts/YYYY-MM-DD-your-title.md with its front matter filled in."""
    path = new_post(ctx.config(), title, slug=slug, draft=draft)
    console.print(f"created {path}", markup=False)


@new_group.command("page")
@click.argument("title")
@click.option("--slug", help="The page's address: /SLUG/.  [default: from the title]")
@click.option("--menu", type=int, help="Its place in the site's menu (1 first); none: not in it.")
@pass_context
def new_page_command(ctx: Context, title: str, slug: str | None, menu: int | None) -> None:
    """Create content/pages/your-title.md: a page such as About or Now, outside the dated posts."""
    path = new_page(ctx.config(), title, slug=slug, menu=menu)
    console.print(f"created {path}", markup=False)


@new_group.command("link")
@click.argument("url")
@click.option("--title", help="The linked page's title.  [default: fetched from the page]")
@click.option("--slug", help="The last part of the bookmark's address.  [default: from the title]")
@pass_context
def new_link_command(ctx: Context, url: str, title: str | None, slug: str | None) -> None:
    """Bookmark URL: create content/links/YYYY-MM-DD-title.md for your comment on it.

    The page's title is fetched (a few seconds at most). An address without https:// gets it.
    If the page cannot be read (you are offline, say), the bookmark is written all the same,
    with its address as the title: change the title line when you can.
    """
    url = with_scheme(url)
    if not url.lower().startswith(("http://", "https://")):
        raise click.BadParameter("must be a web address (https://...)", param_hint="URL")
    config = ctx.config()
    untitled = None
    if title is None:
        from plnpress.scaffold.title import fetch_title  # httpx is slow to import; only here

        title, untitled = fetch_title(config, url)
    path = new_link(config, url, title or bookmark_title(url), slug=slug)
    console.print(f"created {path}", markup=False)
    if title is None:
        console.print(
            f"Could not read the page's title ({untitled}), so the title is its address: "
            f"change the title: line in {path} when you can.",
            style="yellow",
            markup=False,
        )


COMMANDS = [new_group]
