"""``plnpress import ...``: bring posts, pages and bookmarks from elsewhere into this blog.

The group holds one subcommand per source; each lives in its own module, listed in
``_SUBCOMMANDS``, and ends with :func:`plnpress.cli.import_common.print_report`.
"""

from __future__ import annotations

import importlib

import click

_SUBCOMMANDS = ("plnpress.cli.import_sites", "plnpress.cli.import_bookmarks")
"""Modules whose ``COMMANDS`` are the subcommands of ``plnpress import``."""


@click.group("import")
def import_group() -> None:
    """Bring a blog made elsewhere into this one: posts, drafts, pages, pictures, and the old
    addresses, which keep working as redirects.

    Run it inside a blog folder made by 'plnpress init' (or give -C DIR). Importing the same
    thing again changes nothing, and never overwrites a file you edited since. Links in the
    imported entries are marked as already notified, so the next 'plnpress webmention send'
    sends nothing for them. See docs/migrating.md.
    """


for _module in _SUBCOMMANDS:
    for _command in importlib.import_module(_module).COMMANDS:
        import_group.add_command(_command)

COMMANDS = [import_group]
