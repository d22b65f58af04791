"""What every subcommand shares: the blog folder it works on."""

from __future__ import annotations

from pathlib import Path

import click

from plnpress.config import Config, load_config


class Context:
    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def config(self, base_url: str | None = None) -> Config:
        """The blog's validated config (raises ProblemsError, reported by main); ``base_url``
        from ``--base-url``."""
        return load_config(self.directory, base_url)


pass_context = click.make_pass_decorator(Context)
