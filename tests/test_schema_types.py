"""``schema.option()`` is typed: a field whose kind does not give what its annotation says is a
mypy error, so a schema cannot promise one type and load another."""

from __future__ import annotations

from pathlib import Path

from mypy import api

PROBE = """\
from dataclasses import dataclass

from plnpress.schema import Bool, Int, ListOf, Text, option


@dataclass(frozen=True, slots=True)
class Fields:
    title: str = option(Text())
    tags: tuple[str, ...] = option(ListOf(Text()), default=())
    note: str | None = option(Text(), default=None)
    count: int = option(Int(minimum=1), default=1)
    wrong_kind: int = option(Text())
    wrong_default: bool = option(Bool(), default=None)
    wrong_items: tuple[int, ...] = option(ListOf(Text()), default=())
"""


def test_a_field_whose_kind_does_not_match_its_annotation_fails_mypy(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(PROBE)
    out, err, status = api.run(
        ["--strict", "--no-incremental", "--cache-dir", str(tmp_path / "cache"), str(probe)]
    )
    errors = sorted(
        line.split(": error: ", 1)[0].rsplit(":", 1)[1]
        for line in out.splitlines()
        if ": error: " in line
    )
    assert status == 1, out + err
    assert errors == ["12", "13", "14"], out  # the three wrong fields, and only they
