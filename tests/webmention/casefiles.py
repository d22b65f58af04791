"""Read line-based case files from ``tests/webmention/cases/`` as pytest parameters.

Each non-blank line that does not start with ``#`` is one case; its pytest id is
``FILE:LINE`` plus the first field, so a failure points at the line to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest

CASES = Path(__file__).parent / "cases"


def read_cases(name: str, fields: int) -> list[object]:
    """The cases in `name`, each split on whitespace into at most `fields` fields."""
    params: list[object] = []
    lines = (CASES / name).read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = tuple(line.split(maxsplit=fields - 1))
        params.append(pytest.param(*parts, id=f"{name}:{number}:{parts[0]}"))
    return params
