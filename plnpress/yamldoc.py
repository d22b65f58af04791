"""YAML documents that remember where each key was written.

Config files and front matter are read with PyYAML's safe loader (the C one when available). Two
changes from plain ``yaml.safe_load``: dates stay text so that an impossible date such as
``2024-13-01`` reaches our own validation (PyYAML raises a bare ``ValueError`` for it), and every
key path is mapped to its line so that errors can name ``file:line``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

_BaseLoader: type[yaml.SafeLoader]
try:
    _BaseLoader = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader

KeyPath = tuple[str | int, ...]


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe loader that leaves timestamps as strings."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


class YamlSyntaxError(ValueError):
    """The text is not valid YAML; ``line`` is 1-based in the file."""

    def __init__(self, line: int | None, message: str) -> None:
        self.line = line
        self.message = message
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class YamlDocument:
    """A parsed document, plus the line each key (or list item) was written on."""

    data: Any
    lines: dict[KeyPath, int] = field(default_factory=dict)
    duplicates: tuple[tuple[KeyPath, int], ...] = ()
    non_text_keys: tuple[tuple[KeyPath, int], ...] = ()
    first_line: int = 1

    def line_of(self, path: KeyPath) -> int:
        """The line of ``path``, or of its nearest parent that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.first_line


def load_yaml(text: str, first_line: int = 1) -> YamlDocument:
    """Parse ``text``; ``first_line`` is the file line the text starts on."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark is not None else None
        reason = exc.problem or exc.context or "not valid YAML"
        raise YamlSyntaxError(line, f"invalid YAML: {reason}") from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(None, f"invalid YAML: {exc}") from None
    finally:
        loader.dispose()
    doc = YamlDocument(data=data, first_line=first_line)
    if node is not None:
        _index(node, (), first_line, doc)
    return doc


def _index(node: yaml.Node, path: KeyPath, first_line: int, doc: YamlDocument) -> None:
    duplicates: list[tuple[KeyPath, int]] = []
    non_text: list[tuple[KeyPath, int]] = []
    stack: list[tuple[yaml.Node, KeyPath]] = [(node, path)]
    while stack:
        current, here = stack.pop()
        if isinstance(current, yaml.MappingNode):
            for key_node, value_node in current.value:
                line = key_node.start_mark.line + first_line
                if (
                    not isinstance(key_node, yaml.ScalarNode)
                    or key_node.tag != "tag:yaml.org,2002:str"
                ):
                    non_text.append(((*here, str(key_node.value)), line))
                    continue
                key_path = (*here, key_node.value)
                if key_path in doc.lines:
                    duplicates.append((key_path, line))
                doc.lines[key_path] = line
                stack.append((value_node, key_path))
        elif isinstance(current, yaml.SequenceNode):
            for index, item in enumerate(current.value):
                item_path = (*here, index)
                doc.lines[item_path] = item.start_mark.line + first_line
                stack.append((item, item_path))
    object.__setattr__(doc, "duplicates", tuple(duplicates))
    object.__setattr__(doc, "non_text_keys", tuple(non_text))
