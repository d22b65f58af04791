"""The documentation keeps up with the code: every setting and field is explained, and the
README's quick start is what CI runs."""

from __future__ import annotations

import dataclasses
import re

from plnpress.config.schema import SiteConfig
from plnpress.content.fields import EntryFields, PageFields
from plnpress.schema import Section
from tests.conftest import REPO


def _config_keys(schema: type, prefix: str = "") -> list[str]:
    keys = []
    for field in dataclasses.fields(schema):
        kind = field.metadata["kind"]
        if isinstance(kind, Section):
            keys += _config_keys(kind.schema, f"{prefix}{field.name}.")
        else:
            keys.append(prefix + field.name)
    return keys


def test_every_config_key_is_documented() -> None:
    text = (REPO / "docs/configuration.md").read_text()
    missing = [key for key in _config_keys(SiteConfig) if f"`{key}`" not in text]
    assert not missing, f"document these keys in docs/configuration.md: {missing}"


def test_every_front_matter_field_is_documented() -> None:
    text = (REPO / "docs/writing.md").read_text()
    fields = {f.name for f in dataclasses.fields(EntryFields)} | {
        f.name for f in dataclasses.fields(PageFields)
    }
    missing = sorted(name for name in fields if f"`{name}`" not in text)
    assert not missing, f"document these fields in docs/writing.md: {missing}"


def test_the_quick_start_has_two_commands_and_ci_runs_the_second() -> None:
    readme = (REPO / "README.md").read_text()
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None
    commands = [line for line in block.group(1).splitlines() if line.strip()]
    assert len(commands) == 2
    assert "plnpress build" in commands[0]
    ci = (REPO / ".ci/run").read_text()
    ci_commands = [
        line for line in ci.splitlines() if line.strip() and not line.lstrip().startswith("#")
    ]
    assert ci_commands == [f"exec {commands[1]}"]


def test_getting_started_lists_every_command_and_reaches_hearing_back() -> None:
    from tests.cli.test_commands import _commands

    text = (REPO / "docs/getting-started.md").read_text()
    table = text.split("## Every command", 1)[1]
    commands = [" ".join(c) for c in _commands() if c]
    leaves = [c for c in commands if not any(o.startswith(c + " ") for o in commands)]
    missing = [c for c in leaves if f"| `plnpress {c}" not in table]
    assert not missing, f"add these commands to the table in docs/getting-started.md: {missing}"
    hear_back = text.split("## 7. Hear back", 1)[1].split("## Every command", 1)[0]
    for step in ("webmention.io", "receive", "webmention pull", "webmention review", "build"):
        assert step in hear_back, step
