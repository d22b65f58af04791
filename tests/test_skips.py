"""The suite fails when a test is skipped for a reason not allowed in ``tests/skips.py``, under
``pytest -n 2`` as CI runs it; the allowed reason (``../shared`` absent) and xfail pass."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO
from tests.skips import SHARED_ABSENT

TESTS = f"""\
import pytest


def test_runs() -> None:
    assert True


def test_needs_shared() -> None:
    pytest.skip({SHARED_ABSENT!r})


@pytest.mark.xfail(reason="known", strict=True)
def test_known_failure() -> None:
    assert False
"""


def run_pytest(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tests.skips", "-p", "no:cacheprovider", *args],
        cwd=folder,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_skip_for_an_allowed_reason_passes(tmp_path: Path) -> None:
    (tmp_path / "test_fine.py").write_text(TESTS)
    result = run_pytest(tmp_path, "-n", "2")
    assert result.returncode == 0, result.stdout
    assert "1 passed, 1 skipped, 1 xfailed" in result.stdout


def test_a_skip_for_any_other_reason_fails_the_run(tmp_path: Path) -> None:
    (tmp_path / "test_fine.py").write_text(TESTS)
    (tmp_path / "test_quiet.py").write_text(
        "import pytest\n\n\n@pytest.mark.skipif(True, reason='threads are running')\n"
        "def test_parallel() -> None:\n    assert True\n\n\n"
        "def test_later() -> None:\n    pytest.skip('not today')\n"
    )
    (tmp_path / "test_module.py").write_text(
        "import pytest\n\npytest.skip('the whole file', allow_module_level=True)\n"
    )
    for args in ((), ("-n", "2")):
        result = run_pytest(tmp_path, *args)
        assert result.returncode == 1, result.stdout
        section = result.stdout.split("skipped without an allowed reason", 1)[1]
        assert "test_quiet.py::test_parallel: threads are running" in section
        assert "test_quiet.py::test_later: not today" in section
        assert "test_module.py: the whole file" in section
        assert "test_needs_shared" not in section and "test_known_failure" not in section
