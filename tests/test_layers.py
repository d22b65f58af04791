"""The packages of plnpress depend one way, as ``docs/development.md`` draws them.

Every import in every module of ``plnpress/`` counts, including those inside functions (imported
late to keep ``plnpress build`` light) and those for type checking only: a module that needs
another only for its types still cannot be understood without it. Each top-level package or
module has a layer; it may import from the layers below its own, never from its own or above.
A new package must be given its place here (and in ``docs/development.md``).
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from pathlib import Path

from tests.conftest import REPO

PACKAGE = REPO / "plnpress"

LAYERS: tuple[frozenset[str], ...] = tuple(
    frozenset(layer.split())
    for layer in (
        "__main__",  # python -m plnpress
        "cli",  # the commands: flags over the functions below
        "server",  # plnpress server: one app for the receiver, Micropub and IndieAuth
        "serve check micropub importers",  # dev server, checks, posts from apps, importers
        "indieauth",  # signing in apps for the one writer, tokens
        "receiver",  # the Webmention receiver
        "webmention blogroll scaffold",  # network work and new files, never rendering pages
        "build",  # build(): one pass, top to bottom
        "incremental",  # the build cache and the forked workers
        "build_types search",  # BuildOptions, BuildResult, the state folder; the search index
        "render",  # the site model to pages, feeds and files, in memory
        "output",  # the one writer of site/
        "content",  # files under content/ (and their Markdown) into the model
        "mentions",  # stored responses in content/mentions/
        "model",  # frozen dataclasses
        "fetch images",  # the one guarded HTTP client; pictures made fit to publish (Pillow)
        "config",  # plnpress.yaml
        "schema clock yamledit atomic listening progress mf2 forking",  # helpers
        "yamldoc errors",
        "plnpress",  # the package itself: __version__
    )
)
"""From the top down: each may import only what is in a later line."""

FEATURES = frozenset(
    {"cli", "server", "serve", "receiver", "check", "micropub", "indieauth", "importers"}
    | {"webmention", "blogroll", "scaffold"}
    | {"build", "incremental", "build_types", "render", "output", "content", "mentions", "model"}
)
"""What ``fetch`` must not import: it is a leaf that features import."""


WEBMENTION_LAYERS: tuple[frozenset[str], ...] = tuple(
    frozenset(layer.split())
    for layer in (
        "send",  # webmention send, which also pings the hub
        "websub",  # plnpress ping
        "live",  # shared by the two above: --wait-live
        "notification entry_hash harvest",  # shared too; harvest stands alone
    )
)
"""The same rule inside :mod:`plnpress.webmention` (its ``__init__.py`` draws the map)."""


def test_every_package_points_only_down() -> None:
    assert _upward(LAYERS, _top) == []


def test_the_parts_of_webmention_point_only_down() -> None:
    assert _upward(WEBMENTION_LAYERS, _in_webmention) == []


def _upward(layers: tuple[frozenset[str], ...], part: Callable[[str], str | None]) -> list[str]:
    """Every import from a module of one part of ``layers`` to a part on its line or above."""
    layer_of = {name: depth for depth, layer in enumerate(layers) for name in layer}
    upward = []
    for module, imported, line in _imports():
        source, target = part(module), part(imported)
        if source is None or target is None or source == target:
            continue
        assert source in layer_of, f"{source} has no place in the layers: give it one"
        assert target in layer_of, f"{target} has no place in the layers: give it one"
        if layer_of[target] <= layer_of[source]:
            upward.append(f"{module}:{line} imports {imported} ({source} -> {target})")
    return upward


def test_every_package_has_a_place() -> None:
    placed = {name for layer in LAYERS for name in layer}
    found = {_top(module) for module, _ in _modules()}
    assert found == placed


def test_fetch_imports_no_feature_package() -> None:
    found = {
        f"{module} imports {imported}"
        for module, imported, _ in _imports()
        if _top(module) == "fetch" and _top(imported) in FEATURES
    }
    assert found == set()


def test_one_clock_and_one_atomic_writer() -> None:
    """The UTC clock is read in ``clock.py`` only, and temporary files are made and flushed to
    disk in ``atomic.py`` only: no private copy of either."""
    copies = []
    for module, tree in _modules():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = ast.unparse(node.func)
            utc_clock = name in {"datetime.now", "datetime.utcnow"} and (node.args or node.keywords)
            if (utc_clock or name == "datetime.utcnow") and module != "plnpress.clock":
                copies.append(f"{module}:{node.lineno}: {ast.unparse(node)}")
            writer = name in {"os.fsync", "tempfile.mkstemp", "tempfile.NamedTemporaryFile"}
            if writer and module != "plnpress.atomic":
                copies.append(f"{module}:{node.lineno}: {ast.unparse(node)}")
    assert copies == []


def _modules() -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(REPO).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        yield ".".join(parts), ast.parse(path.read_text(encoding="utf-8"), str(path))


def _imports() -> Iterator[tuple[str, str, int]]:
    """Every (module, module it imports from plnpress, line)."""
    for module, tree in _modules():
        is_package = (PACKAGE / Path(*module.split(".")[1:]) / "__init__.py").is_file()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if _ours(alias.name):
                        yield module, alias.name, node.lineno
            elif isinstance(node, ast.ImportFrom):
                base = _absolute(module, is_package, node)
                if not _ours(base):
                    continue
                if base == "plnpress":  # ``from plnpress import yamledit`` or ``__version__``
                    for alias in node.names:
                        named = f"plnpress.{alias.name}"
                        yield module, named if _exists(named) else base, node.lineno
                else:
                    yield module, base, node.lineno


def _absolute(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    parts = module.split(".")
    base = parts[: len(parts) - node.level + (1 if is_package else 0)]
    return ".".join([*base, *([node.module] if node.module else [])])


def _ours(name: str) -> bool:
    return name == "plnpress" or name.startswith("plnpress.")


def _exists(module: str) -> bool:
    path = PACKAGE.joinpath(*module.split(".")[1:])
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _in_webmention(module: str) -> str | None:
    """The part of :mod:`plnpress.webmention` a module is in (None: not in it, or its map)."""
    parts = module.split(".")
    return parts[2] if parts[:2] == ["plnpress", "webmention"] and len(parts) > 2 else None


def _top(module: str) -> str:
    """The top-level package or module (``plnpress`` for the package's own ``__init__``)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "plnpress"
