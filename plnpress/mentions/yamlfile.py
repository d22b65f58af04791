"""Reading and writing the YAML files in ``content/mentions/``: pretty, stable, atomic.

They are committed to git, so they are written for diffs: keys in a fixed order, one value per
line, multi-line text as ``|`` blocks, no line folding. They are written with
:func:`plnpress.atomic.write_if_changed`, so an interrupted pull never leaves half a file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from plnpress.errors import ProblemLog
from plnpress.yamldoc import MAX_ALIASES, YamlDocument, YamlSyntaxError, load_yaml


class _Dumper(yaml.SafeDumper):
    """Block style everywhere; multi-line strings as literal blocks."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Indent list items under their key, as people write them.
        super().increase_indent(flow, False)

    def ignore_aliases(self, data: Any) -> bool:
        # A value written twice is written out twice: these files are read with no aliases.
        return True


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def dump(data: Any, header: str) -> str:
    """`data` as YAML after a ``#`` comment `header` (one or more lines)."""
    comment = "".join(f"# {line}".rstrip() + "\n" for line in header.splitlines())
    body = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=1_000_000,
    )
    return comment + body


def read(
    path: Path, rel: str, log: ProblemLog, *, max_aliases: int = MAX_ALIASES
) -> YamlDocument | None:
    """Parse one file, reporting bad UTF-8, bad YAML and repeated keys as ``rel:line`` problems.

    The files plnpress writes itself are read with ``max_aliases=0``: it never writes one."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        log.error(rel, raw[: exc.start].count(b"\n") + 1, "is not valid UTF-8 text")
        return None
    try:
        doc = load_yaml(text, max_aliases=max_aliases)
    except YamlSyntaxError as exc:
        log.error(rel, exc.line, exc.message)
        return None
    for key_path, line in doc.duplicates:
        log.error(rel, line, f"{'.'.join(map(str, key_path))}: key appears twice")
    if doc.duplicates:
        return None
    return doc
