"""How commands talk to the terminal: problems on stderr, summaries on stdout."""

from __future__ import annotations

import os
import sys
from typing import IO, TYPE_CHECKING, Any, NoReturn, cast

from plnpress.errors import Problem, ProblemsError

if TYPE_CHECKING:
    from rich.console import Console, RenderableType


class _MadeOnFirstUse:
    """Stands for a rich ``Console`` and makes it when first used: importing rich takes a
    sixtieth of a second, and a build writing its summary to a pipe needs none of it."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._console: Console | None = None

    def __getattr__(self, name: str) -> Any:
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._options)
        return getattr(self._console, name)


console = cast("Console", _MadeOnFirstUse(highlight=False, soft_wrap=True))
errors = cast("Console", _MadeOnFirstUse(stderr=True, highlight=False, soft_wrap=True))


UNWRAPPED = 1000
"""Columns a table may take when the output is not a terminal (a file, a pipe): a row per line,
addresses whole, for whoever reads it next."""


def print_table(table: RenderableType) -> None:
    """A rich table on stdout: as wide as the terminal, or unwrapped when there is none."""
    if console.is_terminal:
        console.print(table)
    else:  # a console's own width caps any width asked of print()
        from rich.console import Console

        Console(file=console.file, width=UNWRAPPED, highlight=False).print(table)


def print_problem(problem: Problem) -> None:
    if _plainly_not_a_terminal(sys.stderr):  # no colour to add: a blog brought from elsewhere
        sys.stderr.write(f"{problem}\n")  # may have thousands of warnings, and rich takes time
        return
    style = "red" if problem.is_error else "yellow"
    errors.print(str(problem), style=style, markup=False)


def print_summary(text: str) -> None:
    """The line a command ends with, on stdout."""
    if _plainly_not_a_terminal(sys.stdout):
        sys.stdout.write(f"{text}\n")
        return
    console.print(text, markup=False)


def _plainly_not_a_terminal(stream: IO[str]) -> bool:
    """True when rich would not colour ``stream`` either: no setting forces colour (rich reads
    these two) and it is no terminal. When in doubt, False: rich decides."""
    if "TTY_COMPATIBLE" in os.environ or "FORCE_COLOR" in os.environ:
        return False
    try:
        return not stream.isatty()
    except (AttributeError, ValueError):
        return False


def report_problems(exc: ProblemsError) -> None:
    for problem in exc.problems:
        print_problem(problem)
    errors.print(exc.summary, style="bold red", markup=False)


def fail(message: str) -> NoReturn:
    errors.print(f"Error: {message}", style="red", markup=False)
    sys.exit(1)
