"""Run a test's function in a new Python process, where forking workers is always safe.

plnpress forks worker processes only when no other thread runs (a fork copies locks that other
threads may hold). A test process often has threads: pytest-xdist's own, or a server another test
left behind. Tests of parallel builds call :func:`in_fresh_process` so that they fork every time,
wherever they run, instead of skipping. The function is named by module and name, its arguments
and its result are pickled; the new process starts in the repository with this environment (the
pinned time, timezone and locale).
"""

from __future__ import annotations

import importlib
import pickle
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import ParamSpec, TypeVar

from plnpress.forking import can_fork

REPO = Path(__file__).resolve().parent.parent

P = ParamSpec("P")
T = TypeVar("T")


def in_fresh_process(function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """``function(*args, **kwargs)``, called in a new process with no thread but its main one."""
    with tempfile.TemporaryDirectory() as scratch:
        call, result = Path(scratch) / "call.pickle", Path(scratch) / "result.pickle"
        call.write_bytes(pickle.dumps((function.__module__, function.__qualname__, args, kwargs)))
        done = subprocess.run(
            [sys.executable, "-m", "tests.fresh_process", str(call), str(result)],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, f"the fresh process failed:\n{done.stdout}{done.stderr}"
        returned: T = pickle.loads(result.read_bytes())
        return returned


def _main(call: Path, result: Path) -> None:
    assert can_fork(), "a fresh process must be able to fork workers"
    module, name, args, kwargs = pickle.loads(call.read_bytes())
    function = getattr(importlib.import_module(module), name)
    result.write_bytes(pickle.dumps(function(*args, **kwargs)))


if __name__ == "__main__":
    _main(Path(sys.argv[1]), Path(sys.argv[2]))
