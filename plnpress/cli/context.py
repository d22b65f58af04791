"""What every subcommand shares: the blog folder it works on."""

from __future__ import annotations

from pathlib import Path

import click

from plnpress.config import Config, find_blog_folder, load_config


class Context:
    def __init__(self, directory: Path) -> None:
        self.directory = directory

    @property
    def blog_folder(self) -> Path:
        """The folder with ``plnpress.yaml``: the given one or the nearest above it (as git does),
        so that every command works from any subfolder of the blog."""
        return find_blog_folder(self.directory)

    def config(self, base_url: str | None = None) -> Config:
        """The blog's validated config (raises ProblemsError, reported by main); ``base_url``
        from ``--base-url``."""
        return load_config(self.blog_folder, base_url)


pass_context = click.make_pass_decorator(Context)
