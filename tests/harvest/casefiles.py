"""Read block case files from ``tests/harvest/cases/`` (the markdown-it-py fixture layout).

Each case is a title line, then the input and the expected output, each closed by a line holding
only ``.``::

    script tags go, with their content
    .
    <p>hi<script>alert(1)</script></p>
    .
    <p>hi</p>
    .

Lines starting with ``#`` between cases are comments. A case's pytest id is ``FILE:LINE:title``,
so a failure names the line to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest

CASES = Path(__file__).parent / "cases"


def read_blocks(name: str) -> list[object]:
    """The cases in `name` as ``pytest.param(input, expected, id=...)``."""
    lines = (CASES / name).read_text(encoding="utf-8").splitlines()
    params: list[object] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line.strip() or line.startswith("#"):
            index += 1
            continue
        title, number = line.strip(), index + 1
        parts: list[list[str]] = [[], []]
        index += 1
        assert lines[index] == ".", f"{name}:{index + 1}: expected '.' after the title"
        for part in parts:
            index += 1
            while lines[index] != ".":
                part.append(lines[index])
                index += 1
        index += 1
        given, expected = ("\n".join(part) for part in parts)
        params.append(pytest.param(given, expected, id=f"{name}:{number}:{title}"))
    return params
