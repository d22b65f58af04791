"""Installing and running the generators plnpress is compared with, in the same run."""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

WORK = Path(__file__).resolve().parent.parent / ".work"


def pelican_python() -> Path:
    """A virtualenv with Pelican from PyPI (made once, under bench/.work/)."""
    venv = WORK / "pelican-venv"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "pelican[markdown]"], check=True)
    return python


def pelican_version(python: Path) -> str:
    return subprocess.run(
        [str(python), "-c", "import pelican; print(pelican.__version__)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def run_pelican(python: Path, project: Path, output: Path) -> None:
    shutil.rmtree(output, ignore_errors=True)
    subprocess.run(
        [str(python), "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", str(output), "-q"],
        cwd=project,
        check=True,
        capture_output=True,
    )


def run_plnpress(blog: Path, output: Path, *, clean: bool = True) -> None:
    if clean:
        shutil.rmtree(output, ignore_errors=True)
        shutil.rmtree(blog / ".plnpress-cache", ignore_errors=True)
    subprocess.run(
        [sys.executable, "-m", "plnpress", "-C", str(blog), "build", "--output", str(output)],
        check=True,
        capture_output=True,
    )


def median_seconds(action: Callable[[], None], runs: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times), times


def table(rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)
