"""What every ``plnpress import`` subcommand shares: ``-C DIR`` and the closing report."""

from __future__ import annotations

from pathlib import Path

import click

from plnpress.cli.context import Context
from plnpress.cli.output import console, errors, print_problem
from plnpress.config import Config, load_config
from plnpress.importers.report import ImportReport

directory_option = click.option(
    "-C",
    "--directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The blog folder to import into.  [default: the one 'plnpress -C' names, or here]",
)
"""``-C DIR`` after the subcommand too (``plnpress import jekyll OLD -C blog``)."""


def blog_config(ctx: Context, directory: Path | None) -> Config:
    """The config of the blog to import into: ``-C`` after the subcommand wins."""
    return load_config(directory) if directory is not None else ctx.config()


def print_report(report: ImportReport) -> None:
    """Warnings, items left out and files kept (on stderr), then the summary table."""
    for problem in report.warnings:
        print_problem(problem)
    for origin, why in report.not_imported:
        errors.print(f"{origin}: not imported: {why}", style="yellow", markup=False)
    for rel in report.kept:
        errors.print(
            f"{rel}: kept as it is (edited since it was imported, or not written by an import)",
            style="yellow",
            markup=False,
        )
    console.print(report.table())
