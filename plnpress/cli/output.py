"""How commands talk to the terminal: problems on stderr, summaries on stdout."""

from __future__ import annotations

import sys
from typing import NoReturn

from rich.console import Console, RenderableType

from plnpress.errors import Problem, ProblemsError

console = Console(highlight=False, soft_wrap=True)
errors = Console(stderr=True, highlight=False, soft_wrap=True)


UNWRAPPED = 1000
"""Columns a table may take when the output is not a terminal (a file, a pipe): a row per line,
addresses whole, for whoever reads it next."""


def print_table(table: RenderableType) -> None:
    """A rich table on stdout: as wide as the terminal, or unwrapped when there is none."""
    if console.is_terminal:
        console.print(table)
    else:  # a console's own width caps any width asked of print()
        Console(file=console.file, width=UNWRAPPED, highlight=False).print(table)


def print_problem(problem: Problem) -> None:
    if not errors.is_terminal:  # no colour to add: a blog brought from elsewhere may have
        errors.file.write(f"{problem}\n")  # thousands of warnings, and rich takes its time
        return
    style = "red" if problem.is_error else "yellow"
    errors.print(str(problem), style=style, markup=False)


def report_problems(exc: ProblemsError) -> None:
    for problem in exc.problems:
        print_problem(problem)
    errors.print(exc.summary, style="bold red", markup=False)


def fail(message: str) -> NoReturn:
    errors.print(f"Error: {message}", style="red", markup=False)
    sys.exit(1)
