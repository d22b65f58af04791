"""``plnpress build`` loads only what the build needs: a warm build with nothing to render starts
no web server, HTTP client, file watcher, Markdown parser or highlighter, and none of the HTML
parsers ``plnpress check`` reads pages with."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import PINNED_EPOCH, MakeSite, build_blog
from tests.incremental.scratch import blog_files

HEAVY = (
    "uvicorn",
    "starlette",
    "watchdog",
    "httpx",
    "markdown_it",
    "pygments",
    "bs4",
    "html5lib",
    "mf2py",
)

PROBE = """\
import sys
from plnpress.cli.main import main
sys.argv = ["plnpress", "-C", sys.argv[1], "build"]
try:
    main()
except SystemExit as exit:
    print("modules:", " ".join(sorted(sys.modules)))
    raise
"""


def test_a_build_with_nothing_to_render_imports_nothing_heavy(make_site: MakeSite) -> None:
    root = make_site(blog_files())
    build_blog(root)

    env = {**os.environ, "SOURCE_DATE_EPOCH": PINNED_EPOCH}
    run = subprocess.run(
        [sys.executable, "-c", PROBE, str(root)], capture_output=True, text=True, env=env
    )

    assert run.returncode == 0, run.stderr
    assert "0 files written" in run.stdout
    modules = run.stdout.split("modules:", 1)[1].split()
    loaded = {name.split(".")[0] for name in modules}
    assert not loaded & set(HEAVY)
    assert "plnpress.build" in modules
