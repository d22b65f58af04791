"""YAML documents that remember where each key was written.

Every YAML file plnpress reads (config, front matter, the files in ``content/mentions/``, the
blogroll) is read here, with PyYAML's safe loader (the C one when available). The changes from
plain ``yaml.safe_load``:

- dates stay text so that an impossible date such as ``2024-13-01`` reaches our own validation
  (PyYAML raises a bare ``ValueError`` for it);
- every key path is mapped to its line so that errors can name ``file:line``, and every error,
  a control character included, names the line;
- aliases (``*name``, which repeat an ``&name`` anchor) are counted before anything is built: a
  few of them save typing, but nested ones multiply (nine anchors of nine aliases each make 387
  million values, an "alias bomb") and an alias inside its own anchor makes a loop. A file may
  use at most `MAX_ALIASES` aliases repeating at most `MAX_REPEATED` values in all; the files
  plnpress writes itself use none.
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

MAX_ALIASES = 20
"""Most aliases one file may use: enough to repeat an author or a list, too few for a bomb."""
MAX_REPEATED = 1_000
"""Most values (scalars, lists, mappings) all the aliases of one file may repeat together."""


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe loader that leaves timestamps as strings."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


class YamlSyntaxError(ValueError):
    """The text is not valid YAML; ``line`` is 1-based in the file."""

    def __init__(self, line: int, message: str) -> None:
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


def load_yaml(text: str, first_line: int = 1, *, max_aliases: int = MAX_ALIASES) -> YamlDocument:
    """Parse ``text``; ``first_line`` is the file line the text starts on.

    Raises `YamlSyntaxError` (always with a line) for text that is not YAML, and for more than
    `max_aliases` aliases or aliases that repeat more than `MAX_REPEATED` values."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            _check_aliases(node, first_line, max_aliases)
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark is not None else first_line
        reason = exc.problem or exc.context or "not valid YAML"
        raise YamlSyntaxError(line, f"invalid YAML: {reason}") from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + first_line
        raise YamlSyntaxError(
            line,
            f"invalid YAML: the control character U+{exc.character:04X} is not allowed"
            " in YAML text (remove it)",
        ) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(first_line, f"invalid YAML: {exc}") from None
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


def _check_aliases(root: yaml.Node, first_line: int, max_aliases: int) -> None:
    """Refuse too many aliases, aliases that repeat too much, and an alias inside its anchor.

    A node reached a second time is an alias: the composer hands out the anchored node itself.
    The walk never enters a node twice, so it costs what the text costs, however much the
    aliases would repeat."""
    sizes: dict[int, int] = {}
    """id(node) -> how many values it holds, counting each alias inside it in full."""
    open_nodes: set[int] = set()
    aliases = repeated = 0
    stack: list[tuple[yaml.Node, int, bool]] = [(root, root.start_mark.line, False)]
    while stack:
        node, line, done = stack.pop()
        key = id(node)
        if done:
            open_nodes.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in _children(node))
            continue
        if key in open_nodes:
            raise _alias_error(line, first_line, "an alias inside its own anchor makes a loop")
        if key in sizes:
            aliases += 1
            repeated += sizes[key]
            if aliases > max_aliases or repeated > MAX_REPEATED:
                raise _alias_error(line, first_line, _too_many(max_aliases))
            continue
        if not isinstance(node, yaml.ScalarNode):
            open_nodes.add(key)
        sizes.setdefault(key, 1)
        stack.append((node, line, True))
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in reversed(node.value):
                here = key_node.start_mark.line
                stack.append((value_node, here, False))
                stack.append((key_node, here, False))
        elif isinstance(node, yaml.SequenceNode):
            for item in reversed(node.value):
                stack.append((item, max(line, item.start_mark.line), False))


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _too_many(max_aliases: int) -> str:
    if max_aliases == 0:
        return "aliases (*name) are not used in this file; write the values out"
    return (
        f"too many aliases (*name): a file may use {max_aliases}, repeating {MAX_REPEATED}"
        " values in all; write the values out"
    )


def _alias_error(line: int, first_line: int, message: str) -> YamlSyntaxError:
    return YamlSyntaxError(line + first_line, f"invalid YAML: {message}")
