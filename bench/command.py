"""``python -m plnpress`` run by a benchmark, stopping it with the output if it fails."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def run_plnpress(root: Path, *args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "plnpress", "-C", str(root), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"plnpress {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
