"""Problems found in a writer's files, and the exception that carries them.

A build collects every problem it finds before giving up, so that one run shows the writer all of
them. Each problem is printed as ``path:line: message``, the form editors and terminals link.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in one file."""

    path: str
    """The file, relative to the blog folder, with forward slashes."""
    line: int | None
    """1-based line of the offending key or text, or None when the whole file is at fault."""
    message: str
    """What is wrong, naming the key and the value."""
    severity: Severity = Severity.ERROR
    once: bool = False
    """Said once for the whole blog: the same message about other files is counted, not
    repeated (see :func:`said_once`)."""

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        prefix = "warning: " if self.severity is Severity.WARNING else ""
        return f"{where}: {prefix}{self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


class PlnpressError(Exception):
    """Base class for errors caused by the writer's input, reported without a traceback."""


class ProblemsError(PlnpressError):
    """Raised when one or more problems stop the work; carries all of them."""

    def __init__(self, problems: Iterable[Problem], what: str = "Build") -> None:
        self.problems = tuple(problems)
        self.what = what
        super().__init__(self.summary)

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)

    @property
    def summary(self) -> str:
        count = len(self.errors)
        return f"{self.what} failed: {count} error{'s' if count != 1 else ''}"


class ProblemLog:
    """Collects problems while work goes on, so one bad file does not hide the others."""

    def __init__(self) -> None:
        self._problems: list[Problem] = []

    def error(self, path: str, line: int | None, message: str) -> None:
        self._problems.append(Problem(path, line, message))

    def warning(self, path: str, line: int | None, message: str, once: bool = False) -> None:
        """A warning; with ``once``, given once for the whole blog (see :func:`said_once`)."""
        self._problems.append(Problem(path, line, message, Severity.WARNING, once))

    def extend(self, problems: Iterable[Problem]) -> None:
        self._problems.extend(problems)

    @property
    def problems(self) -> tuple[Problem, ...]:
        return tuple(sorted(self._problems, key=_sort_key))

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self._problems)

    def raise_if_errors(self, what: str = "Build") -> None:
        if self.has_errors:
            raise ProblemsError(self.problems, what)


def said_once(problems: Iterable[Problem]) -> list[Problem]:
    """``problems`` with each ``once`` message kept at its first file (in path order) only,
    saying in how many other files it was found too."""
    problems = sorted(problems, key=_sort_key)
    first: dict[str, int] = {}
    repeats: dict[str, int] = {}
    kept: list[Problem] = []
    for problem in problems:
        if not problem.once:
            kept.append(problem)
        elif problem.message in first:
            repeats[problem.message] += 1
        else:
            first[problem.message] = len(kept)
            repeats[problem.message] = 0
            kept.append(problem)
    for message, index in first.items():
        n = repeats[message]
        if n:
            more = f" (and in {n} other file{'s' if n != 1 else ''})"
            kept[index] = replace(kept[index], message=message + more)
    return kept


def _sort_key(problem: Problem) -> tuple[str, int, str]:
    return (problem.path, problem.line or 0, problem.message)
