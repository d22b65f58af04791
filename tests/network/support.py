"""Helpers for the network tests: reading h-cards, running the command line."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from plnpress.cli.main import main
from tests.webmention.blogs import Ran


def first(item: dict[str, Any], name: str) -> Any:
    values = item["properties"].get(name, [])
    if not values:
        return None
    value = values[0]
    return value["value"] if isinstance(value, dict) and "value" in value else value


def h_cards(parsed: dict[str, Any]) -> list[dict[str, Any]]:
    """The top-level h-cards of a page except the blog's own (the footer card, marked by its
    u-uid), each simplified to ``{"name", "url", "photo", "note", "category"}``."""
    return [
        {
            "name": first(item, "name"),
            "url": first(item, "url"),
            "photo": first(item, "photo"),
            "note": first(item, "note"),
            "category": item["properties"].get("category", []),
        }
        for item in parsed["items"]
        if "h-card" in item["type"] and "uid" not in item["properties"]
    ]


def run_plnpress(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str
) -> Ran:
    """Run ``plnpress -C ROOT ARGS`` in this process, as a writer would; return what it printed."""
    capsys.readouterr()
    monkeypatch.setattr(sys, "argv", ["plnpress", "-C", str(root), *args])
    with pytest.raises(SystemExit) as exited:
        main()
    out, err = capsys.readouterr()
    code = exited.value.code
    return Ran(code if isinstance(code, int) else 1, out, err)
