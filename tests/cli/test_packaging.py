"""``pip install`` of plnpress works outside this repository: the default theme ships inside."""

from __future__ import annotations

import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO


@pytest.mark.slow
def test_an_installed_wheel_builds_a_blog_anywhere(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(REPO)],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("plnpress-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "plnpress/themes/default/templates/base.html" in names
    assert "plnpress/themes/default/static/css/plnpress.css" in names
    assert "plnpress/py.typed" in names  # type checkers read plnpress's annotations (PEP 561)

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    # The dependencies come from this interpreter's site-packages (listed in a .pth file, so the
    # editable plnpress there is not picked up); plnpress itself comes from the wheel.
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    (Path(purelib) / "parent-deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", str(wheel)],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = subprocess.run(
        [str(python), "-c", "import plnpress.render.theme as t; print(t.bundled_themes())"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert where.startswith(str(venv)), where
    for args in (["init", "blog"], ["-C", "blog", "build"]):
        result = subprocess.run(
            [str(python), "-m", "plnpress", *args],
            cwd=elsewhere,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
    assert (elsewhere / "blog/site/css/plnpress.css").is_file()
    assert "Hello, world" in (elsewhere / "blog/site/index.html").read_text()
