"""How long work tells the command line that it advances (the CLI draws a progress bar)."""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    """Told how the run advances, e.g. to draw a progress bar."""

    def begin(self, what: str, total: int) -> None:
        """A phase starts: `what` it does and how many steps it has."""

    def advance(self, steps: int = 1) -> None:
        """`steps` steps of the current phase are done."""


class Silent:
    """Progress nobody watches."""

    def begin(self, what: str, total: int) -> None:
        pass

    def advance(self, steps: int = 1) -> None:
        pass
